/**
 * The figure views (floor, evaluation, scorecard, with the chart library), the Settings
 * and the Audit log views load as their own chunks: the console's first download stays
 * within its budget, and the service worker precaches the chunks for the next visit.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';

type ViewProps = { api: AdminApi };

const LOADERS: Record<'floor' | 'evaluation' | 'scorecard' | 'settings' | 'audit', () => Promise<ComponentType<ViewProps>>> = {
  floor: () => import('./floor/FloorView.tsx').then((m) => m.FloorView),
  evaluation: () => import('./evaluation/EvaluationView.tsx').then((m) => m.default),
  scorecard: () => import('./scorecard/ScorecardView.tsx').then((m) => m.default),
  settings: () => import('./settings/SettingsView.tsx').then((m) => m.SettingsView),
  audit: () => import('./audit/AuditView.tsx').then((m) => m.AuditView),
};

export function LazyView({ view, api }: { view: keyof typeof LOADERS; api: AdminApi }) {
  const t = useT('admin');
  const [loaded, setLoaded] = useState<{ view: string; component: ComponentType<ViewProps> } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    LOADERS[view]().then(
      (component) => live && setLoaded({ view, component }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [view]);
  if (failed) {
    return (
      <p class="error" role="alert">
        {t('errors.offline')}
      </p>
    );
  }
  if (!loaded || loaded.view !== view) return <p>{t('loading')}</p>;
  const View = loaded.component;
  return <View api={api} />;
}
