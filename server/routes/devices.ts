/**
 * Device enrollment and configuration. A supervisor mints a single-use code; the device
 * trades it (no token yet) for its own long-lived token, its role, the office config and,
 * for a kiosk, the number (1–99) that goes into every ticket number it prints.
 */
import type { Hono } from 'hono';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import { DEVICE_ROLES } from '../../shared/sync/mutations.ts';
import type { EnrollResponse } from '../../shared/sync/protocol.ts';
import { enrollRequestSchema } from '../../shared/sync/protocol.ts';
import { audit } from '../audit.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { cleanText, HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { newId, newToken, sha256 } from '../security/secrets.ts';
import type { Queryable } from '../store/index.ts';
import { soleRow } from '../store/sql.ts';

/** Ticket numbers carry the kiosk number in one or two digits (M7-042, M12-042). */
const KIOSK_NUMBERS: readonly number[] = Array.from({ length: 99 }, (_, i) => i + 1);

interface CodeRow {
  office_id: string;
  role: DeviceRole;
  label: string | null;
  created_by: string;
  expires_at: Date;
  used_at: Date | null;
}

/**
 * The number for a new kiosk: one no live kiosk holds, preferring numbers never used so
 * a replaced kiosk does not print the same ticket numbers as its predecessor did today.
 */
async function pickKioskNo(q: Queryable, officeId: string): Promise<number> {
  const rows = await q.query<{ kiosk_no: number; live: boolean }>(
    `SELECT kiosk_no, bool_or(revoked_at IS NULL) AS live FROM devices
      WHERE office_id = $1 AND kiosk_no IS NOT NULL GROUP BY kiosk_no`,
    [officeId],
  );
  const used = new Map(rows.map((r) => [r.kiosk_no, r.live]));
  const fresh = KIOSK_NUMBERS.find((n) => !used.has(n));
  const free = fresh ?? KIOSK_NUMBERS.find((n) => used.get(n) === false);
  if (free === undefined) {
    throw new HttpError(409, 'no_kiosk_number', 'all kiosk numbers 1–99 are taken; revoke an old kiosk first');
  }
  return free;
}

export function registerDeviceRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post('/api/devices/enroll', async (c) => {
    const body = await readJson(c, enrollRequestSchema);
    const now = deps.clock();
    const response = await deps.store.tx(async (q): Promise<EnrollResponse> => {
      // The code is the credential, so it (not an office) is what we look up.
      const codes = await q.query<CodeRow>(
        `SELECT office_id, role, label, created_by, expires_at, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE`,
        [sha256(body.code)],
      );
      const code = soleRow(codes);
      if (!code) throw new HttpError(401, 'enrollment_code_invalid', 'this enrollment code is not valid; check it or ask for a new one');
      if (code.used_at) throw new HttpError(409, 'enrollment_code_used', 'this enrollment code was already used; ask for a new one');
      if (code.expires_at.getTime() <= now) throw new HttpError(401, 'enrollment_code_expired', 'this enrollment code has expired; ask for a new one');
      // The office row lock serialises enrollments, so two kiosks never get one number.
      const offices = await q.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1 FOR UPDATE', [
        code.office_id,
      ]);
      const office = offices[0];
      if (!office) throw new HttpError(401, 'enrollment_code_invalid', 'this enrollment code belongs to no office');
      const kioskNo = code.role === 'kiosk' ? await pickKioskNo(q, code.office_id) : null;
      const deviceId = newId();
      const token = newToken('device');
      // Only a label someone typed is stored: the console names the rest in its reader's language.
      const typed = body.label || code.label;
      const label = typed ? cleanText(typed) : null;
      await q.query(
        `INSERT INTO devices (device_id, office_id, role, label, token_hash, kiosk_no, next_seq, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)`,
        [deviceId, code.office_id, code.role, label, sha256(token), kioskNo, new Date(now)],
      );
      await q.query(
        'UPDATE enrollment_codes SET used_at = $3, used_by_device = $2 WHERE office_id = $1 AND code_hash = $4',
        [code.office_id, deviceId, new Date(now), sha256(body.code)],
      );
      await audit(q, {
        officeId: code.office_id,
        at: now,
        actorKind: 'device',
        actorId: deviceId,
        action: 'device.enrolled',
        subject: deviceId,
        details: { role: code.role, kioskNo, label, codeCreatedBy: code.created_by },
      });
      return { deviceId, token, role: code.role, officeId: code.office_id, kioskNo: kioskNo ?? 0, config: office.config, nextSeq: 1 };
    });
    return c.json(response satisfies ResponseOf<typeof routes.enroll>, 201);
  });

  app.get('/api/device/config', requireDevice(deps, DEVICE_ROLES), async (c) => {
    const device = c.get('device');
    const rows = await deps.store.query<{ next_seq: number }>('SELECT next_seq FROM devices WHERE office_id = $1 AND device_id = $2', [
      device.officeId,
      device.deviceId,
    ]);
    return c.json({
      config: device.config,
      role: device.role,
      kioskNo: device.kioskNo ?? 0,
      deviceId: device.deviceId,
      officeId: device.officeId,
      label: device.label,
      nextSeq: rows[0]?.next_seq ?? 1,
    });
  });

  methodNotAllowed(app, ['/api/devices/enroll', '/api/device/config']);
}
