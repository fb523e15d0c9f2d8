/**
 * Keeps the kiosk's copy of today's bookings and the office's sealing key fresh: on start,
 * every minute and when the network comes back. Failures are quiet: the last copy stays
 * in use, and check-in works from it offline.
 */
import { useEffect } from 'preact/hooks';
import { routes, send } from '../shared/api/contract.ts';
import { saveKioskDay, type DeviceDb } from '../shared/db/index.ts';

export const KIOSK_DAY_REFRESH_MS = 60_000;

export async function refreshKioskDay(db: DeviceDb, token: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<boolean> {
  try {
    const body = await send(routes.kioskDay, {}, { token, fetch: fetchImpl });
    if (!body || typeof body.sealKey !== 'string' || !Array.isArray(body.appointments) || typeof body.serviceDay !== 'string') return false;
    await saveKioskDay(db, { ...body, fetchedAt: Date.now() });
    return true;
  } catch {
    return false;
  }
}

export function useKioskDay(db: DeviceDb, token: string): void {
  useEffect(() => {
    const refresh = (): void => void refreshKioskDay(db, token);
    refresh();
    const timer = window.setInterval(refresh, KIOSK_DAY_REFRESH_MS);
    window.addEventListener('online', refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', refresh);
    };
  }, [db, token]);
}
