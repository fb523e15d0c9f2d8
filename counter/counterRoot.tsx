/**
 * The counter terminal behind its first script (CounterStart), loaded as one lazy import:
 * the counter's Arabic (the office's language) with it, English when an officer chooses
 * it, i18next, and through CounterApp the device database, the sync loop and the counter
 * machine. All precached by the service worker, so offline too.
 */
import type { FunctionComponent } from 'preact';
import { createI18n } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { CounterApp } from './components/CounterApp.tsx';

export interface CounterRootProps {
  readonly sw: ServiceWorkerHandle | null;
}

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/ar/{common,counter}.json', { eager: true, import: 'default' }));
// English, service names (shared with the kiosk) and the transaction desk's words load as their own chunks.
const load = namespaceLoader(
  import.meta.glob(['../shared/i18n/locales/{ar,en}/{services,transaction}.json', '../shared/i18n/locales/en/{common,counter}.json'], { import: 'default' }),
);

/** Sets up the translations in `language` and returns the terminal, ready to render. */
export async function loadCounterRoot(language: string, remember: (language: string) => void): Promise<FunctionComponent<CounterRootProps>> {
  // Arabic is complete, so it is the fallback: an Arabic screen never waits for English.
  const i18n = await createI18n(resources, { lng: language, fallbackLng: 'ar', defaultNS: 'counter', ns: ['common', 'counter', 'services', 'transaction'], load });
  i18n.on('languageChanged', remember);
  return function CounterRoot({ sw }: CounterRootProps) {
    return (
      <I18nProvider i18n={i18n}>
        <CounterApp sw={sw} />
      </I18nProvider>
    );
  };
}
