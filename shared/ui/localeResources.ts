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
