/**
 * A device's heartbeat: its health (outbox depth, oldest unsent change, app version), its
 * clock measured against the store's, and its presence. Presence is kept as periods, not
 * as one row per beat: a beat within PRESENCE_TIMEOUT_MS of the last one (same officer
 * session) extends the open period, anything else starts a new one, so six months of a
 * device's life are a few hundred rows and the gaps between them are its offline periods.
 */
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import type { HeartbeatRequest, HeartbeatResponse } from '../../shared/sync/protocol.ts';
import type { AuthDevice } from '../http/context.ts';
import type { Queryable } from '../store/index.ts';

/** Records one heartbeat of `device`, received at `now` (server ms). */
export async function recordHeartbeat(q: Queryable, device: AuthDevice, beat: HeartbeatRequest, now: number): Promise<HeartbeatResponse> {
  const clockOffsetMs = now - beat.deviceTime;
  // Only a session this terminal really holds counts: a beat cannot put an officer at a counter.
  const session = beat.sessionId && device.role === 'counter'
    ? (await q.query<{ counter_id: number }>(
        `SELECT counter_id FROM officer_sessions
          WHERE office_id = $1 AND session_id = $2 AND device_id = $3 AND ended_at IS NULL`,
        [device.officeId, beat.sessionId, device.deviceId],
      ))[0]
    : undefined;
  const sessionId = session && beat.sessionId ? beat.sessionId.toLowerCase() : null;
  const counterId = session?.counter_id ?? null;
  await q.query(
    `INSERT INTO device_status (office_id, device_id, reported_at, app_version, outbox_depth, oldest_unsent_at, clock_offset_ms, session_id, counter_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (office_id, device_id) DO UPDATE SET reported_at = EXCLUDED.reported_at, app_version = EXCLUDED.app_version,
       outbox_depth = EXCLUDED.outbox_depth, oldest_unsent_at = EXCLUDED.oldest_unsent_at, clock_offset_ms = EXCLUDED.clock_offset_ms,
       session_id = EXCLUDED.session_id, counter_id = EXCLUDED.counter_id`,
    [device.officeId, device.deviceId, new Date(now), beat.appVersion, beat.outboxDepth, beat.oldestUnsentAt, clockOffsetMs, sessionId, counterId],
  );
  const last = (await q.query<{ started_at: Date; last_at: Date; session_id: string | null }>(
    `SELECT started_at, last_at, session_id FROM device_presence
      WHERE office_id = $1 AND device_id = $2 ORDER BY started_at DESC LIMIT 1`,
    [device.officeId, device.deviceId],
  ))[0];
  if (last && now - last.last_at.getTime() <= PRESENCE_TIMEOUT_MS && last.session_id === sessionId && now >= last.last_at.getTime()) {
    await q.query('UPDATE device_presence SET last_at = $4 WHERE office_id = $1 AND device_id = $2 AND started_at = $3', [
      device.officeId,
      device.deviceId,
      last.started_at,
      new Date(now),
    ]);
  } else if (!last || now > last.last_at.getTime()) {
    // A new period; the previous one (if any) ends where it was last heard from.
    await q.query(
      `INSERT INTO device_presence (office_id, device_id, started_at, last_at, session_id, counter_id)
       VALUES ($1, $2, $3, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [device.officeId, device.deviceId, new Date(now), sessionId, counterId],
    );
  }
  return { serverTime: now, clockOffsetMs };
}
