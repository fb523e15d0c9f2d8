/**
 * The end of a run for one office: its simulated devices revoked by the supervisor through
 * the console's route (which also ends any session left on them), so today's live floor
 * does not list them as silent devices while their history stays; and the pilot's start
 * set to the first simulated day, in the office's configuration (nothing else changes).
 */
import type { Hono } from 'hono';
import { pilotOf, type OfficeConfig } from '../../shared/domain/office.ts';
import type { AppEnv } from '../http/context.ts';
import type { Store } from '../store/index.ts';
import type { OfficeRun } from './day.ts';
import { SupervisorDesk } from './sessions.ts';

export interface FinishContext {
  readonly store: Store;
  readonly app: Hono<AppEnv>;
  readonly clock: { now: number };
}

export async function finishOffice(ctx: FinishContext, office: OfficeRun, firstDay: string, endAt: number): Promise<void> {
  const supervisor = new SupervisorDesk(ctx.store, office.officeId);
  const token = await supervisor.token(endAt);
  ctx.clock.now = endAt;
  for (const device of [...office.kiosks, ...office.terminals.values(), ...office.boards]) {
    const r = await ctx.app.request(`/api/admin/devices/${device.deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`revoking ${device.label}: ${r.status} ${await r.text()}`);
  }
  await supervisor.signOut(endAt + 60_000);
  await ctx.store.tx(async (q) => {
    const rows = await q.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1 FOR UPDATE', [office.officeId]);
    const config = rows[0]?.config;
    if (!config) throw new Error(`office ${office.officeId} vanished`);
    const settings = { ...config.settings, pilot: { ...pilotOf(config.settings), startDate: firstDay } };
    await q.query('UPDATE offices SET config = $2::jsonb WHERE office_id = $1', [office.officeId, JSON.stringify({ ...config, settings })]);
  });
}
