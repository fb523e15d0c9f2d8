/**
 * The fonts for every script the apps show, shipped with the app (the @fontsource Noto
 * families, woff2, precached by the service worker) so an offline kiosk with no system
 * fonts still renders Urdu, Hindi, Bengali and Malayalam. Each script's faces load when
 * a screen first needs them, never with the first JavaScript: Vite turns each import
 * below into its own CSS file, and a browser fetches a face only for text it draws.
 */
type Loader = () => Promise<unknown>;

const latin: Loader = () => Promise.all([import('@fontsource/noto-sans/latin-400.css'), import('@fontsource/noto-sans/latin-700.css')]);

const SCRIPT_FONTS: Readonly<Record<string, Loader>> = {
  ar: () => Promise.all([import('@fontsource/noto-sans-arabic/arabic-400.css'), import('@fontsource/noto-sans-arabic/arabic-700.css')]),
  ur: () => Promise.all([import('@fontsource/noto-nastaliq-urdu/arabic-400.css'), import('@fontsource/noto-nastaliq-urdu/arabic-700.css')]),
  hi: () => Promise.all([import('@fontsource/noto-sans-devanagari/devanagari-400.css'), import('@fontsource/noto-sans-devanagari/devanagari-700.css')]),
  bn: () => Promise.all([import('@fontsource/noto-sans-bengali/bengali-400.css'), import('@fontsource/noto-sans-bengali/bengali-700.css')]),
  ml: () => Promise.all([import('@fontsource/noto-sans-malayalam/malayalam-400.css'), import('@fontsource/noto-sans-malayalam/malayalam-700.css')]),
  en: latin,
  tl: latin,
  id: latin,
};

const loaded = new Map<string, Promise<unknown>>();

/** Makes the faces of `language`'s script (and Latin, for numbers) available; idempotent. */
export function loadFontsFor(language: string): Promise<unknown> {
  const base = language.split('-')[0] ?? language;
  const wanted = [base, 'en'];
  return Promise.all(
    wanted.map((lng) => {
      const load = SCRIPT_FONTS[lng];
      if (!load) return Promise.resolve();
      let promise = loaded.get(lng);
      if (!promise) {
        promise = load().catch(() => loaded.delete(lng)); // offline before precaching: try again next time
        loaded.set(lng, promise);
      }
      return promise;
    }),
  );
}
