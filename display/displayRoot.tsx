/**
 * The board behind its first script (main.tsx), loaded as one lazy import: the board's
 * Arabic and English with it, the second language this board was set up with (the board
 * shows Arabic plus one of the eight: precached, so offline too) before it draws, and
 * through DisplayApp the device database and the sync loop.
 */
import type { FunctionComponent } from 'preact';
import { createI18n } from '../shared/i18n/index.ts';
import { I18nProvider } from '../shared/ui/I18nProvider.tsx';
import { namespaceLoader, resourcesFromGlob } from '../shared/ui/localeResources.ts';
import type { ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { loadBoardSettings } from './boardSettings.ts';
import { DisplayApp } from './DisplayApp.tsx';

export interface DisplayRootProps {
  readonly sw: ServiceWorkerHandle | null;
}

const resources = resourcesFromGlob(import.meta.glob('../shared/i18n/locales/{ar,en}/{common,display}.json', { eager: true, import: 'default' }));
// The six other languages, one of which a board shows beside Arabic: each its own small chunk.
const load = namespaceLoader(import.meta.glob('../shared/i18n/locales/*/{common,display}.json', { import: 'default' }));

/** Sets up the board's translations and returns the board, ready to render. */
export async function loadDisplayRoot(): Promise<FunctionComponent<DisplayRootProps>> {
  const i18n = await createI18n(resources, { lng: 'ar', defaultNS: 'display', ns: ['common', 'display'], load });
  const second = loadBoardSettings()?.secondLanguage;
  if (second) await i18n.loadLanguages(second);
  return function DisplayRoot({ sw }: DisplayRootProps) {
    return (
      <I18nProvider i18n={i18n}>
        <DisplayApp sw={sw} />
      </I18nProvider>
    );
  };
}
