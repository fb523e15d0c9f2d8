/**
 * The frame around every console view's data: "loading" the first time, the server's
 * error in the reader's language, and, when a refresh fails, the last good data marked
 * as out of date rather than a blank page.
 */
import type { ComponentChildren } from 'preact';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { errorText } from '../adminErrors.ts';
import type { AdminData } from '../useAdminData.ts';

export interface DataStateProps {
  readonly state: AdminData<unknown>;
  readonly updatedLabel?: string | null;
  readonly children: ComponentChildren;
}

export function DataState({ state, updatedLabel, children }: DataStateProps) {
  const t = useT('admin');
  return (
    <div class="data-state" aria-busy={state.loading}>
      <div class="data-state__bar">
        {updatedLabel && <span class="muted" aria-live="off">{updatedLabel}</span>}
        <button type="button" class="button button--small" onClick={state.reload}>
          {t('reload')}
        </button>
      </div>
      {state.error && (
        <p class="error" role="alert">
          {errorText(t, state.error)}
          {state.data !== null && ` ${t('stale')}`}
        </p>
      )}
      {state.data === null && state.loading && <p>{t('loading')}</p>}
      {children}
    </div>
  );
}
