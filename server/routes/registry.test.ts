/** Registry lookups at the counter: only with an officer and a reason, a wrong number never looked up, every lookup audited without personal data. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../shared/domain/identity.ts';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { generateRegistry } from '../registry/generate.ts';
import { seedRegistry } from '../registry/seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';
import type { ResidentLookup } from './registry.ts';

const SMALL = { seed: 99, residents: 300, visitors: 20, establishments: 20, today: '2026-03-01' } as const;

describeEngines('resident registry', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await seedRegistry(h.store, { ...SMALL, now: h.now });
  });
  afterAll(() => h?.close());

  const people = generateRegistry(SMALL).residents;

  it('is generated once: a second start adds nothing', async () => {
    expect(await seedRegistry(h.store, { ...SMALL, now: h.now })).toBe(0);
    const [count] = await h.store.query<{ n: string | number }>('SELECT count(*) AS n FROM residents');
    expect(Number(count?.n)).toBe(people.length);
  });

  it('finds a person by number for a signed-in officer with a reason, and audits the lookup', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1003', 3);
    const as = { token: counter.token, headers: { 'x-officer-session': session.token } };
    const person = people[7];
    if (!person) throw new Error('no person');
    const r = await h.call<ResidentLookup>('GET', `/api/counter/residents/${person.idNumber}?reason=ticket%20M1-042`, as);
    expect(r.status).toBe(200);
    expect(r.body.record).toEqual(person);
    expect(r.body.version).toBe(1);
    if (person.sponsor.kind === 'establishment') expect(r.body.establishment?.establishmentId).toBe(person.sponsor.establishmentId);

    const wrong = `${person.idNumber.slice(0, 9)}${(Number(person.idNumber[9]) + 1) % 10}`;
    const refused = await h.call<ApiError>('GET', `/api/counter/residents/${wrong}?reason=ticket`, as);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_id_number');
    const unknown = `299999999${luhnCheckDigit('299999999')}`;
    expect((await h.call('GET', `/api/counter/residents/${unknown}?reason=ticket`, as)).status).toBe(404);
    expect((await h.call<ApiError>('GET', `/api/counter/residents/${person.idNumber}`, as)).body.error.code).toBe('reason_required');
    expect((await h.call('GET', `/api/counter/residents/${person.idNumber}?reason=ticket`, { token: counter.token })).status).toBe(401);
    const kiosk = await h.enroll(office, 'kiosk');
    expect((await h.call('GET', `/api/counter/residents/${person.idNumber}?reason=ticket`, { token: kiosk.token })).status).toBe(403);

    const log = await h.store.query<{ actor_id: string; subject: string; details: Record<string, unknown> }>(
      `SELECT actor_id, subject, details FROM audit_log WHERE office_id = $1 AND action = 'person.lookup' ORDER BY audit_id`,
      [office],
    );
    // Looked up: the found person and the unknown number; the invalid one and the one without a reason never were.
    expect(log.map((l) => [l.actor_id, l.subject, l.details.found, l.details.reason])).toEqual([
      ['1003', person.idNumber, true, 'ticket M1-042'],
      ['1003', unknown, false, 'ticket'],
    ]);
    expect(JSON.stringify(log)).not.toContain(person.name.en);
  });

  it('finds the holder of a visa by the visa number, audited with the holder and the visa number', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1003', 3);
    const as = { token: counter.token, headers: { 'x-officer-session': session.token } };
    const holder = people.find((p) => p.visas.length > 0);
    const visa = holder?.visas[0];
    if (!holder || !visa) throw new Error('nobody in the sample has a visa');
    const r = await h.call<ResidentLookup>('GET', `/api/counter/visas/${visa.visaNumber}?reason=ticket%20M1-007`, as);
    expect(r.status).toBe(200);
    expect(r.body.record.idNumber).toBe(holder.idNumber);
    expect((await h.call<ApiError>('GET', `/api/counter/visas/123?reason=ticket`, as)).body.error.code).toBe('invalid_visa_number');
    expect((await h.call<ApiError>('GET', `/api/counter/visas/6999999999?reason=ticket`, as)).body.error.code).toBe('visa_unknown');
    const log = await h.store.query<{ subject: string; details: Record<string, unknown> }>(
      `SELECT subject, details FROM audit_log WHERE office_id = $1 AND action = 'person.lookup' ORDER BY audit_id`,
      [office],
    );
    expect(log.map((l) => [l.subject, l.details.by, l.details.visaNumber, l.details.found])).toEqual([
      [holder.idNumber, 'visaNumber', visa.visaNumber, true],
      ['6999999999', 'visaNumber', '6999999999', false],
    ]);
  });

  it('finds people by name in Arabic or in a Latin spelling, audited without the name', async () => {
    const office = await h.newOffice();
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1004', 4);
    const as = { token: counter.token, headers: { 'x-officer-session': session.token } };
    const person = people.find((p) => p.name.en.startsWith('Mohammed') || p.name.en.startsWith('Muhammad') || p.name.en.startsWith('Mohammad'));
    if (!person) throw new Error('no Mohammed in the sample');
    const family = person.name.en.split(' ').at(-1) ?? '';
    for (const query of [`Muhammad ${family}`, `mohamad ${family.toLowerCase()}`, `${person.name.ar.split(' ')[0]} ${person.name.ar.split(' ').at(-1)}`]) {
      const r = await h.call<{ results: { idNumber: string }[] }>('GET', `/api/counter/residents?name=${encodeURIComponent(query)}&reason=walk-in`, as);
      expect(r.status, query).toBe(200);
      expect(r.body.results.map((x) => x.idNumber), query).toContain(person.idNumber);
    }
    const tooShort = await h.call<ApiError>('GET', '/api/counter/residents?name=a&reason=walk-in', as);
    expect(tooShort.body.error.code).toBe('invalid_name');
    const log = await h.store.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE office_id = $1 AND action = 'person.search'`,
      [office],
    );
    expect(log).toHaveLength(3);
    expect(JSON.stringify(log)).not.toContain(family);
  });
});
