/**
 * One line that tells staff whether this device reaches the office server, how many
 * changes still wait to be sent, and any problem that needs a person (device removed,
 * update needed). Public screens pass `publicNote` to show only a calm offline note.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus } from '../device/syncClient.ts';
import { useT } from './I18nProvider.tsx';

export interface SyncBarProps {
  readonly status: SyncStatus;
  /** Residents' screens: only a neutral note while offline, nothing technical. */
  readonly publicNote?: string;
  /** Shown with a "device removed" problem, to enroll the device again. */
  readonly onEnrollAgain?: () => void;
}

/** `navigator.onLine`, live. */
export function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    const update = (): void => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function SyncBar({ status, publicNote, onEnrollAgain }: SyncBarProps) {
  const t = useT('common');
  const browserOnline = useBrowserOnline();
  const offline = !browserOnline || !status.online || status.problem === 'offline';
  const problem = status.problem && status.problem !== 'offline' ? status.problem : null;

  if (publicNote !== undefined) {
    return (
      <div class="sync-bar sync-bar--public" role="status" aria-live="polite">
        {offline ? publicNote : ''}
      </div>
    );
  }

  return (
    <div class={`sync-bar${offline ? ' sync-bar--offline' : ''}${problem ? ' sync-bar--problem' : ''}`} role="status" aria-live="polite">
      <span class="sync-bar__state">
        <span class="sync-bar__dot" aria-hidden="true" />
        {offline ? t('sync.offline') : t('sync.online')}
      </span>
      <span class="sync-bar__pending" data-testid="pending-count" data-count={status.pending}>
        {status.pending > 0 ? t('sync.pending', { count: status.pending }) : t('sync.allSent')}
      </span>
      {offline && status.pending > 0 && <span>{t('sync.savedHere')}</span>}
      {problem && (
        <span class="sync-bar__problem" role="alert">
          {t(`sync.problem.${problem}`)}
          {problem === 'device_revoked' && onEnrollAgain && (
            <button type="button" class="button button--small" onClick={onEnrollAgain}>
              {t('sync.enrollAgain')}
            </button>
          )}
        </span>
      )}
    </div>
  );
}
