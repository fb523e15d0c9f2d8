/**
 * The app behind a small first script: an app entry draws its first screen at once and
 * loads the rest (device database, machines, translations) as one lazy import, which the
 * service worker has precached, so offline too. A load that fails (a chunk that could not
 * be read) is tried again rather than leaving the first screen with nothing behind it.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLatest } from './useLatest.ts';

/** How long to wait before trying a failed load again. */
export const RELOAD_APP_MS = 2000;

/** The loaded app component, or null until `load` has resolved once. */
export function useLoadedApp<P>(load: () => Promise<ComponentType<P>>, retryMs = RELOAD_APP_MS): ComponentType<P> | null {
  const [app, setApp] = useState<ComponentType<P> | null>(null);
  const loader = useLatest(load);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = (): void => {
      loader.current().then(
        (loaded) => {
          if (live) setApp(() => loaded);
        },
        (error: unknown) => {
          console.error('loading the app failed; trying again', error);
          if (live) timer = setTimeout(attempt, retryMs);
        },
      );
    };
    attempt();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [loader, retryMs]);
  return app;
}
