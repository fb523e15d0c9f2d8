/**
 * Two small hooks for effects that subscribe once (apart from hooks.ts, which brings the
 * device database: the phone's page and the console use these without it).
 */
import { useEffect, useRef } from 'preact/hooks';

/**
 * A ref holding the value of the latest render. An effect that subscribes once reads
 * callbacks through it: never a stale closure, and no unsubscribing on every render.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** Runs once when the component mounts, with that first render's values (a code in the address used at once, a first load). */
export function useMountEffect(effect: () => void | (() => void)): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once, by definition
  useEffect(effect, []);
}
