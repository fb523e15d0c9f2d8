/**
 * Counter transactions decided again by the store: applied exactly once with history and
 * a new record version, refused with every failing rule when the record changed after the
 * counter decided, refused when the fee changed, and never applied from a kiosk.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import type { ResidentRecord } from '../../shared/domain/resident.ts';
import { decide, type ServiceRequest } from '../../shared/domain/rules.ts';
import type { PullResponse, PushResponse, ReceiptVerification } from '../../shared/sync/protocol.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import { writtenDate } from '../../shared/domain/dates.ts';
import { setContacts, subscribe } from '../establishments/subscriptions.ts';
import { render } from '../notifications/templates.ts';
import { generateRegistry } from '../registry/generate.ts';
import { seedRegistry } from '../registry/seed.ts';
import { describeEngines } from '../testing/engines.ts';
import { envelope, Harness, type Device } from '../testing/harness.ts';

const TODAY = '2026-03-01';
const SMALL = { seed: 5, residents: 200, visitors: 10, establishments: 10, today: TODAY } as const;
const people = generateRegistry(SMALL).residents;
const ctx = { today: TODAY, fees: DEFAULT_FEES };

/** The first person the rules let have `request`. */
function someoneFor(request: ServiceRequest): ResidentRecord {
  const found = people.find((p) => decide(p, request, ctx).eligible);
  if (!found) throw new Error(`nobody eligible for ${request.service}`);
  return found;
}

describeEngines('counter transactions at the store', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await seedRegistry(h.store, { ...SMALL, now: h.now });
  });
  afterAll(() => h?.close());

  interface CounterDesk {
    device: Device;
    sessionId: string;
    sessionToken: string;
    key: string;
    counterId: number;
  }

  /** Counters signed in so far per office: each terminal takes the next counter number (one session per counter). */
  const desks = new Map<string, number>();

  async function counterAt(office: string): Promise<CounterDesk> {
    const device = await h.enroll(office, 'counter');
    const counterId = (desks.get(office) ?? 0) + 1;
    desks.set(office, counterId);
    const session = await h.signIn(device, '1001', counterId);
    const key = await h.call<{ sealKey: string }>('GET', '/api/device/seal-key', { token: device.token });
    return { device, sessionId: session.sessionId, sessionToken: session.token, key: key.body.sealKey, counterId };
  }

  /** Sends the person a code for the transaction and confirms it as the officer would; returns its id. */
  async function confirmedCode(c: CounterDesk, person: ResidentRecord, transactionId: string): Promise<string> {
    const as = { token: c.device.token, headers: { 'x-officer-session': c.sessionToken } };
    h.now += 1000; // the newest message is this code's
    const sent = await h.call<{ codeId: string }>('POST', '/api/counter/security-codes', { ...as, body: { idNumber: person.idNumber, transactionId } });
    const [message] = await h.store.query<{ params: { code: string } }>(
      `SELECT params FROM outgoing_messages WHERE recipient = $1 ORDER BY created_at DESC, message_id LIMIT 1`,
      [person.mobile],
    );
    const verified = await h.call('POST', `/api/counter/security-codes/${sent.body.codeId}/verify`, { ...as, body: { code: message?.params.code } });
    expect(verified.status).toBe(200);
    return sent.body.codeId;
  }

  async function submit(c: CounterDesk, seq: number, person: ResidentRecord, request: ServiceRequest, over: Record<string, unknown> = {}) {
    const transactionId = typeof over.transactionId === 'string' ? over.transactionId : crypto.randomUUID();
    const args = {
      transactionId,
      securityCodeId: 'securityCodeId' in over ? over.securityCodeId : await confirmedCode(c, person, transactionId),
      ticketId: null,
      counterId: c.counterId,
      sealedIdNumber: await sealText(c.key, person.idNumber),
      request,
      basedOnVersion: 1,
      quotedTotal: decide(person, request, ctx).total,
      payment: { method: 'mada', reference: 'T1' },
      ...over,
    };
    const r = await h.push<PushResponse>(c.device, [envelope(seq, 'transaction.submit', args, c.sessionId)]);
    return { result: r.body.results[0], args };
  }

  async function record(idNumber: string): Promise<{ record: ResidentRecord; version: number }> {
    const rows = await h.store.query<{ record: ResidentRecord; version: string | number }>('SELECT record, version FROM residents WHERE id_number = $1', [idNumber]);
    const row = rows[0];
    if (!row) throw new Error('no such person');
    return { record: row.record, version: Number(row.version) };
  }

  it('renews an iqama once: new expiry, new record version, history, the transaction kept', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const request = { service: 'iqama.renew', months: 12 } as const;
    const person = someoneFor(request);
    const expected = decide(person, request, ctx);
    const { result, args } = await submit(c, 1, person, request);
    expect(result).toMatchObject({ status: 'applied' });
    const after = await record(person.idNumber);
    expect(after.version).toBe(2);
    expect(after.record.iqamaExpiry).toBe(expected.outcome.newIqamaExpiry);
    // The same push again (an answer lost on the way): the recorded result, nothing applied twice.
    const again = await h.push<PushResponse>(c.device, [envelope(1, 'transaction.submit', args, c.sessionId)]);
    expect(again.body.results[0]).toMatchObject({ status: 'applied' });
    expect((await record(person.idNumber)).version).toBe(2);
    const rows = await h.store.query<{ status: string; total: number; id_number: string }>('SELECT status, total, id_number FROM transactions WHERE office_id = $1', [office]);
    expect(rows).toEqual([{ status: 'completed', total: expected.total, id_number: person.idNumber }]);
    const history = await h.store.query<{ changed: string[]; version: string | number }>('SELECT changed, version FROM resident_history WHERE id_number = $1', [person.idNumber]);
    expect(history.map((x) => [x.changed, Number(x.version)])).toEqual([[expected.fees.some((f) => f.code === 'latePenalty') ? ['iqamaExpiry', 'lateRenewals'] : ['iqamaExpiry'], 2]]);
    // Ishaar: the sponsor hears of it once (the repeated push made no second notice), by the person's last four digits only.
    const notices = await h.store.query<{ recipient: string; language: string; params: Record<string, string>; event_ref: string }>(
      `SELECT recipient, language, params, event_ref FROM outgoing_messages WHERE office_id = $1 AND template = 'transactionNotice'`,
      [office],
    );
    const sponsor = person.sponsor;
    if (sponsor.kind !== 'establishment') throw new Error('the first renewable person of this registry has an establishment as sponsor');
    const est = generateRegistry(SMALL).establishments.find((e) => e.establishmentId === sponsor.establishmentId);
    expect(notices).toEqual([
      {
        recipient: est?.contact?.mobile,
        language: est?.contact?.language,
        event_ref: args.transactionId,
        params: expect.objectContaining({ person: `…${person.idNumber.slice(-4)}`, serviceEn: 'Iqama renewal', serviceAr: 'تجديد إقامة' }),
      },
    ]);
    expect(JSON.stringify(notices)).not.toContain(person.idNumber);
  });

  it('sends the decision to the submitting counter only, with a receipt the public page verifies; refuses an unpaid charge', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const other = await counterAt(office);
    const request = { service: 'iqama.renew', months: 12 } as const;
    const eligible = people.filter((p) => decide(p, request, ctx).eligible);
    const person = eligible[3];
    const unpaidPerson = eligible[4];
    if (!person || !unpaidPerson) throw new Error('too few people to renew');
    const unpaid = await submit(c, 1, unpaidPerson, request, { payment: null });
    expect(unpaid.result).toMatchObject({ status: 'rejected', reason: { code: 'payment_missing' } });
    const { result, args } = await submit(c, 2, person, request);
    expect(result).toMatchObject({ status: 'applied' });

    const pulled = await h.call<PullResponse>('GET', '/api/sync/pull?cursor=0', { token: c.device.token });
    const results = pulled.body.changes.flatMap((ch) => (ch.entity === 'transaction' ? [ch.data] : []));
    expect(results.map((r) => [r.status, r.service])).toEqual([
      ['refused', 'iqama.renew'],
      ['completed', 'iqama.renew'],
    ]);
    const done = results[1];
    expect(done).toMatchObject({ transactionId: args.transactionId, total: decide(person, request, ctx).total, recordChanged: false });
    expect(done?.outcome.newIqamaExpiry).toBe(decide(person, request, ctx).outcome.newIqamaExpiry);
    expect(done?.receiptCode).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(results[0]?.receiptCode).toBeNull();
    // Another counter of the same office never receives it.
    const theirs = await h.call<PullResponse>('GET', '/api/sync/pull?cursor=0', { token: other.device.token });
    expect(theirs.body.changes.filter((ch) => ch.entity === 'transaction')).toEqual([]);
    // The payment is kept with the transaction.
    const [paid] = await h.store.query<{ payment: unknown }>('SELECT payment FROM transactions WHERE transaction_id = $1', [args.transactionId]);
    expect(paid?.payment).toEqual({ method: 'mada', reference: 'T1', amount: done?.total });

    // The receipt's QR page: genuine, without a name or a number; unknown and malformed codes are told apart.
    const code = done?.receiptCode ?? '';
    const json = await h.call<ReceiptVerification>('GET', `/api/public/receipts/${code.toLowerCase()}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ genuine: true, receiptCode: code, service: 'iqama.renew', total: done?.total });
    const page = await h.app.request(`/v/${code}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Genuine Jawazat receipt');
    expect(html).not.toContain(person.idNumber);
    expect(html).not.toContain(person.name.en);
    // Nobody can frame it or run script in it: it is shown to whoever scans the receipt.
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await h.app.request('/v/ABCDEFGHJKMN')).status).toBe(404);
    expect((await h.call('GET', '/api/public/receipts/short')).status).toBe(400);
    // A refused transaction has no receipt to verify.
    expect((await h.call('GET', `/api/public/receipts/${'2'.repeat(12)}`)).status).toBe(404);
    // Receipt codes are unique per office (migration 017, for distribution by office): should
    // another office ever hold the same one, the page vouches for neither.
    await h.store.query(
      `INSERT INTO transactions SELECT (jsonb_populate_record(t, jsonb_build_object('transaction_id', gen_random_uuid(), 'office_id', $2::text))).*
         FROM transactions t WHERE t.receipt_code = $1`,
      [code, await h.newOffice()],
    );
    expect((await h.call('GET', `/api/public/receipts/${code}`)).status).toBe(404);
  });

  it('a representative batch uses the establishment’s Muqeem quota, one operation each, and is refused when it runs out', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const request = { service: 'exitReentry.single', months: 1 } as const;
    // An establishment with three employees the rules let have the visa.
    const byEmployer = new Map<string, ResidentRecord[]>();
    // People far down the list: the other tests take the first ones the rules allow.
    for (const p of people.slice(60)) {
      if (p.sponsor.kind !== 'establishment' || !decide(p, request, ctx).eligible) continue;
      byEmployer.set(p.sponsor.establishmentId, [...(byEmployer.get(p.sponsor.establishmentId) ?? []), p]);
    }
    const [employer, staff] = [...byEmployer.entries()].find(([, list]) => list.length >= 3) ?? [];
    if (!employer || !staff) throw new Error('no establishment with three eligible employees');
    await h.store.query(`UPDATE establishments SET record = jsonb_set(record, '{subscription}', '{"kind":"operations","remaining":2}') WHERE establishment_id = $1`, [
      employer,
    ]);
    const outsider = people.slice(60).find((p) => (p.sponsor.kind !== 'establishment' || p.sponsor.establishmentId !== employer) && decide(p, request, ctx).eligible);
    if (!outsider) throw new Error('nobody outside the establishment');
    const as = { representativeFor: employer };
    const results = [];
    for (const [i, person] of [staff[0], staff[1], staff[2]].entries()) {
      if (!person) throw new Error('missing employee');
      results.push((await submit(c, i + 1, person, request, as)).result);
    }
    expect(results.map((r) => (r?.status === 'rejected' ? r.reason.params?.failures : r?.status))).toEqual(['applied', 'applied', 'quotaExhausted']);
    const [est] = await h.store.query<{ record: { subscription: unknown } }>('SELECT record FROM establishments WHERE establishment_id = $1', [employer]);
    expect(est?.record.subscription).toEqual({ kind: 'operations', remaining: 0 });
    const foreign = await submit(c, 4, outsider, request, as);
    expect(foreign.result).toMatchObject({ status: 'rejected', reason: { params: { failures: expect.stringContaining('notSponsoredBy') } } });
    const unknown = await submit(c, 5, outsider, request, { representativeFor: '7999999999' });
    expect(unknown.result).toMatchObject({ status: 'rejected', reason: { code: 'establishment_unknown' } });
    const kept = await h.store.query<{ representative_for: string | null; status: string }>(
      'SELECT representative_for, status FROM transactions WHERE office_id = $1 ORDER BY device_seq',
      [office],
    );
    expect(kept.map((k) => [k.representative_for, k.status])).toEqual([
      [employer, 'completed'],
      [employer, 'completed'],
      [employer, 'refused'],
      [employer, 'refused'],
    ]);
  });

  it('records a transaction the officer cancelled, with the step and the reason, and nothing about the person', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const transactionId = crypto.randomUUID();
    const args = { transactionId, ticketId: null, counterId: 1, service: 'iqama.renew', step: 'quote', reason: 'Resident will come back with the insurance' };
    const pushed = await h.push<PushResponse>(c.device, [envelope(1, 'transaction.cancel', args, c.sessionId)]);
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' });
    const again = await h.push<PushResponse>(c.device, [envelope(1, 'transaction.cancel', args, c.sessionId)]);
    expect(again.body.results[0]).toMatchObject({ status: 'applied' });
    const rows = await h.store.query<{ service: string; step: string; reason: string; officer_badge: string }>(
      'SELECT service, step, reason, officer_badge FROM transaction_cancellations WHERE office_id = $1',
      [office],
    );
    expect(rows).toEqual([{ service: 'iqama.renew', step: 'quote', reason: 'Resident will come back with the insurance', officer_badge: '1001' }]);
    const bad = await h.push<PushResponse>(c.device, [envelope(2, 'transaction.cancel', { ...args, transactionId: crypto.randomUUID(), reason: '' }, c.sessionId)]);
    expect(bad.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'invalid_args' } });
  });

  it('refuses what the counter approved when the record changed meanwhile, and says why', async () => {
    const office = await h.newOffice();
    const first = await counterAt(office);
    const second = await counterAt(office);
    const request = { service: 'exitReentry.single', months: 1 } as const;
    const person = someoneFor(request);
    // Two counters decided on version 1; the first one's visa reaches the store first.
    const a = await submit(first, 1, person, request);
    expect(a.result).toMatchObject({ status: 'applied' });
    const visa = (await record(person.idNumber)).record.visas.at(-1);
    expect(visa).toMatchObject({ kind: 'exitReentrySingle', status: 'issued', issuedOn: TODAY, visaNumber: expect.stringMatching(/^61\d{8}$/) });
    const b = await submit(second, 1, person, request);
    expect(b.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'transaction_refused', params: { failures: 'activeVisaExists', recordChanged: 1 } },
    });
    expect(b.result?.status === 'rejected' ? b.result.reason.message : '').toMatch(/record changed/);
    expect((await record(person.idNumber)).record.visas.filter((v) => v.status === 'issued')).toHaveLength(1);
  });

  it('refuses a fee other than the one quoted, and a number it cannot open', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const request = { service: 'profession.change', profession: { code: 'accountant', domestic: false } } as const;
    const person = people.find((p) => p.profession.code !== 'accountant' && decide(p, request, ctx).eligible);
    if (!person) throw new Error('nobody to change');
    const before = (await record(person.idNumber)).version; // other tests may have served this person
    const wrongFee = await submit(c, 1, person, request, { quotedTotal: 500, basedOnVersion: before });
    expect(wrongFee.result).toMatchObject({ status: 'rejected', reason: { code: 'quote_changed', params: { quoted: 500, now: 1000 } } });
    const junk = await submit(c, 2, person, request, { sealedIdNumber: `${'A'.repeat(342)}==` });
    expect(junk.result).toMatchObject({ status: 'rejected', reason: { code: 'id_number_unreadable' } });
    expect((await record(person.idNumber)).version).toBe(before);
    const badShape = await submit(c, 3, person, request, { request: { service: 'iqama.renew', months: 'twelve' } });
    expect(badShape.result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_args' } });
    expect(badShape.result?.status === 'rejected' ? badShape.result.reason.message : '').toMatch(/^request\.months: /);
    // The one-time code: needed, bound to its transaction and person, and used once.
    expect((await submit(c, 4, person, request, { quotedTotal: 1000, securityCodeId: null })).result).toMatchObject({
      reason: { code: 'security_code_needed' },
    });
    const elsewhere = await confirmedCode(c, person, crypto.randomUUID());
    expect((await submit(c, 5, person, request, { quotedTotal: 1000, securityCodeId: elsewhere })).result).toMatchObject({
      reason: { code: 'security_code_invalid' },
    });
    const txId = crypto.randomUUID();
    const code = await confirmedCode(c, person, txId);
    expect((await submit(c, 6, person, request, { quotedTotal: 1000, transactionId: txId, securityCodeId: code, basedOnVersion: before })).result).toMatchObject({ status: 'applied' });
    expect((await record(person.idNumber)).version).toBe(before + 1);
    const back = { service: 'profession.change', profession: { code: person.profession.code, domestic: false } } as const;
    expect((await submit(c, 7, person, back, { quotedTotal: 1000, transactionId: txId, securityCodeId: code })).result).toMatchObject({
      reason: { code: 'security_code_used' },
    });
    const kiosk = await h.enroll(office, 'kiosk');
    const fromKiosk = await h.push<PushResponse>(kiosk, [envelope(1, 'transaction.submit', wrongFee.args, null)]);
    expect(fromKiosk.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
  });

  it('tells establishments subscribed to visaIssued for the person, in the same transaction, by sms and e-mail in their language', async () => {
    const office = await h.newOffice();
    const c = await counterAt(office);
    const request = { service: 'exitReentry.single', months: 1 } as const;
    // The last eligible person with an establishment sponsor: the earlier tests take the first.
    const person = [...people].reverse().find((p) => p.sponsor.kind === 'establishment' && decide(p, request, ctx).eligible);
    if (person?.sponsor.kind !== 'establishment') throw new Error('nobody eligible with an establishment sponsor');
    const establishmentId = person.sponsor.establishmentId;
    await h.store.tx(async (q) => {
      const at = { establishmentId, officeId: office, now: h.now };
      await setContacts(q, at, { mobile: '+966 55 123 4567', email: 'hr@example.sa', language: 'en' });
      await subscribe(q, at, [{ idNumber: person.idNumber, events: ['visaIssued', 'entry'] }]);
    });
    const { result, args } = await submit(c, 1, person, request);
    expect(result).toMatchObject({ status: 'applied' });
    const messages = await h.store.query<{ channel: string; recipient: string; language: string; params: Record<string, string>; event_kind: string; event_ref: string }>(
      `SELECT channel, recipient, language, params, event_kind, event_ref FROM outgoing_messages WHERE office_id = $1 AND template = 'visaIssued' ORDER BY channel`,
      [office],
    );
    const visa = (await record(person.idNumber)).record.visas.at(-1);
    expect(messages.map((m) => [m.channel, m.recipient, m.language, m.event_kind, m.event_ref])).toEqual([
      ['email', 'hr@example.sa', 'en', 'visaIssued', `${args.transactionId}:${visa?.visaNumber}`],
      ['sms', '0551234567', 'en', 'visaIssued', `${args.transactionId}:${visa?.visaNumber}`],
    ]);
    expect(render('visaIssued', messages[0]?.params ?? {}, 'en')).toBe(
      `Jawazat: a visa was issued for the holder of number …${person.idNumber.slice(-4)}: exit and re-entry visa (single), valid until ${writtenDate(visa?.validUntil ?? '', 'en')}.`,
    );
    expect(JSON.stringify(messages)).not.toContain(person.idNumber);
  });
});
