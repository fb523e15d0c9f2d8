/**
 * The counter's first script: the loading line in the officer's last language at once,
 * then the terminal (counterRoot.tsx: database, machine, translations) as one lazy import.
 * The line is the one DeviceShell shows while the database opens, so the hand-over is not seen.
 */
import type { ComponentType } from 'preact';
import arCommon from '../../shared/i18n/locales/ar/common.json';
import enCommon from '../../shared/i18n/locales/en/common.json';
import { applyDocumentLanguage, savedStaffLanguage } from '../../shared/i18n/languages.ts';
import { LoadingScreen } from '../../shared/ui/LoadingScreen.tsx';
import type { ServiceWorkerHandle } from '../../shared/ui/registerServiceWorker.ts';
import { useLoadedApp } from '../../shared/ui/useLoadedApp.ts';
import type { CounterRootProps } from '../counterRoot.tsx';

const LANGUAGE_KEY = 'jawazat.counter.language';
const LOADING: Readonly<Record<string, string>> = { ar: arCommon.loading, en: enCommon.loading };

const language = savedStaffLanguage(LANGUAGE_KEY);
applyDocumentLanguage(language);

const loadCounterRoot = (): Promise<ComponentType<CounterRootProps>> =>
  import('../counterRoot.tsx').then((m) => m.loadCounterRoot(language, (lng) => localStorage.setItem(LANGUAGE_KEY, lng)));

export function CounterStart({ sw }: { sw: ServiceWorkerHandle | null }) {
  const Root = useLoadedApp(loadCounterRoot);
  return Root ? <Root sw={sw} /> : <LoadingScreen text={LOADING[language] ?? arCommon.loading} />;
}
