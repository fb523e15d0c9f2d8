/** Enrollment: single-use expiring codes, kiosk numbers, and the device's config. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, EnrollResponse } from '../../shared/sync/protocol.ts';
import { sha256 } from '../security/secrets.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';

describeEngines('device enrollment', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const enroll = (code: string, label?: string) =>
    h.call<EnrollResponse & ApiError>('POST', '/api/devices/enroll', { body: label === undefined ? { code } : { code, label } });

  it('trades a code for a token once; the code is then used up', async () => {
    const office = await h.newOffice();
    const code = await h.enrollmentCode(office, 'counter');
    const r = await enroll(code.toLowerCase(), 'Counter 3 terminal');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ role: 'counter', officeId: office, kioskNo: 0, nextSeq: 1, config: { officeId: office } });
    expect(r.body.token).toMatch(/^dvc_[A-Za-z0-9_-]{43}$/);
    const [row] = await h.store.query<{ token_hash: string; label: string }>('SELECT token_hash, label FROM devices WHERE device_id = $1', [
      r.body.deviceId,
    ]);
    expect(row).toEqual({ token_hash: sha256(r.body.token), label: 'Counter 3 terminal' });
    const again = await enroll(code);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('enrollment_code_used');
    const audit = await h.store.query<{ action: string }>(`SELECT action FROM audit_log WHERE office_id = $1 AND action = 'device.enrolled'`, [office]);
    expect(audit).toHaveLength(1);
  });

  it('refuses an expired code and an unknown code', async () => {
    const office = await h.newOffice();
    const code = await h.enrollmentCode(office, 'display', 60_000);
    const start = h.now;
    h.now = start + 60_001;
    try {
      const expired = await enroll(code);
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('enrollment_code_expired');
    } finally {
      h.now = start;
    }
    const unknown = await enroll('ABCDEFGH');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('enrollment_code_invalid');
    const malformed = await enroll('abc');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toEqual({ code: 'invalid_request', message: 'code: code must be 8 characters' });
  });

  it('numbers kiosks 1–99, refuses a hundredth, and reuses a revoked kiosk number', async () => {
    const office = await h.newOffice();
    const numbers: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 99; i++) {
      const k = await h.enroll(office, 'kiosk');
      numbers.push(k.kioskNo);
      ids.push(k.deviceId);
    }
    expect(numbers).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
    const code = await h.enrollmentCode(office, 'kiosk');
    const full = await enroll(code);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('no_kiosk_number');
    const sup = await h.supervisor(office);
    expect((await h.call('POST', `/api/admin/devices/${ids[3]}/revoke`, { token: sup })).status).toBe(200);
    const reused = await enroll(code); // the refused attempt did not use the code up
    expect(reused.status).toBe(201);
    expect(reused.body.kioskNo).toBe(4);
  });

  it('gives a device its config, role and next seq', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const r = await h.call<Record<string, unknown>>('GET', '/api/device/config', { token: kiosk.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'kiosk', kioskNo: 1, deviceId: kiosk.deviceId, officeId: office, nextSeq: 1 });
    expect(r.body.config).toMatchObject({ officeId: office, sections: [{ id: 'men', letter: 'M' }, { id: 'women', letter: 'W' }] });
  });
});
