/**
 * Display board entry: registers the service worker and draws the loading line at once,
 * then the board (displayRoot.tsx: translations, database, sync) as one lazy import, as
 * the counter does. Kept small on purpose: everything this file imports statically is
 * downloaded before the first paint (test/e2e/bundle-size).
 */
import { render, type ComponentType } from 'preact';
import '../shared/ui/base.css';
import './display.css';
import arCommon from '../shared/i18n/locales/ar/common.json';
import { applyDocumentLanguage } from '../shared/i18n/languages.ts';
import { LoadingScreen } from '../shared/ui/LoadingScreen.tsx';
import { registerServiceWorker, type ServiceWorkerHandle } from '../shared/ui/registerServiceWorker.ts';
import { useLoadedApp } from '../shared/ui/useLoadedApp.ts';

// The board speaks Arabic first; its second language comes with the board.
applyDocumentLanguage('ar');

const loadBoard = (): Promise<ComponentType<{ sw: ServiceWorkerHandle | null }>> => import('./displayRoot.tsx').then((m) => m.loadDisplayRoot());

function DisplayStart({ sw }: { sw: ServiceWorkerHandle | null }) {
  const Root = useLoadedApp(loadBoard);
  return Root ? <Root sw={sw} /> : <LoadingScreen text={arCommon.loading} />;
}

const root = document.getElementById('app');
if (root) render(<DisplayStart sw={registerServiceWorker()} />, root);
