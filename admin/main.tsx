/**
 * Supervisor console entry: bundles its translations, registers the service worker (the
 * console's shell opens without a network and then says it needs one) and mounts the
 * console in the supervisor's last chosen language, Arabic by default.
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './admin.css';
import './accounts.css';
import { createI18n, STAFF_LANGUAGES } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { UpdatePrompt } from '../shared/ui/UpdatePrompt.tsx';
import { AdminApp } from './components/AdminApp.tsx';

const LANGUAGE_KEY = 'jawazat.admin.language';

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/{ar,en}/{common,admin}.json', { eager: true, import: 'default' }));
const saved = localStorage.getItem(LANGUAGE_KEY);
const lng = saved && (STAFF_LANGUAGES as readonly string[]).includes(saved) ? saved : 'ar';
// Service names (shared with kiosk and counter) load as their own chunk.
// So do the figure views' strings (the floor, the evaluation, the scorecard) and the
// settings and audit views' (adminConfig): fetched at start, outside the first download.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/{ar,en}/{services,pilot,adminConfig}.json', { import: 'default' }));
// Started from a function, not with a top-level await: the bundler only merges shared
// chunks (and keeps lazily loaded ones lean) when no module awaits at the top level.
async function start(): Promise<void> {
  const i18n = await createI18n(resources, { lng, defaultNS: 'admin', ns: ['common', 'admin', 'adminConfig', 'services', 'pilot'], load });
  i18n.on('languageChanged', (language: string) => localStorage.setItem(LANGUAGE_KEY, language));
  const sw = registerServiceWorker();

  const root = document.getElementById('app');
  if (root) {
    render(
      <I18nProvider i18n={i18n}>
        {/* The console keeps nothing unsent: an update is always safe. */}
        <UpdatePrompt sw={sw} canUpdate={async () => true} />
        <AdminApp />
      </I18nProvider>,
      root,
    );
  }
}

void start();
