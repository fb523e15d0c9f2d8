/**
 * A store restored from a backup knows less than its devices: changes it had confirmed to
 * them, rows they had pulled. Noticing it (a heartbeat naming a seq or cursor beyond the
 * store's) gives the office a new epoch, so every device pulls everything again; the
 * devices send again the changes they still hold (shared/device/restore.ts); what a device
 * no longer holds is skipped here on the record, with the range, never silently.
 */
import type { RebaseRequest } from '../../shared/sync/protocol.ts';
import { audit } from '../audit.ts';
import type { AuthDevice } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { newId } from '../security/secrets.ts';
import type { Queryable } from '../store/index.ts';

/**
 * Whether what a device reports is beyond what the store holds (a restore); if so the
 * office gets a new epoch (once per restore: a device that already saw the new epoch
 * reports nothing beyond). Returns the office's epoch.
 */
export async function noteRestoreIfBehind(
  q: Queryable,
  device: AuthDevice,
  report: { cursor?: number | undefined; confirmedSeq?: number | undefined; epoch?: string | undefined },
  now: number,
): Promise<string | null> {
  const [row] = await q.query<{ version: number; epoch: string | null; next_seq: number }>(
    `SELECT o.version, o.epoch, d.next_seq FROM offices o JOIN devices d ON d.office_id = o.office_id
      WHERE o.office_id = $1 AND d.device_id = $2`,
    [device.officeId, device.deviceId],
  );
  if (!row) return null;
  // A device still under an earlier epoch reports a restore already noticed: it catches up by pulling.
  if (report.epoch !== undefined && (report.epoch || null) !== row.epoch) return row.epoch;
  const cursorAhead = report.cursor !== undefined && report.cursor > Number(row.version);
  const seqAhead = report.confirmedSeq !== undefined && report.confirmedSeq >= row.next_seq;
  if (!cursorAhead && !seqAhead) return row.epoch;
  const [locked] = await q.query<{ epoch: string | null }>('SELECT epoch FROM offices WHERE office_id = $1 FOR UPDATE', [device.officeId]);
  // Another device's report may have come first, with the same evidence: one epoch per restore.
  if (locked && locked.epoch !== row.epoch) return locked.epoch;
  const epoch = newId();
  await q.query('UPDATE offices SET epoch = $2 WHERE office_id = $1', [device.officeId, epoch]);
  await audit(q, {
    officeId: device.officeId,
    at: now,
    actorKind: 'device',
    actorId: device.deviceId,
    action: 'store.restoreNoticed',
    subject: epoch,
    details: { officeVersion: Number(row.version), deviceCursor: report.cursor ?? null, storeNextSeq: row.next_seq, deviceConfirmedSeq: report.confirmedSeq ?? null },
  });
  return epoch;
}

/** Skips changes fromSeq…toSeq the device no longer holds: only at the store's next seq, recorded and audited. */
export async function rebaseDevice(q: Queryable, device: AuthDevice, req: RebaseRequest, now: number): Promise<{ nextSeq: number }> {
  if (req.deviceId !== device.deviceId) throw new HttpError(403, 'device_mismatch', 'deviceId does not match the device token');
  if (req.toSeq < req.fromSeq) throw new HttpError(400, 'invalid_request', 'toSeq: must not be before fromSeq');
  await q.query('SELECT 1 FROM offices WHERE office_id = $1 FOR UPDATE', [device.officeId]);
  const [row] = await q.query<{ next_seq: number }>('SELECT next_seq FROM devices WHERE office_id = $1 AND device_id = $2 FOR UPDATE', [
    device.officeId,
    device.deviceId,
  ]);
  if (!row) throw new HttpError(401, 'device_revoked', 'this device is not known here; enroll it again');
  // The same request again (its answer was lost): already done.
  if (row.next_seq === req.toSeq + 1) {
    const done = await q.query('SELECT 1 FROM sync_gaps WHERE office_id = $1 AND device_id = $2 AND from_seq = $3 AND to_seq = $4', [
      device.officeId, device.deviceId, req.fromSeq, req.toSeq,
    ]);
    if (done.length > 0) return { nextSeq: row.next_seq };
  }
  if (row.next_seq !== req.fromSeq) {
    throw new HttpError(409, 'not_the_next_seq', `the store expects change #${row.next_seq} from this device; it can skip only from there`, { nextSeq: row.next_seq });
  }
  await q.query('INSERT INTO sync_gaps (office_id, device_id, from_seq, to_seq, at) VALUES ($1, $2, $3, $4, $5)', [
    device.officeId, device.deviceId, req.fromSeq, req.toSeq, new Date(now),
  ]);
  await q.query('UPDATE devices SET next_seq = $3 WHERE office_id = $1 AND device_id = $2', [device.officeId, device.deviceId, req.toSeq + 1]);
  await audit(q, {
    officeId: device.officeId,
    at: now,
    actorKind: 'device',
    actorId: device.deviceId,
    action: 'sync.changesLost',
    subject: device.deviceId,
    details: { fromSeq: req.fromSeq, toSeq: req.toSeq, count: req.toSeq - req.fromSeq + 1 },
  });
  return { nextSeq: req.toSeq + 1 };
}
