/**
 * Runs the counter machine for one enrolled device and re-renders on every snapshot.
 * The actor lives as long as the component; unmounting stops it (and with it every
 * subscription its actors opened).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createActor } from 'xstate';
import { counterMachine, type CounterActorRef, type CounterSnapshot } from '../shared/machines/counterMachine.ts';
import type { Device } from '../shared/ui/DeviceShell.tsx';
import { createCounterApi } from './counterApi.ts';
import { counterActors } from './counterActors.ts';

export function useCounterMachine(device: Device): [CounterSnapshot, CounterActorRef] {
  const { settings } = device.identity.config;
  // A configuration pulled while the officer works (new sections, fees) must not restart
  // the machine: it is made again only when what it runs on changes.
  const runsOn = JSON.stringify([settings.idleLockMinutes, settings.queue ?? null]);
  const actor = useMemo(() => {
    const { db, sync, identity } = device;
    const api = createCounterApi(identity.token);
    const machine = counterMachine.provide({ actors: counterActors({ db, sync, api, settings: identity.config.settings }) });
    return createActor(machine, { input: { settings: identity.config.settings } });
  }, [device.db, device.identity.token, runsOn]);

  const [snapshot, setSnapshot] = useState<CounterSnapshot>(() => actor.getSnapshot());
  useEffect(() => {
    const subscription = actor.subscribe({
      next: setSnapshot,
      error: (error) => console.error('counter machine failed', error),
    });
    actor.start();
    setSnapshot(actor.getSnapshot());
    return () => {
      subscription.unsubscribe();
      actor.stop();
    };
  }, [actor]);
  return [snapshot, actor];
}
