/**
 * Display board entry: bundles the board's Arabic and English, loads the second language
 * this board was set up with (the board shows Arabic plus one of the eight: precached, so
 * offline too) before drawing, registers the service worker and mounts the board.
 */
import { render } from 'preact';
import '../shared/ui/base.css';
import './display.css';
import { createI18n } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import { registerServiceWorker } from '../shared/ui/registerServiceWorker.ts';
import { loadBoardSettings } from './boardSettings.ts';
import { DisplayApp } from './DisplayApp.tsx';

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/{ar,en}/{common,display}.json', { eager: true, import: 'default' }));
// The six other languages, one of which a board shows beside Arabic: each its own small chunk.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/*/{common,display}.json', { import: 'default' }));
// Started from a function, not with a top-level await: the bundler only merges shared
// chunks (and keeps lazily loaded ones lean) when no module awaits at the top level.
async function start(): Promise<void> {
  const i18n = await createI18n(resources, { lng: 'ar', defaultNS: 'display', ns: ['common', 'display'], load });
  const second = loadBoardSettings()?.secondLanguage;
  if (second) await i18n.loadLanguages(second);
  const sw = registerServiceWorker();

  const root = document.getElementById('app');
  if (root) {
    render(
      <I18nProvider i18n={i18n}>
        <DisplayApp sw={sw} />
      </I18nProvider>,
      root,
    );
  }
}

void start();
