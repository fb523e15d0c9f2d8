/**
 * Focus for a new screen, apart from hooks.ts (which reads the device database) so a
 * first screen that uses it does not download the database library.
 */
import { useEffect, useRef } from 'preact/hooks';

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
