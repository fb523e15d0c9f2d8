/** The office configuration in the console: each part changed alone, checked, audited, all or nothing. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { configPartOf } from '../../shared/sync/officeConfigCheck.ts';
import type { ConfigPart } from '../../shared/sync/officeConfigSchema.ts';
import type { ApiError, PokeEvent } from '../../shared/sync/protocol.ts';
import { DEMO_DIRECTOR } from '../seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, Harness, issue, ticketIdOf } from '../testing/harness.ts';

interface ConfigAnswer {
  readonly officeId: string;
  readonly configVersion: number;
  readonly config: OfficeConfig;
  readonly changed?: boolean;
}

type ErrorWithDetails = ApiError & { error: { details: { field: string; problem: string; params: Record<string, unknown> } } };

describeEngines('admin configuration API', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const get = (token: string, query = '') => h.call<ConfigAnswer>('GET', `/api/admin/config${query}`, { token });
  const put = (token: string, part: string, body: unknown) => h.call<ConfigAnswer & ErrorWithDetails>('PUT', `/api/admin/config/${part}`, { token, body });
  const changes = (office: string) =>
    h.store.query<{ actor_id: string; subject: string; details: { part: string; configVersion: number; changes: { path: string; before: string | null; after: string | null }[] } }>(
      `SELECT actor_id, subject, details FROM audit_log WHERE office_id = $1 AND action = 'config.changed' ORDER BY audit_id`,
      [office],
    );

  it('changes one part at the next office version, audits it, pokes the devices, and ignores a change to nothing', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    await h.push(kiosk, [issue(1, kiosk, 1), issue(2, kiosk, 2)]);
    const before = await get(sup);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ officeId: office, configVersion: 0 });
    const pokes: PokeEvent[] = [];
    const stop = h.pokes.subscribe(office, (e) => pokes.push(e));
    try {
      const sections = [...configPartOf(before.body.config, 'sections').sections, { id: 'family', letter: 'F', name: { ar: 'العائلات', en: 'Families' } }];
      const r = await put(sup, 'sections', { sections });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ changed: true, configVersion: 3 });
      expect(r.body.config.sections.map((s) => s.letter)).toEqual(['M', 'W', 'F']);
      expect((await get(sup)).body).toMatchObject({ configVersion: 3, config: { sections: sections } });
      expect(pokes).toEqual([{ officeId: office, version: 3 }]);
      const again = await put(sup, 'sections', { sections });
      expect(again.body).toMatchObject({ changed: false, configVersion: 3 });
      expect(pokes).toHaveLength(1);
    } finally {
      stop();
    }
    const audit = await changes(office);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'supervisor', subject: 'sections', details: { part: 'sections', configVersion: 3 } });
    expect(audit[0]?.details.changes).toEqual(
      expect.arrayContaining([
        { path: 'sections[family].letter', before: null, after: 'F' },
        { path: 'sections[family].name.en', before: null, after: 'Families' },
      ]),
    );
  });

  it('changes every part', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const config = (await get(sup)).body.config;
    const services = configPartOf(config, 'services');
    const targets = configPartOf(config, 'targets');
    const settings = configPartOf(config, 'settings');
    const bodies: [ConfigPart, unknown, (c: OfficeConfig) => unknown, unknown][] = [
      ['counters', { counters: [{ id: 1, sectionId: 'men', skills: ['residence'] }, { id: 9, sectionId: 'women', skills: [] }] }, (c) => c.counters, [{ id: 1, sectionId: 'men', skills: ['residence'] }, { id: 9, sectionId: 'women' }]],
      ['services', { offered: services.offered.filter((s) => s !== 'parcel.add'), fees: { ...services.fees, professionChange: 1200 } }, (c) => [c.catalog?.some((e) => e.id === 'parcel.add'), c.fees?.professionChange], [false, 1200]],
      ['hours', { timeZone: 'Asia/Riyadh', shifts: [{ id: 'evening', from: '16:00', to: '23:00' }, { id: 'morning', from: '08:30', to: '12:00' }] }, (c) => c.settings.shifts?.map((s) => s.from), ['08:30', '16:00']],
      ['targets', { ...targets, pilot: { ...targets.pilot, months: 12 } }, (c) => c.settings.pilot?.months, 12],
      ['settings', { ...settings, idleLockMinutes: 10, queue: { ...settings.queue, maxRecalls: 3 } }, (c) => [c.settings.idleLockMinutes, c.settings.queue?.maxRecalls], [10, 3]],
    ];
    for (const [i, [part, body, read, expected]] of bodies.entries()) {
      const r = await put(sup, part, body);
      expect(r.status, part).toBe(200);
      expect(r.body.configVersion, part).toBe(i + 1);
      expect(read((await get(sup)).body.config), part).toEqual(expected);
    }
    expect((await changes(office)).map((a) => a.subject)).toEqual(['counters', 'services', 'hours', 'targets', 'settings']);
  });

  it('refuses a wrong part with the field and the reason, and changes nothing', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const config = (await get(sup)).body.config;
    const sections = configPartOf(config, 'sections').sections;
    const services = configPartOf(config, 'services');
    const targets = configPartOf(config, 'targets');
    const settings = configPartOf(config, 'settings');
    const cases: [string, unknown, number, string, string, string][] = [
      ['sections', { sections: [{ ...sections[0], letter: 'm' }, sections[1]] }, 400, 'invalid_request', 'sections.0.letter', 'letter'],
      ['sections', { sections: [sections[0], { ...sections[1], letter: 'M' }] }, 400, 'invalid_request', 'sections.1.letter', 'duplicate'],
      ['sections', { sections: [sections[0]] }, 409, 'section_in_use', 'sections', 'sectionInUse'],
      ['sections', { sections, note: 'x' }, 400, 'invalid_request', 'note', 'unknownField'],
      ['counters', { counters: [{ id: 1, sectionId: 'kids' }] }, 400, 'unknown_section', 'counters.0.sectionId', 'unknownSection'],
      ['counters', { counters: [{ id: 1, sectionId: 'men', skills: ['parking'] }] }, 400, 'invalid_request', 'counters.0.skills.0', 'choice'],
      ['counters', { counters: [{ id: 0, sectionId: 'men' }] }, 400, 'invalid_request', 'counters.0.id', 'min'],
      ['services', { ...services, fees: { ...services.fees, query: -5 } }, 400, 'invalid_request', 'fees.query', 'min'],
      ['services', { ...services, offered: [] }, 400, 'invalid_request', 'offered', 'minItems'],
      ['hours', { timeZone: 'Asia/Riyadh', shifts: [{ id: 'morning', from: '09:00', to: '17:00' }, { id: 'evening', from: '16:00', to: '22:00' }] }, 400, 'invalid_request', 'shifts.1.from', 'overlap'],
      ['hours', { timeZone: 'Riyadh', shifts: [{ id: 'morning', from: '09:00', to: '12:00' }] }, 400, 'invalid_request', 'timeZone', 'timeZone'],
      ['targets', { ...targets, pilot: { ...targets.pilot, startDate: '2024-02-30' } }, 400, 'invalid_request', 'pilot.startDate', 'date'],
      ['targets', { ...targets, pilot: { ...targets.pilot, baseline: { ...targets.pilot.baseline, label: 'x'.repeat(121) } } }, 400, 'invalid_request', 'pilot.baseline.label', 'tooLong'],
      ['settings', { ...settings, maxPinAttempts: 1 }, 400, 'invalid_request', 'maxPinAttempts', 'min'],
      ['settings', { ...settings, sessionHours: '12' }, 400, 'invalid_request', 'sessionHours', 'number'],
    ];
    for (const [part, body, status, code, field, problem] of cases) {
      const r = await put(sup, part, body);
      expect(r.status, `${part} ${field}`).toBe(status);
      expect(r.body.error, `${part} ${field}`).toMatchObject({ code, details: { field, problem } });
      expect(r.body.error.message.startsWith(`${field}: `), r.body.error.message).toBe(true);
    }
    const bad = await h.call<ApiError>('PUT', '/api/admin/config/sections', { token: sup, rawBody: '{"sections":' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'bad_json']);
    const unknown = await put(sup, 'colours', {});
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect((await h.call('POST', '/api/admin/config/sections', { token: sup, body: {} })).status).toBe(405);
    expect((await get(sup)).body).toEqual({ officeId: office, configVersion: 0, config });
    expect(await changes(office)).toEqual([]);
  });

  it('refuses to remove a section or counter that is in use today, or a group a counter serves', async () => {
    const office = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const config = (await get(sup)).body.config;
    const counters = configPartOf(config, 'counters').counters;

    const officer = await h.signIn(counter, '1007', 7);
    const without7 = { counters: counters.filter((c) => c.id !== 7) };
    const signedIn = await put(sup, 'counters', without7);
    expect(signedIn.status).toBe(409);
    expect(signedIn.body.error).toMatchObject({ code: 'counter_busy', details: { problem: 'counterSignedIn', params: { counter: 7, badge: '1007' } } });

    const ticket = issue(1, kiosk, 1, 'women');
    await h.push(kiosk, [ticket]);
    await h.push(counter, [act(1, 'ticket.call', ticketIdOf(ticket), 7, officer)]);
    await h.call('POST', '/api/counter/sign-out', { token: counter.token, headers: { 'x-officer-session': officer.token } });
    const called = await put(sup, 'counters', without7);
    expect(called.body.error).toMatchObject({ code: 'counter_busy', details: { problem: 'counterBusy', params: { counter: 7, tickets: 1 } } });

    // Every counter to the men's section: the women's section has no counter, but a ticket.
    const allMen = { counters: counters.map((c) => ({ ...c, sectionId: 'men', skills: c.id === 1 ? ['enquiries'] : [] })) };
    expect((await put(sup, 'counters', allMen)).status).toBe(200);
    const busy = await put(sup, 'sections', { sections: configPartOf(config, 'sections').sections.filter((s) => s.id === 'men') });
    expect(busy.body.error).toMatchObject({ code: 'section_busy', details: { problem: 'sectionBusy', params: { section: 'women', tickets: 1 } } });

    const services = configPartOf(config, 'services');
    const noEnquiries = await put(sup, 'services', { ...services, offered: services.offered.filter((s) => !s.startsWith('query.')) });
    expect(noEnquiries.body.error).toMatchObject({ code: 'group_in_use', details: { field: 'offered', params: { group: 'enquiries', counter: 1 } } });
    expect((await get(sup)).body.configVersion).toBe(3); // the ticket, its call, and the one change that passed
  });

  it('answers only a supervisor of the office; a director reads and changes nothing', async () => {
    const office = await h.newOffice();
    const other = await h.newOffice();
    const sup = await h.supervisor(office);
    const kiosk = await h.enroll(office, 'kiosk');
    const body = { sections: configPartOf((await get(sup)).body.config, 'sections').sections };
    expect((await h.call<ApiError>('GET', '/api/admin/config')).status).toBe(401);
    expect((await h.call<ApiError>('PUT', '/api/admin/config/sections', { body })).status).toBe(401);
    const device = await h.call<ApiError>('GET', '/api/admin/config', { token: kiosk.token });
    expect([device.status, device.body.error.code]).toEqual([403, 'forbidden']);
    const elsewhere = await get(sup, `?office=${other}`);
    expect(elsewhere.status).toBe(403);
    const signIn = await h.call<{ token: string; role: string }>('POST', '/api/admin/sign-in', { body: { ...DEMO_DIRECTOR, officeId: office } });
    expect(signIn.body.role).toBe('director');
    const director = signIn.body.token;
    expect((await get(director, `?office=${other}`)).body).toMatchObject({ officeId: other, configVersion: 0 });
    const refused = await put(director, 'sections', body);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect(await changes(office)).toEqual([]);
  });
});
