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
import { preloadQrCode } from '../shared/ui/QrCode.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { KioskApp, RESTING_LANGUAGE } from './KioskApp.tsx';

// Arabic (the resting language) and English (the fallback) come with the first screen;
// the other six load when a resident picks one (precached, so offline too).
const resources = resourcesFromGlob(
  import.meta.glob('../shared/i18n/locales/{ar,en}/{common,kiosk}.json', { eager: true, import: 'default' }),
);
// The service catalogue's names, documents and fees load in every language like the rest.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/*/{common,kiosk,services}.json', { import: 'default' }));
// Started from a function, not with a top-level await: the bundler only merges shared
// chunks (and keeps lazily loaded ones lean) when no module awaits at the top level.
async function start(): Promise<void> {
  const i18n = await createI18n(resources, { lng: RESTING_LANGUAGE, defaultNS: 'kiosk', ns: ['common', 'kiosk', 'services'], load });
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

  // Every ticket has a QR code: load its encoder once the first screen is up, not before.
  const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1000));
  idle(() => void preloadQrCode());
}

void start();
