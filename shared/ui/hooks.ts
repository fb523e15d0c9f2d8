/**
 * Preact hooks over the device database, the sync client and XState machines. Every
 * subscription is undone when the component unmounts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { createActor, type ActorOptions, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import { observe, type DeviceDb } from '../db/index.ts';
import type { SyncClient, SyncStatus } from '../sync/client.ts';

/** Re-renders with the query's result whenever the data it read changes. */
export function useObserve<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
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

/**
 * Runs an XState machine for the component's lifetime (the actor is stopped on
 * unmount) and re-renders on every snapshot. Returns [snapshot, send].
 */
export function useMachine<M extends AnyStateMachine>(
  machine: M,
  options?: ActorOptions<M>,
): [SnapshotFrom<M>, (event: EventFromLogic<M>) => void] {
  const [actor] = useState(() => createActor(machine, options));
  const [snapshot, setSnapshot] = useState<SnapshotFrom<M>>(() => actor.getSnapshot());
  useEffect(() => {
    const subscription = actor.subscribe((next) => setSnapshot(next));
    actor.start();
    setSnapshot(actor.getSnapshot());
    return () => {
      subscription.unsubscribe();
      actor.stop();
    };
  }, [actor]);
  return [snapshot, (event) => actor.send(event)];
}

/**
 * Moves keyboard and screen-reader focus to the element (usually a screen's heading)
 * when it mounts, so a person using a keyboard starts on the new screen.
 */
export function useFocusOnMount<T extends HTMLElement>(): { current: T | null } {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
