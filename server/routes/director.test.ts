/** The director: reads every office through the console's GET routes, changes nothing; supervisors stay in their office. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_PILOT } from '../../shared/domain/office.ts';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { DEMO_DIRECTOR, PILOT_OFFICE_ID, pilotConfig, seedDirector, seedOffice } from '../seed.ts';
import { hashSecret } from '../security/secrets.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';

describeEngines('director role', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const director = async (office: string): Promise<string> => {
    const r = await h.call<{ token: string; role: string }>('POST', '/api/admin/sign-in', { body: { ...DEMO_DIRECTOR, officeId: office } });
    expect(r.body.role).toBe('director');
    return r.body.token;
  };

  it('lists every office to a director and only their own to a supervisor', async () => {
    const a = await h.newOffice();
    const b = await h.newOffice();
    const boss = await director(a);
    expect((await h.call('GET', '/api/admin/me', { token: boss })).body).toMatchObject({ username: 'director', officeId: a, role: 'director' });
    const all = await h.call<{ offices: { officeId: string; name: { en: string }; pilot: unknown }[] }>('GET', '/api/admin/offices', { token: boss });
    expect(all.body.offices.map((o) => o.officeId)).toEqual(expect.arrayContaining([a, b]));
    expect(all.body.offices.find((o) => o.officeId === b)).toEqual({ officeId: b, name: pilotConfig(b).name, pilot: DEFAULT_PILOT });
    const sup = await h.supervisor(b);
    expect((await h.call('GET', '/api/admin/me', { token: sup })).body).toMatchObject({ role: 'supervisor' });
    const own = await h.call<{ offices: { officeId: string }[] }>('GET', '/api/admin/offices', { token: sup });
    expect(own.body.offices.map((o) => o.officeId)).toEqual([b]);
    expect((await h.call('GET', '/api/admin/offices')).status).toBe(401);
    const kiosk = await h.enroll(b, 'kiosk');
    expect((await h.call('GET', '/api/admin/offices', { token: kiosk.token })).status).toBe(403);
  });

  it("reads another office's data with ?office= on every office-scoped GET", async () => {
    const home = await h.newOffice();
    const other = await h.newOffice();
    const kiosk = await h.enroll(other, 'kiosk');
    const boss = await director(home);
    const devices = await h.call<{ devices: { deviceId: string }[] }>('GET', `/api/admin/devices?office=${other}`, { token: boss });
    expect(devices.body.devices.map((d) => d.deviceId)).toEqual([kiosk.deviceId]);
    expect((await h.call<{ devices: unknown[] }>('GET', '/api/admin/devices', { token: boss })).body.devices).toEqual([]);
    for (const path of ['officers', 'today', 'rejections', 'appointments', 'config', 'audit']) {
      const r = await h.call('GET', `/api/admin/${path}?office=${other}`, { token: boss });
      expect(r.status, path).toBe(200);
    }
    const missing = await h.call<ApiError>('GET', '/api/admin/devices?office=nowhere', { token: boss });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'unknown_office']);
    expect((await h.call<ApiError>('GET', '/api/admin/devices?office=Not%20An%20Id', { token: boss })).status).toBe(400);
  });

  it('refuses a director every write but signing out', async () => {
    const office = await h.newOffice();
    const boss = await director(office);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/admin/enrollments', { role: 'kiosk' }],
      ['POST', '/api/admin/appointments', { sectionId: 'men', service: 'iqama.renew', slotAt: h.now + 3_600_000 }],
      ['PUT', '/api/admin/config/settings', {}],
    ];
    for (const [method, path, body] of writes) {
      const r = await h.call<ApiError>(method, path, { token: boss, body });
      expect([r.status, r.body.error.code], path).toEqual([403, 'forbidden']);
      expect(r.body.error.message).toMatch(/director may only read/);
    }
    expect((await h.call('POST', '/api/admin/sign-out', { token: boss })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/me', { token: boss })).status).toBe(401);
  });

  it("keeps a supervisor out of other offices, reads and writes alike", async () => {
    const office = await h.newOffice();
    const other = await h.newOffice();
    const sup = await h.supervisor(office);
    for (const [method, path] of [
      ['GET', `/api/admin/devices?office=${other}`],
      ['GET', `/api/admin/audit?office=${other}`],
      ['POST', `/api/admin/enrollments?office=${other}`],
    ] as const) {
      const r = await h.call<ApiError>(method, path, { token: sup, body: method === 'POST' ? { role: 'kiosk' } : undefined });
      expect([r.status, r.body.error.code], path).toEqual([403, 'forbidden']);
    }
    expect((await h.call('GET', `/api/admin/devices?office=${office}`, { token: sup })).status).toBe(200);
  });

  it('seeds the demo director in the pilot office, and once into a database from before directors', async () => {
    const cheap = { N: 1024, r: 8, p: 1 };
    const hashes = { pin: await hashSecret('1234', cheap), password: await hashSecret(DEMO_DIRECTOR.password, cheap) };
    expect(await seedOffice(h.store, { config: pilotConfig(), hashes, now: h.now })).toBe(true);
    const roles = await h.store.query<{ username: string; role: string }>('SELECT username, role FROM supervisors WHERE office_id = $1 ORDER BY username', [PILOT_OFFICE_ID]);
    expect(roles).toEqual([
      { username: 'director', role: 'director' },
      { username: 'supervisor', role: 'supervisor' },
    ]);
    expect(await seedDirector(h.store, PILOT_OFFICE_ID, { hashes })).toBe(false);

    const older = await h.newOffice();
    await h.store.query(`DELETE FROM supervisors WHERE office_id = $1 AND username = 'director'`, [older]);
    expect(await seedDirector(h.store, older, { hashes, now: h.now })).toBe(true);
    expect(await seedDirector(h.store, older, { hashes, now: h.now })).toBe(false);
    await director(older);
    const seeded = await h.store.query<{ action: string }>(`SELECT action FROM audit_log WHERE office_id = $1 AND action = 'director.seeded'`, [older]);
    expect(seeded).toHaveLength(1);
    expect(await seedDirector(h.store, 'no-such-office', { hashes })).toBe(false);
  });
});
