/**
 * Preact hooks over the device database and the sync client. Every subscription is undone
 * when the component unmounts. (XState's hook is in useMachine.ts, so apps without a
 * machine, the board, do not download XState.)
 */
import { useEffect, useState } from 'preact/hooks';
import { observe, type DeviceDb } from '../db/index.ts';
import type { SyncClient, SyncStatus } from '../device/syncClient.ts';

/** Re-renders with the query's result whenever the data it read changes. */
export function useObserve<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  // The caller lists what its query reads; the lint checks those lists at each call (additionalHooks in eslint.config.js).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => observe(query, setValue, (e) => console.error('observe failed', e)), deps);
  return value;
}

export function useSyncStatus(client: SyncClient): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(client.status());
  useEffect(() => client.subscribe(setStatus), [client]);
  return status;
}

/** Current time, re-rendered every `everyMs` (for clocks and "waiting for 5 min" labels). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export type { DeviceDb };
export { useFocusOnMount } from './useFocusOnMount.ts';

