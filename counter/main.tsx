/**
 * Counter entry: bundles the counter's translations (Arabic and English, so it works
 * offline), registers the service worker and mounts the terminal in the officer's last
 * chosen language (Arabic by default).
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

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/{ar,en}/{common,counter}.json', { eager: true, import: 'default' }));
const saved = localStorage.getItem(LANGUAGE_KEY);
const lng = saved && (STAFF_LANGUAGES as readonly string[]).includes(saved) ? saved : 'ar';
// Service names (shared with the kiosk) and the transaction desk's words load as their own chunks.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/{ar,en}/{services,transaction}.json', { import: 'default' }));
const i18n = await createI18n(resources, { lng, defaultNS: 'counter', ns: ['common', 'counter', 'services', 'transaction'], load });
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
