/**
 * Registers the Workbox service worker (built by vite-plugin-pwa as /sw.js) once per page
 * and remembers whether a new version is waiting. The waiting version is only activated
 * on request (UpdatePrompt), never by itself: a device must not switch code in the middle
 * of a customer or with changes still to be sent.
 *
 * workbox-window is loaded after the first screen (a dynamic import), so it is not part of
 * what a device downloads before it can show anything; the handle exists at once and
 * queues what is asked of it until the library is there.
 */

export interface ServiceWorkerHandle {
  /** A new version is installed and waits for `applyUpdate()`. */
  isWaiting(): boolean;
  /** Calls `listener` now and whenever the waiting state changes. */
  subscribe(listener: (waiting: boolean) => void): () => void;
  /** Activates the waiting version and reloads the page once it controls it. */
  applyUpdate(): void;
  /** Checks the server for a new version. */
  checkForUpdate(): Promise<void>;
}

/** How often a long-running device (kiosk, board) looks for a new version. */
const UPDATE_CHECK_MS = 30 * 60_000;

let handle: ServiceWorkerHandle | null = null;

/**
 * Registers /sw.js (production builds in browsers that support it). Returns null where
 * there is no service worker: the app still works online.
 */
export function registerServiceWorker(): ServiceWorkerHandle | null {
  if (handle) return handle;
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;

  let waiting = false;
  let requested = false;
  let reloading = false;
  const listeners = new Set<(waiting: boolean) => void>();
  const setWaiting = (value: boolean): void => {
    waiting = value;
    for (const l of listeners) l(value);
  };
  const ready = import('workbox-window').then(({ Workbox }) => {
    const box = new Workbox('/sw.js', { scope: '/' });
    // Listeners go on before register(): a version already waiting is reported at once.
    box.addEventListener('waiting', () => setWaiting(true));
    box.addEventListener('controlling', (event) => {
      // Only reload for an update this page asked for: not the first install, and not an
      // update another tab applied while this one may be in the middle of something.
      if (requested && event.isUpdate !== false && !reloading) {
        reloading = true;
        window.location.reload();
      }
    });
    box.register().catch((error: unknown) => console.error('service worker registration failed', error));
    const timer = setInterval(() => void box.update().catch(() => undefined), UPDATE_CHECK_MS);
    window.addEventListener('pagehide', () => clearInterval(timer), { once: true });
    return box;
  });
  ready.catch((error: unknown) => console.error('service worker library failed to load', error));

  handle = {
    isWaiting: () => waiting,
    subscribe(listener) {
      listeners.add(listener);
      listener(waiting);
      return () => listeners.delete(listener);
    },
    applyUpdate() {
      requested = true;
      void ready.then((box) => box.messageSkipWaiting());
    },
    checkForUpdate: () => ready.then((box) => box.update()).catch(() => undefined),
  };
  return handle;
}
