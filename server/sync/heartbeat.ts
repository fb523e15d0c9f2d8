/**
 * A device's heartbeat: its health (outbox depth, oldest unsent change, app version), its
 * clock measured against the store's, and its presence. Presence is kept as periods, not
 * as one row per beat: a beat within PRESENCE_TIMEOUT_MS of the last one (same officer
 * session) extends the open period, anything else starts a new one, so six months of a
 * device's life are a few hundred rows and the gaps between them are its offline periods.
 * Beats of one device can be taken together (the pilot simulator replays months of them):
 * the same rules, worked out in memory, then a few statements.
 */
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import type { HeartbeatRequest, HeartbeatResponse } from '../../shared/sync/protocol.ts';
import type { AuthDevice } from '../http/context.ts';
import type { Queryable, SqlParam } from '../store/index.ts';
import { multiRowInsert } from '../store/sql.ts';
import { noteRestoreIfBehind } from './restore.ts';

interface Period {
  startedAt: number;
  lastAt: number;
  sessionId: string | null;
  counterId: number | null;
  /** Already in the table (to be extended), or new (to be inserted). */
  stored: boolean;
}

/** Records one heartbeat of `device`, received at `now` (server ms). */
export async function recordHeartbeat(q: Queryable, device: AuthDevice, beat: HeartbeatRequest, now: number): Promise<HeartbeatResponse> {
  return (await recordHeartbeats(q, device, [{ beat, now }]))[0] ?? { serverTime: now, clockOffsetMs: now - beat.deviceTime };
}

/** Records beats of one device, in the order received (each `now` no earlier than the one before). */
export async function recordHeartbeats(q: Queryable, device: AuthDevice, beats: readonly { beat: HeartbeatRequest; now: number }[]): Promise<HeartbeatResponse[]> {
  const last = beats.at(-1);
  if (!last) return [];
  // Only a session this terminal really holds counts: a beat cannot put an officer at a counter.
  const sessions = new Map<string, number | null>();
  for (const { beat } of beats) {
    const id = beat.sessionId?.toLowerCase();
    if (!id || sessions.has(id) || device.role !== 'counter') continue;
    const row = (await q.query<{ counter_id: number }>(
      'SELECT counter_id FROM officer_sessions WHERE office_id = $1 AND session_id = $2 AND device_id = $3 AND ended_at IS NULL',
      [device.officeId, id, device.deviceId],
    ))[0];
    sessions.set(id, row?.counter_id ?? null);
  }
  const sessionOf = (beat: HeartbeatRequest): { sessionId: string | null; counterId: number | null } => {
    const id = beat.sessionId?.toLowerCase();
    const counterId = id ? sessions.get(id) : null;
    return id && counterId !== null && counterId !== undefined ? { sessionId: id, counterId } : { sessionId: null, counterId: null };
  };

  const stored = (await q.query<{ started_at: Date; last_at: Date; session_id: string | null; counter_id: number | null }>(
    `SELECT started_at, last_at, session_id, counter_id FROM device_presence
      WHERE office_id = $1 AND device_id = $2 ORDER BY started_at DESC LIMIT 1`,
    [device.officeId, device.deviceId],
  ))[0];
  let open: Period | null = stored
    ? { startedAt: stored.started_at.getTime(), lastAt: stored.last_at.getTime(), sessionId: stored.session_id, counterId: stored.counter_id, stored: true }
    : null;
  const extended = new Set<Period>();
  const added: Period[] = [];
  for (const { beat, now } of beats) {
    const { sessionId, counterId } = sessionOf(beat);
    if (open && now >= open.lastAt && now - open.lastAt <= PRESENCE_TIMEOUT_MS && open.sessionId === sessionId) {
      open.lastAt = now;
      if (open.stored) extended.add(open);
    } else if (!open || now > open.lastAt) {
      // A new period; the previous one (if any) ends where it was last heard from.
      open = { startedAt: now, lastAt: now, sessionId, counterId, stored: false };
      added.push(open);
    }
  }
  for (const p of extended) {
    await q.query('UPDATE device_presence SET last_at = $4 WHERE office_id = $1 AND device_id = $2 AND started_at = $3', [
      device.officeId, device.deviceId, new Date(p.startedAt), new Date(p.lastAt),
    ]);
  }
  const COLUMNS = ['office_id', 'device_id', 'started_at', 'last_at', 'session_id', 'counter_id'] as const;
  for (let i = 0; i < added.length; i += 500) {
    const part = added.slice(i, i + 500);
    const params: SqlParam[] = part.flatMap((p) => [device.officeId, device.deviceId, new Date(p.startedAt), new Date(p.lastAt), p.sessionId, p.counterId]);
    await q.query(`${multiRowInsert('device_presence', COLUMNS, {}, part.length)} ON CONFLICT DO NOTHING`, params);
  }

  const { beat, now } = last;
  const { sessionId, counterId } = sessionOf(beat);
  await q.query(
    `INSERT INTO device_status (office_id, device_id, reported_at, app_version, outbox_depth, oldest_unsent_at, clock_offset_ms, session_id, counter_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (office_id, device_id) DO UPDATE SET reported_at = EXCLUDED.reported_at, app_version = EXCLUDED.app_version,
       outbox_depth = EXCLUDED.outbox_depth, oldest_unsent_at = EXCLUDED.oldest_unsent_at, clock_offset_ms = EXCLUDED.clock_offset_ms,
       session_id = EXCLUDED.session_id, counter_id = EXCLUDED.counter_id`,
    [device.officeId, device.deviceId, new Date(now), beat.appVersion, beat.outboxDepth, beat.oldestUnsentAt, now - beat.deviceTime, sessionId, counterId],
  );
  if (sessionId && beat.officer) {
    // The officer's last touch (the terminal's clock, moved onto the store's and never past
    // now) keeps the session's idle limit; a terminal that locked itself locks it here too,
    // refusing its lookups until the PIN is given again (POST /api/counter/unlock).
    const touched = Math.min(now, beat.officer.activityAt + (now - beat.deviceTime));
    await q.query(
      `UPDATE officer_sessions SET last_active_at = GREATEST(last_active_at, $3),
              locked_at = CASE WHEN $4::boolean THEN COALESCE(locked_at, $5) ELSE locked_at END
        WHERE office_id = $1 AND session_id = $2 AND ended_at IS NULL`,
      [device.officeId, sessionId, new Date(touched), beat.officer.locked, new Date(now)],
    );
  }
  const epoch = await noteRestoreIfBehind(q, device, { cursor: beat.cursor, confirmedSeq: beat.confirmedSeq, epoch: beat.epoch }, now);
  return beats.map((b) => ({ serverTime: b.now, clockOffsetMs: b.now - b.beat.deviceTime, epoch }));
}
