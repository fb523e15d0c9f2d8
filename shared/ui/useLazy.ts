/**
 * Screens an app needs only sometimes (the counter's transaction desk, its call-out and transfer
 * dialog and lock screen, the console's figure views) load as their own chunks, keeping the first download within its
 * budget; the service worker has them precached, so they load offline too.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLatest } from './useLatest.ts';

/** A component loaded the first time it is `wanted` (then kept); null until it has loaded. */
export function useLazy<P>(wanted: boolean, load: () => Promise<ComponentType<P>>): ComponentType<P> | null {
  const [component, setComponent] = useState<ComponentType<P> | null>(null);
  const loader = useLatest(load);
  useEffect(() => {
    if (!wanted || component) return;
    let live = true;
    void loader.current().then((loaded) => {
      if (live) setComponent(() => loaded);
    });
    return () => {
      live = false;
    };
  }, [wanted, component, loader]);
  return component;
}
