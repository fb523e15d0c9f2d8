/**
 * For the tests that start a machine stranded (a step it waits in, with a context missing
 * what its calls need) and check nothing made up reaches the store: actors that record
 * what they are asked and never answer, a walk of every simple path of the officer's
 * events from the stranded step replayed on real actors, and where a call carries a
 * placeholder.
 */
import { getSimplePaths } from '@xstate/graph';
import { expect } from 'vitest';
import { createActor, fromPromise, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

/** Actors (`asks(name)`) that record what they are asked in `sent` and never answer. */
export function recorder() {
  const sent: Array<[string, unknown]> = [];
  const asks = <T, I>(name: string) => fromPromise<T, I>(({ input }) => (sent.push([name, input]), new Promise<T>(() => undefined)));
  return { sent, asks };
}

/**
 * Walks every simple path of `events` from the stranded snapshot (`stranded()` makes a
 * fresh one), replays each on a real actor of `logic` (then `settle`, e.g. timers run out),
 * and checks the actor is still running: a stranded step stays, nothing fails.
 */
export function walkStranded(logic: AnyStateMachine, input: unknown, stranded: () => AnyMachineSnapshot, events: readonly EventObject[], settle = (): void => undefined): void {
  const paths = getSimplePaths(logic, { input, fromState: stranded(), events, serializeState: (s) => JSON.stringify([s.value, s.context]) });
  expect(paths.length, 'the model has somewhere to go from the stranded step').toBeGreaterThan(1);
  for (const path of paths) {
    const actor = createActor(logic, { input, snapshot: stranded() }).start();
    for (const step of path.steps) if (step.event.type !== 'xstate.init') actor.send(step.event);
    settle();
    expect(actor.getSnapshot().status, 'the step stays (or moves on, or is cancelled); nothing fails').not.toBe('error');
    actor.stop();
  }
}

/** Where the calls `sent` carry a placeholder: an empty string, or what `also` says is one (by path, e.g. "act.counterId"). */
export function placeholders(sent: ReadonlyArray<[string, unknown]>, also: (at: string, value: unknown) => boolean = () => false): string[] {
  const find = (at: string, value: unknown): string[] => {
    if (value === '' || also(at, value)) return [at];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, inner]) => find(`${at}.${key}`, inner));
  };
  return sent.flatMap(([name, asked]) => find(name, asked));
}
