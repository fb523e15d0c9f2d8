/**
 * Loads one thing from the admin API, optionally again every few seconds, and keeps the
 * last good answer on screen when a refresh fails (the screen then says it is out of
 * date instead of going blank). Timers stop when the component unmounts.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AdminApiError } from './adminApi.ts';

export interface AdminData<T> {
  readonly data: T | null;
  readonly error: AdminApiError | null;
  readonly loading: boolean;
  /** When the shown data arrived. */
  readonly updatedAt: number | null;
  readonly reload: () => void;
}

export function useAdminData<T>(load: () => Promise<T>, refreshMs?: number): AdminData<T> {
  const [state, setState] = useState<Omit<AdminData<T>, 'reload'>>({ data: null, error: null, loading: true, updatedAt: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const mounted = useRef(true);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => {
        if (mounted.current && mine === generation.current) setState({ data, error: null, loading: false, updatedAt: Date.now() });
      },
      (error: unknown) => {
        const e = error instanceof AdminApiError ? error : new AdminApiError('unexpected', String(error), 0);
        if (mounted.current && mine === generation.current) setState((s) => ({ ...s, error: e, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    reload();
    const id = refreshMs ? setInterval(reload, refreshMs) : undefined;
    const onOnline = (): void => reload();
    window.addEventListener('online', onOnline);
    return () => {
      mounted.current = false;
      clearInterval(id);
      window.removeEventListener('online', onOnline);
    };
  }, [reload, refreshMs]);

  return { ...state, reload };
}
