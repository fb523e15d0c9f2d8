/**
 * The frame every device app (kiosk, counter, display) runs in: opens the database,
 * shows the enrolment screen until the device is enrolled, starts the sync loop, and
 * keeps the storage banner on top. The app itself renders through `children(device)`,
 * again whenever a pull brings a new office configuration (the identity row is watched),
 * so a supervisor's change reaches the screens without a reload.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { getIdentity, observe, type DeviceDb, type DeviceIdentity } from '../db/index.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import type { SyncClient } from '../device/syncClient.ts';
import { openDevice, restartSync, startSync } from '../device/bootstrap.ts';
import type { EnrollScreenProps } from './EnrollScreen.tsx';
import { enrollCodeFromUrl } from './enrollCode.ts';
import { useLazy } from './useLazy.ts';
import { useT } from './I18nProvider.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { StorageBanner } from './StorageBanner.tsx';

export interface Device {
  readonly db: DeviceDb;
  readonly identity: DeviceIdentity;
  readonly sync: SyncClient;
  /** Shows the enrolment screen again (e.g. after the device was removed). */
  readonly enrollAgain: () => void;
}

type State =
  | { readonly kind: 'opening' }
  | { readonly kind: 'failed' }
  | { readonly kind: 'enroll'; readonly db: DeviceDb; readonly current: DeviceIdentity | undefined }
  | { readonly kind: 'ready'; readonly db: DeviceDb; readonly identity: DeviceIdentity; readonly sync: SyncClient };

const REOPEN_MS = 3000;

export interface DeviceShellProps {
  readonly role: DeviceRole;
  readonly children: (device: Device) => ComponentChildren;
  /**
   * Shown while the database opens instead of the loading line: the kiosk keeps the
   * resting screen it drew before this code had loaded, so nothing flickers.
   */
  readonly opening?: ComponentChildren;
}

export function DeviceShell({ role, children, opening }: DeviceShellProps) {
  const t = useT('common');
  const [state, setState] = useState<State>({ kind: 'opening' });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = async (): Promise<void> => {
      try {
        const { db, identity } = await openDevice(role);
        if (cancelled) return;
        if (!identity || identity.role !== role || enrollCodeFromUrl()) setState({ kind: 'enroll', db, current: identity });
        else setState({ kind: 'ready', db, identity, sync: startSync(db) });
      } catch (error) {
        console.error('opening the device database failed', error);
        if (cancelled) return;
        setState({ kind: 'failed' });
        timer = setTimeout(() => void open(), REOPEN_MS); // keep trying: the data is still there
      }
    };
    void open();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [role]);

  // The identity row changes when a pull brings a new configuration. Only the same
  // device's row is taken (enrolling again goes through the enrolment screen), and only
  // when its configuration really differs, so screens do not re-render for nothing.
  const readyDb = state.kind === 'ready' ? state.db : null;
  const readyDevice = state.kind === 'ready' ? state.identity.deviceId : null;
  useEffect(() => {
    if (!readyDb || !readyDevice) return;
    return observe(
      () => getIdentity(readyDb),
      (identity) => {
        if (!identity || identity.deviceId !== readyDevice) return;
        setState((s) =>
          s.kind === 'ready' && s.identity.deviceId === identity.deviceId && JSON.stringify(s.identity.config) !== JSON.stringify(identity.config)
            ? { ...s, identity }
            : s,
        );
      },
      (error) => console.error('watching the device identity failed', error),
    );
  }, [readyDb, readyDevice]);

  const onEnrolled = useCallback((db: DeviceDb, identity: DeviceIdentity) => {
    setState({ kind: 'ready', db, identity, sync: restartSync(db) });
  }, []);

  // The enrolment screen is needed once per device: its own chunk (precached, so offline too).
  const EnrollScreen = useLazy<EnrollScreenProps>(state.kind === 'enroll', () => import('./EnrollScreen.tsx').then((m) => m.EnrollScreen));
  const loading = <LoadingScreen text={t('loading')} />;

  let body: ComponentChildren;
  switch (state.kind) {
    case 'opening':
      body = opening ?? loading;
      break;
    case 'failed':
      body = loading;
      break;
    case 'enroll':
      body = !EnrollScreen ? loading : (
        <EnrollScreen
          db={state.db}
          role={role}
          current={state.current}
          onEnrolled={(identity) => onEnrolled(state.db, identity)}
          onCancel={() => {
            if (state.current?.role === role) setState({ kind: 'ready', db: state.db, identity: state.current, sync: startSync(state.db) });
          }}
        />
      );
      break;
    case 'ready':
      body = children({
        db: state.db,
        identity: state.identity,
        sync: state.sync,
        enrollAgain: () => setState({ kind: 'enroll', db: state.db, current: state.identity }),
      });
      break;
  }

  return (
    <>
      <StorageBanner />
      {body}
    </>
  );
}
