/**
 * Counter entry: bundles the counter's Arabic (the office's language, shown first), loads
 * English when an officer chooses it (precached by the service worker, so offline too),
 * registers the service worker and mounts the terminal in the officer's last chosen language.
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './counter.css';
import { createI18n, STAFF_LANGUAGES } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { CounterApp } from './components/CounterApp.tsx';

const LANGUAGE_KEY = 'jawazat.counter.language';

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/ar/{common,counter}.json', { eager: true, import: 'default' }));
const saved = localStorage.getItem(LANGUAGE_KEY);
const lng = saved && (STAFF_LANGUAGES as readonly string[]).includes(saved) ? saved : 'ar';
// English, service names (shared with the kiosk) and the transaction desk's words load as their own chunks.
const load = namespaceLoader(
  import.meta.glob(['../shared/i18n/locales/{ar,en}/{services,transaction}.json', '../shared/i18n/locales/en/{common,counter}.json'], { import: 'default' }),
);
// Started from a function, not with a top-level await: the bundler only merges shared
// chunks (and keeps lazily loaded ones lean) when no module awaits at the top level.
async function start(): Promise<void> {
  // Arabic is complete, so it is the fallback: an Arabic screen never waits for English.
  const i18n = await createI18n(resources, { lng, fallbackLng: 'ar', defaultNS: 'counter', ns: ['common', 'counter', 'services', 'transaction'], load });
  i18n.on('languageChanged', (language: string) => localStorage.setItem(LANGUAGE_KEY, language));
  const sw = registerServiceWorker();

  const root = document.getElementById('app');
  if (root) {
    render(
      <I18nProvider i18n={i18n}>
        <CounterApp sw={sw} />
      </I18nProvider>,
      root,
    );
  }
}

void start();
