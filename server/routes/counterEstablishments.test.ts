/**
 * An establishment's notices at the counter (issue 11): only after its representative read
 * back the code sent to the establishment's registered mobile, only for that establishment,
 * officer and terminal; a change set applies all or nothing and names what it refuses;
 * every read and change is audited with the officer's badge.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { toJsonb } from '../http/errors.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness } from '../testing/harness.ts';
import { insertEstablishment, insertPeople, testNumber, testPerson } from '../testing/registryRecords.ts';
import { OPEN_MS } from './counterEstablishments.ts';

const E1 = '7010000000';
const E2 = '7010007919';
const E1_MOBILE = '0551110000';
const R1 = testNumber('2', 21);
const R2 = testNumber('2', 22);
const THEIRS = testNumber('2', 23); // sponsored by E2
const NOBODY = testNumber('2', 24); // valid, not in the registry

interface Notices {
  establishment: { establishmentId: string };
  contacts: { mobile: string | null; email: string | null; language: string } | null;
  subscriptions: { idNumber: string; events: string[] }[];
}
type Answer = Notices & ApiError & { added?: number; changed?: number; removed?: number };

describeEngines('establishment notices at the counter', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await h.store.query('INSERT INTO establishments (establishment_id, record) VALUES ($1, $2::jsonb)', [
      E1,
      toJsonb({ establishmentId: E1, name: { ar: 'مؤسسة', en: 'Est.' }, subscription: { kind: 'operations', remaining: 4 }, contact: { mobile: E1_MOBILE, language: 'ar' } }),
    ]);
    await insertEstablishment(h.store, E2); // no registered mobile
    await insertPeople(h.store, [testPerson(R1, E1), testPerson(R2, E1), testPerson(THEIRS, E2)], h.now);
  });
  afterAll(() => h?.close());

  async function counterFor(badge: string, counterId: number) {
    const office = await h.newOffice();
    const device = await h.enroll(office, 'counter');
    const session = await h.signIn(device, badge, counterId);
    const as = { token: device.token, headers: { 'x-officer-session': session.token } };
    /** Sends a code for `establishmentId` and verifies it; the code's id. */
    const openFor = async (establishmentId: string) => {
      const sent = await h.call<{ codeId: string; sentTo: string }>('POST', '/api/counter/security-codes', {
        ...as,
        body: { establishmentId, transactionId: crypto.randomUUID() },
      });
      expect(sent.status).toBe(201);
      expect(sent.body.sentTo).toBe(`••••••${E1_MOBILE.slice(-2)}`);
      const [message] = await h.store.query<{ recipient: string; params: { code: string } }>(
        `SELECT recipient, params FROM outgoing_messages WHERE office_id = $1 AND event_ref = $2`,
        [office, sent.body.codeId],
      );
      expect(message?.recipient).toBe(E1_MOBILE); // the registry's mobile, never shown to the officer
      const verified = await h.call('POST', `/api/counter/security-codes/${sent.body.codeId}/verify`, { ...as, body: { code: message?.params.code } });
      expect(verified.status).toBe(200);
      return sent.body.codeId;
    };
    const withCode = (codeId: string | null) => ({ ...as, headers: { ...as.headers, ...(codeId ? { 'x-security-code': codeId } : {}) } });
    const get = (codeId: string | null, establishmentId = E1) => h.call<Answer>('GET', `/api/counter/establishments/${establishmentId}/notices`, withCode(codeId));
    const put = (codeId: string | null, body: unknown, establishmentId = E1) =>
      h.call<Answer>('PUT', `/api/counter/establishments/${establishmentId}/notices`, { ...withCode(codeId), body });
    return { office, device, as, openFor, get, put, withCode };
  }

  it('sends the code to the establishment’s registered mobile, and refuses one it has none for', async () => {
    const { as, openFor } = await counterFor('1002', 2);
    await openFor(E1);
    const none = await h.call<ApiError>('POST', '/api/counter/security-codes', { ...as, body: { establishmentId: E2, transactionId: crypto.randomUUID() } });
    expect([none.status, none.body.error.code]).toEqual([422, 'no_registered_mobile']);
    const both = await h.call<ApiError>('POST', '/api/counter/security-codes', { ...as, body: { establishmentId: E1, idNumber: R1, transactionId: crypto.randomUUID() } });
    expect(both.status).toBe(400);
    const unknown = await h.call<ApiError>('POST', '/api/counter/security-codes', { ...as, body: { establishmentId: '7099999999', transactionId: crypto.randomUUID() } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'establishment_unknown']);
  });

  it('opens only the establishment the code was verified for, on this terminal, for a while', async () => {
    const mine = await counterFor('1002', 2);
    expect((await mine.get(null)).body.error.code).toBe('security_code_needed');
    expect((await mine.get(null)).status).toBe(428);
    const codeId = await mine.openFor(E1);
    const opened = await mine.get(codeId);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ establishment: { establishmentId: E1 }, contacts: null, subscriptions: [] });
    expect(JSON.stringify(opened.body)).not.toContain(E1_MOBILE); // the registered mobile stays on the store
    // Another establishment, with this code: refused, and so is a change.
    expect((await mine.get(codeId, E2)).body.error.code).toBe('security_code_needed');
    expect((await mine.put(codeId, { unsubscribe: [THEIRS] }, E2)).status).toBe(428);
    // Another terminal with the same code id: refused.
    const other = await counterFor('1003', 3);
    expect((await other.get(codeId)).status).toBe(428);
    // A code sent but not verified opens nothing.
    const sent = await h.call<{ codeId: string }>('POST', '/api/counter/security-codes', { ...mine.as, body: { establishmentId: E1, transactionId: crypto.randomUUID() } });
    expect((await mine.get(sent.body.codeId)).status).toBe(428);
    expect((await mine.get('not-a-uuid')).status).toBe(400);
    // Verified longer ago than a visit lasts (moved back in the table: the officer's session would lock if the clock moved).
    await h.store.query('UPDATE security_codes SET verified_at = $2 WHERE code_id = $1', [codeId, new Date(h.now - OPEN_MS - 1)]);
    expect((await mine.get(codeId)).body.error.code).toBe('security_code_needed');
  });

  it('applies a change set all or nothing, names the numbers it refuses, and audits each with the officer’s badge', async () => {
    const { office, openFor, get, put } = await counterFor('1002', 2);
    const codeId = await openFor(E1);
    // Subscriptions need somewhere to go: refused, nothing written.
    const noContact = await put(codeId, { subscribe: [{ idNumber: R1, events: ['exit'] }] });
    expect([noContact.status, noContact.body.error.code]).toEqual([422, 'no_contact']);
    // Contacts and numbers in one go; a number of another establishment or unknown refuses the whole set.
    const refused = await put(codeId, {
      contacts: { mobile: '+966 55 123 4567' },
      subscribe: [R1, THEIRS, NOBODY].map((idNumber) => ({ idNumber, events: ['entry', 'exit'] })),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'not_sponsored', details: { notSponsored: [THEIRS], unknown: [NOBODY] } });
    expect((await get(codeId)).body).toMatchObject({ contacts: null, subscriptions: [] }); // the contacts were not kept either
    const done = await put(codeId, {
      contacts: { mobile: '+966 55 123 4567', language: 'en' },
      subscribe: [{ idNumber: R1, events: ['exit', 'entry'] }, { idNumber: R2, events: ['visaIssued'] }],
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      added: 2, changed: 0, removed: 0,
      contacts: { mobile: '0551234567', email: null, language: 'en' },
      subscriptions: [{ idNumber: R1, events: ['entry', 'exit'] }, { idNumber: R2, events: ['visaIssued'] }],
    });
    // Removing a number not subscribed refuses the set, including its other parts.
    const notThere = await put(codeId, { unsubscribe: [R2, THEIRS], contacts: { email: 'hr@example.sa' } });
    expect(notThere.body.error).toMatchObject({ code: 'not_subscribed', details: { numbers: [THEIRS] } });
    expect((await get(codeId)).body.subscriptions).toHaveLength(2);
    expect((await put(codeId, { unsubscribe: [R1], subscribe: [{ idNumber: R1, events: ['exit'] }] })).body.error.code).toBe('duplicate_number');
    expect((await put(codeId, {})).status).toBe(400);
    const changed = await put(codeId, { unsubscribe: [R2], subscribe: [{ idNumber: R1, events: ['passportExpiring'] }] });
    expect(changed.body).toMatchObject({ added: 0, changed: 1, removed: 1, subscriptions: [{ idNumber: R1, events: ['passportExpiring'] }] });

    const rows = await h.store.query<{ actor_kind: string; actor_id: string; action: string; subject: string; details: { establishmentId: string; codeId: string } }>(
      `SELECT actor_kind, actor_id, action, subject, details FROM audit_log WHERE office_id = $1 AND details->>'via' = 'counter' ORDER BY at, action, subject`,
      [office],
    );
    expect(rows.every((r) => r.actor_kind === 'officer' && r.actor_id === '1002' && r.details.establishmentId === E1 && r.details.codeId === codeId)).toBe(true);
    expect(rows.map((r) => `${r.action} ${r.subject}`).sort()).toEqual(
      [
        ...Array(2).fill(`subscriptions.listed ${E1}`),
        `contacts.changed ${E1}`, `subscription.set ${R1}`, `subscription.set ${R2}`,
        `subscription.removed ${R2}`, `subscription.set ${R1}`,
      ].sort(),
    );
  });

  it('gives the report to print, audited, for the opened establishment only', async () => {
    const { office, openFor, withCode } = await counterFor('1002', 2);
    const codeId = await openFor(E1);
    const report = await h.call<{ establishmentId: string; people: unknown[] } & ApiError>('GET', `/api/counter/establishments/${E1}/report?day=2026-03-01&language=en`, withCode(codeId));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ establishmentId: E1 });
    expect(report.body.people.length).toBeGreaterThanOrEqual(2);
    expect((await h.call<ApiError>('GET', `/api/counter/establishments/${E1}/report?day=2026-02-30`, withCode(codeId))).status).toBe(400);
    expect((await h.call<ApiError>('GET', `/api/counter/establishments/${E1}/report?format=csv`, withCode(codeId))).status).toBe(400);
    expect((await h.call<ApiError>('GET', `/api/counter/establishments/${E2}/report`, withCode(codeId))).status).toBe(428);
    const rows = await h.store.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_log WHERE office_id = $1 AND action = 'report.read'`,
      [office],
    );
    expect(rows).toEqual([{ action: 'report.read', actor_id: '1002' }]);
  });
});
