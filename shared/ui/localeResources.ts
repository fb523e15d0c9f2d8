/**
 * Turns an app's eagerly imported locale files into i18next resources. Each app writes
 * its own `import.meta.glob(...)` (Vite needs a literal pattern) naming only the
 * namespaces it uses, so the translations are inside the bundle and work offline.
 */
import type { Resource, ResourceLanguage } from 'i18next';

const LOCALE_PATH = /locales\/([a-z]{2,3})\/([A-Za-z0-9_-]+)\.json$/;

/**
 * `modules` is the result of
 * `import.meta.glob('../shared/i18n/locales/*\/{common,kiosk}.json', { eager: true, import: 'default' })`.
 */
export function resourcesFromGlob(modules: Record<string, unknown>): Resource {
  const resources: Record<string, ResourceLanguage> = {};
  for (const [path, content] of Object.entries(modules)) {
    const match = LOCALE_PATH.exec(path);
    if (!match || typeof content !== 'object' || content === null) continue;
    const [, lang = '', ns = ''] = match;
    const bundle = (resources[lang] ??= {});
    bundle[ns] = content as ResourceLanguage[string];
  }
  return resources;
}

/** Lazy locale modules, as `import.meta.glob(pattern)` (not eager) returns them. */
export type LocaleLoaders = Record<string, () => Promise<unknown>>;

/**
 * Finds the loader for one language and namespace among `loaders` (the result of a
 * non-eager `import.meta.glob` over the same locale files), or undefined.
 */
export function loaderFor(loaders: LocaleLoaders, lng: string, ns: string): (() => Promise<unknown>) | undefined {
  for (const [path, load] of Object.entries(loaders)) {
    const match = LOCALE_PATH.exec(path);
    if (match && match[1] === lng && match[2] === ns) return load;
  }
  return undefined;
}

/** A `load` for createI18n: the locale file of one language and namespace, or an error. */
export function namespaceLoader(loaders: LocaleLoaders): (lng: string, ns: string) => Promise<unknown> {
  return async (lng, ns) => {
    const load = loaderFor(loaders, lng, ns);
    if (!load) throw new Error(`no ${ns} strings for language ${lng}`);
    return load();
  };
}
