/**
 * The resident's phone page behind the ticket's QR code (/t/<code>). No enrolment, no
 * install prompt: it only reads the ticket's public status. Its language is the phone's
 * own, among the kiosk's eight, and can be changed.
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './t.css';
import { createI18n, KIOSK_LANGUAGES, pickLanguage } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { storedLanguage } from './ticketStatus.ts';
import { TicketStatusApp } from './TicketStatusApp.tsx';

// English (the fallback) comes with the page; the phone's own language loads before the
// first render, and another one when the resident switches.
const resources = resourcesFromGlob(
  import.meta.glob('../shared/i18n/locales/en/{common,ticket}.json', { eager: true, import: 'default' }),
);
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/*/{common,ticket}.json', { import: 'default' }));
const lng = storedLanguage(KIOSK_LANGUAGES) ?? pickLanguage(navigator.languages ?? [navigator.language], KIOSK_LANGUAGES);
// Started from a function, not with a top-level await: the bundler only merges shared
// chunks (and keeps lazily loaded ones lean) when no module awaits at the top level.
async function start(): Promise<void> {
  const i18n = await createI18n(resources, { lng, defaultNS: 'ticket', ns: ['common', 'ticket'], load });
  // Lets the page open again with no signal in the mall; it never caches the ticket API.
  registerServiceWorker();

  const root = document.getElementById('app');
  if (root) {
    render(
      <I18nProvider i18n={i18n}>
        <TicketStatusApp />
      </I18nProvider>,
      root,
    );
  }
}

void start();
