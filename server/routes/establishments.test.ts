/**
 * The establishment API (issue 11): a key a supervisor issues opens its own establishment
 * only; subscriptions are checked (numbers, event types, contacts) and refused with a code
 * and the numbers at fault, all or nothing; every change is audited per number.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';
import { insertEstablishment, insertPeople, testNumber, testPerson } from '../testing/registryRecords.ts';

const E1 = '7010000000';
const E2 = '7010007919';
const R1 = testNumber('2', 11);
const R2 = testNumber('2', 12);
const V1 = testNumber('3', 13); // a visitor's border number
const THEIRS = testNumber('2', 14); // sponsored by E2
const NOBODY = testNumber('2', 15); // valid, not in the registry

interface Listing {
  contacts: { mobile: string | null; email: string | null; language: string } | null;
  subscriptions: { idNumber: string; events: string[] }[];
}

describeEngines('establishment API', (engine) => {
  let h: Harness;
  let office: string;
  let supervisor: string;
  beforeAll(async () => {
    h = await Harness.open(engine);
    office = await h.newOffice();
    supervisor = await h.supervisor(office);
    await insertEstablishment(h.store, E1);
    await insertEstablishment(h.store, E2);
    await insertPeople(h.store, [testPerson(R1, E1), testPerson(R2, E1), testPerson(V1, E1), testPerson(THEIRS, E2)], h.now);
  });
  afterAll(() => h?.close());

  const issue = async (establishmentId: string) => {
    const r = await h.call<{ key: string; keyId: string }>('POST', '/api/admin/establishment-keys', { token: supervisor, body: { establishmentId, label: 'HR system' } });
    expect(r.status).toBe(201);
    expect(r.body.key).toMatch(/^est_/);
    return r.body;
  };
  const errorOf = (body: unknown) => (body as ApiError).error;

  it('checks and normalises contacts, refuses a subscription with nowhere to deliver it', async () => {
    const { key } = await issue(E1);
    const as = { token: key };
    const first = await h.call('PUT', `/api/establishments/${E1}/subscriptions`, { ...as, body: { subscriptions: [{ idNumber: R1, events: ['exit'] }] } });
    expect([first.status, errorOf(first.body).code]).toEqual([422, 'no_contact']);
    for (const [body, field] of [[{ mobile: '0412345678' }, 'mobile'], [{ mobile: '+96651234567' }, 'mobile'], [{ email: 'not-an-address' }, 'email'], [{ language: 'ur' }, 'language'], [{ fax: '1' }, 'fax']] as const) {
      const bad = await h.call('PUT', `/api/establishments/${E1}/contacts`, { ...as, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(bad.body).message).toMatch(new RegExp(`^${field}: `));
    }
    const set = await h.call<{ contacts: unknown }>('PUT', `/api/establishments/${E1}/contacts`, { ...as, body: { mobile: '+966 55 123 4567', email: 'hr@example.sa' } });
    expect(set.status).toBe(200);
    expect(set.body.contacts).toEqual({ mobile: '0551234567', email: 'hr@example.sa', language: 'ar' });
    const changed = await h.call<{ contacts: unknown }>('PUT', `/api/establishments/${E1}/contacts`, { ...as, body: { mobile: '0559876543', email: null, language: 'en' } });
    expect(changed.body.contacts).toEqual({ mobile: '0559876543', email: null, language: 'en' });
  });

  it('adds numbers all or nothing, names every number it refuses and why, and manages them one by one', async () => {
    const { key } = await issue(E1);
    const as = { token: key };
    const put = (subscriptions: unknown) => h.call<{ added: number; changed: number }>('PUT', `/api/establishments/${E1}/subscriptions`, { ...as, body: { subscriptions } });
    const list = async () => (await h.call<Listing>('GET', `/api/establishments/${E1}/subscriptions`, as)).body.subscriptions;

    const refused = await put([R1, R2, V1, THEIRS, NOBODY].map((idNumber) => ({ idNumber, events: ['entry', 'exit'] })));
    expect(refused.status).toBe(422);
    expect(errorOf(refused.body)).toMatchObject({ code: 'not_sponsored', details: { notSponsored: [THEIRS], unknown: [NOBODY] } });
    expect(errorOf(refused.body).message).toBe(`nothing was changed; not sponsored by this establishment: ${THEIRS}; not in the registry: ${NOBODY}`);
    expect(await list()).toEqual([]);

    for (const [subscriptions, message] of [
      [[{ idNumber: R1, events: ['birthday'] }], /^subscriptions\.0\.events\.0: must be one of entry, exit, /],
      [[{ idNumber: R1, events: [] }], /^subscriptions\.0\.events: choose at least one event type/],
      [[{ idNumber: '1000000008', events: ['exit'] }], /^subscriptions\.0\.idNumber: a citizen’s ID cannot be subscribed/],
      [[{ idNumber: '2100000006', events: ['exit'] }], /^subscriptions\.0\.idNumber: must be a valid 10-digit iqama or border number \(checksum\)/],
      [[{ idNumber: R1, events: ['exit'] }, { idNumber: R1, events: ['entry'] }], /a number appears twice/],
      [[], /^subscriptions: name at least one number/],
    ] as const) {
      const bad = await put(subscriptions);
      expect(bad.status, JSON.stringify(subscriptions)).toBe(400);
      expect(errorOf(bad.body).message).toMatch(message);
    }
    expect(await list()).toEqual([]);

    const added = await put([{ idNumber: R1, events: ['exit', 'entry'] }, { idNumber: R2, events: ['violation'] }, { idNumber: V1, events: ['passportExpiring'] }]);
    expect(added.body).toEqual({ added: 3, changed: 0 });
    // Event types come back in the list's order, whatever order they were sent in.
    expect((await list()).map((s) => [s.idNumber, s.events])).toEqual([[R1, ['entry', 'exit']], [R2, ['violation']], [V1, ['passportExpiring']]]);

    const changed = await h.call('PUT', `/api/establishments/${E1}/subscriptions/${R1}`, { ...as, body: { events: ['visaIssued', 'visaStatusChanged'] } });
    expect(changed.body).toEqual({ added: 0, changed: 1 });
    expect((await h.call<{ events: string[] }>('GET', `/api/establishments/${E1}/subscriptions/${R1}`, as)).body.events).toEqual(['visaIssued', 'visaStatusChanged']);
    expect((await h.call('DELETE', `/api/establishments/${E1}/subscriptions/${R2}`, as)).status).toBe(200);
    const again = await h.call('DELETE', `/api/establishments/${E1}/subscriptions/${R2}`, as);
    expect([again.status, errorOf(again.body).code]).toEqual([404, 'not_subscribed']);
    expect((await h.call('GET', `/api/establishments/${E1}/subscriptions/${R2}`, as)).status).toBe(404);
    expect((await list()).map((s) => s.idNumber)).toEqual([R1, V1]);

    // While numbers are subscribed, the last contact cannot be removed.
    const none = await h.call('PUT', `/api/establishments/${E1}/contacts`, { ...as, body: { mobile: null, email: null } });
    expect([none.status, errorOf(none.body).code]).toEqual([422, 'no_contact']);

    // Each change is audited in the key's office, one row per number, by the key.
    const audited = await h.store.query<{ action: string; subject: string; actor_kind: string }>(
      `SELECT action, subject, actor_kind FROM audit_log WHERE office_id = $1 AND action LIKE 'subscription.%' ORDER BY audit_id`,
      [office],
    );
    expect(audited.filter((a) => a.action !== 'subscription.read').map((a) => [a.action, a.subject])).toEqual([
      ['subscription.set', R1], ['subscription.set', R2], ['subscription.set', V1], ['subscription.set', R1], ['subscription.removed', R2],
    ]);
    expect(new Set(audited.map((a) => a.actor_kind))).toEqual(new Set(['establishment']));
  });

  it('opens only its own establishment with a key, which a supervisor sees once and can revoke', async () => {
    const own = await issue(E1);
    const other = await issue(E2);
    await h.call('PUT', `/api/establishments/${E2}/contacts`, { token: other.key, body: { mobile: '0501112222' } });
    expect((await h.call('PUT', `/api/establishments/${E2}/subscriptions/${THEIRS}`, { token: other.key, body: { events: ['exit'] } })).status).toBe(200);
    // Another establishment's key: refused on every route of E1, and E1's subscriptions are untouched.
    const before = (await h.call<Listing>('GET', `/api/establishments/${E1}/subscriptions`, { token: own.key })).body;
    for (const [method, path, body] of [
      ['GET', `/api/establishments/${E1}/subscriptions`, undefined],
      ['PUT', `/api/establishments/${E1}/subscriptions`, { subscriptions: [{ idNumber: R1, events: ['exit'] }] }],
      ['DELETE', `/api/establishments/${E1}/subscriptions/${R1}`, undefined],
      ['PUT', `/api/establishments/${E1}/contacts`, { mobile: '0500000000' }],
    ] as const) {
      const r = await h.call(method, path, { token: other.key, ...(body ? { body } : {}) });
      expect([r.status, errorOf(r.body).code], `${method} ${path}`).toEqual([403, 'forbidden']);
    }
    expect((await h.call<Listing>('GET', `/api/establishments/${E1}/subscriptions`, { token: own.key })).body).toEqual(before);
    // E1's key cannot subscribe E2's worker under E2 either.
    expect((await h.call('PUT', `/api/establishments/${E2}/subscriptions/${THEIRS}`, { token: own.key, body: { events: ['entry'] } })).status).toBe(403);

    const listed = await h.call<{ keys: { keyId: string; establishmentId: string }[] }>('GET', '/api/admin/establishment-keys', { token: supervisor });
    expect(listed.body.keys.map((k) => k.keyId)).toContain(own.keyId);
    expect(JSON.stringify(listed.body)).not.toContain(own.key);
    expect((await h.call('POST', `/api/admin/establishment-keys/${own.keyId}/revoke`, { token: supervisor })).status).toBe(200);
    const revoked = await h.call('GET', `/api/establishments/${E1}/subscriptions`, { token: own.key });
    expect([revoked.status, errorOf(revoked.body).code]).toEqual([401, 'key_revoked']);
    const unknownEst = await h.call('POST', '/api/admin/establishment-keys', { token: supervisor, body: { establishmentId: '7099999999' } });
    expect([unknownEst.status, errorOf(unknownEst.body).code]).toEqual([404, 'establishment_unknown']);
    const forged = await h.call('GET', `/api/establishments/${E1}/subscriptions`, { token: `est_${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
  });
  it('gives an establishment its report on its own people, as JSON or a spreadsheet in Arabic or English, audited', async () => {
    const { key } = await issue(E1);
    const as = { token: key };
    const json = await h.call<{ people: { idNumber: string }[] }>('GET', `/api/establishments/${E1}/report?day=2026-03-01`, as);
    expect(json.status).toBe(200);
    expect(json.body.people.map((p) => p.idNumber).sort()).toEqual([R1, R2, V1].sort());
    const csv = await h.app.request(`/api/establishments/${E1}/report?day=2026-03-01&format=csv&language=ar`, { headers: { authorization: `Bearer ${key}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM that makes a spreadsheet read UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text).toMatch(/[\u0600-\u06ff]/);
    expect(text).not.toContain(THEIRS);
    for (const bad of ['day=2024-02-30', 'format=pdf', 'language=ur', 'colour=red']) {
      const r = await h.call('GET', `/api/establishments/${E1}/report?${bad}`, as);
      expect(r.status, bad).toBe(400);
    }
    expect((await h.call('GET', `/api/establishments/${E2}/report`, as)).status).toBe(403);
    const audited = await h.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.read' AND actor_kind = 'establishment'`);
    expect(audited[0]?.n).toBe(2);
  });
});
