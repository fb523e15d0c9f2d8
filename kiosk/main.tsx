/**
 * Kiosk entry: bundles the kiosk's translations (all eight languages, so it works
 * offline), registers the service worker and mounts the app in Arabic, the resting
 * language.
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './kiosk.css';
import './print.css';
import { createI18n } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { KioskApp, RESTING_LANGUAGE } from './KioskApp.tsx';

const resources = resourcesFromGlob(
  import.meta.glob('../shared/i18n/locales/*/{common,kiosk}.json', { eager: true, import: 'default' }),
);
const i18n = await createI18n(resources, { lng: RESTING_LANGUAGE, defaultNS: 'kiosk' });
const sw = registerServiceWorker();

const root = document.getElementById('app');
if (root) {
  render(
    <I18nProvider i18n={i18n}>
      <KioskApp sw={sw} />
    </I18nProvider>,
    root,
  );
}
