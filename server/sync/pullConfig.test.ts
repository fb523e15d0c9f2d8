/** A configuration change travels by pull like a row: once per device, at its version, never at a ticket's expense. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { configPartOf } from '../../shared/sync/officeConfigCheck.ts';
import type { Change, PullResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import type { Device } from '../testing/harness.ts';
import { Harness, issue } from '../testing/harness.ts';

describeEngines('sync pull of the office configuration', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const pull = (device: Device, cursor: number, limit = 1000) =>
    h.call<PullResponse>('GET', `/api/sync/pull?cursor=${cursor}&limit=${limit}`, { token: device.token });
  const show = (c: Change): string => (c.entity === 'ticket' ? c.data.displayNumber : c.entity === 'config' ? `config ${c.data.settings.idleLockMinutes}` : c.entity);
  const idleLock = async (token: string, config: OfficeConfig, minutes: number): Promise<number> => {
    const r = await h.call<{ configVersion: number }>('PUT', '/api/admin/config/settings', {
      token,
      body: { ...configPartOf(config, 'settings'), idleLockMinutes: minutes },
    });
    if (r.status !== 200) throw new Error(`config change failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.configVersion;
  };

  it('sends the configuration once, at its version, in order with the tickets', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const config = (await h.call<{ config: OfficeConfig }>('GET', '/api/admin/config', { token: sup })).body.config;
    await h.push(kiosk, [issue(1, kiosk, 1), issue(2, kiosk, 2)]);
    expect(await idleLock(sup, config, 9)).toBe(3);
    await h.push(kiosk, [issue(3, kiosk, 3)]);

    expect((await pull(display, 0)).body.changes.map(show)).toEqual(['M1-001', 'M1-002', 'config 9', 'M1-003']);
    const p1 = await pull(display, 0, 2);
    expect(p1.body).toMatchObject({ cursor: 2, more: true });
    const p2 = await pull(display, 2, 2);
    expect(p2.body).toMatchObject({ cursor: 4, more: false });
    expect(p2.body.changes.map((c) => [c.entity, c.version])).toEqual([
      ['config', 3],
      ['ticket', 4],
    ]);
    expect((await pull(display, 4)).body.changes).toEqual([]);

    // Changed twice while a device was away: it gets the newest, once.
    await idleLock(sup, config, 11);
    expect(await idleLock(sup, config, 12)).toBe(6);
    const p3 = await pull(display, 4);
    expect(p3.body.changes.map((c) => [show(c), c.version])).toEqual([['config 12', 6]]);
    expect(p3.body.cursor).toBe(6);
    // A device enrolled now gets the new configuration with its token too.
    expect((await h.enroll(office, 'counter')).config.settings.idleLockMinutes).toBe(12);
  });

  it('never skips a ticket while configuration changes and pushes run together', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const config = (await h.call<{ config: OfficeConfig }>('GET', '/api/admin/config', { token: sup })).body.config;
    const kiosks = await Promise.all([h.enroll(office, 'kiosk'), h.enroll(office, 'kiosk')]);
    const display = await h.enroll(office, 'display');
    const seen = new Set<string>();
    const configs: number[] = [];
    let cursor = 0;
    const drain = async (): Promise<void> => {
      for (;;) {
        const r = await pull(display, cursor, 3);
        let last = cursor;
        for (const c of r.body.changes) {
          expect(c.version).toBeGreaterThan(last); // strictly in version order, nothing twice
          last = c.version;
          if (c.entity === 'ticket') seen.add(c.data.ticketId);
          if (c.entity === 'config') configs.push(c.data.settings.idleLockMinutes);
        }
        cursor = r.body.cursor;
        if (!r.body.more) return;
      }
    };
    // Each kiosk pushes in order (a device's sequence has no gaps); the kiosks, the
    // supervisor and the reader run side by side.
    let done = false;
    const writing = Promise.all([
      ...kiosks.map(async (kiosk, k) => {
        for (let n = 1; n <= 4; n++) expect((await h.push(kiosk, [issue(n, kiosk, n, k === 0 ? 'men' : 'women')])).status).toBe(200);
      }),
      (async () => {
        for (let round = 0; round < 4; round++) await idleLock(sup, config, 20 + round);
      })(),
    ]).finally(() => {
      done = true;
    });
    while (!done) await drain();
    await writing;
    await drain();
    const tickets = await h.store.query<{ ticket_id: string }>('SELECT ticket_id FROM tickets WHERE office_id = $1', [office]);
    expect(tickets).toHaveLength(8);
    expect([...seen].sort()).toEqual(tickets.map((t) => t.ticket_id).sort());
    const final = (await h.call<{ config: OfficeConfig }>('GET', '/api/admin/config', { token: sup })).body.config;
    expect(configs.at(-1)).toBe(final.settings.idleLockMinutes);
    expect(final.settings.idleLockMinutes).toBe(23);
  });
});
