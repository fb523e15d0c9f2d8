import { useEffect, useState } from 'preact/hooks';
import { createActor, type ActorOptions, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';

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
