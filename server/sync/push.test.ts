/** Push: exactly-once, gaps, refusals that still advance, the two-counters race, all-or-nothing. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, PushResponse } from '../../shared/sync/protocol.ts';
import { SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, envelope, Harness, issue, ticketIdOf } from '../testing/harness.ts';

describeEngines('sync push', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  async function officeVersion(officeId: string): Promise<number> {
    const [row] = await h.store.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1', [officeId]);
    return row?.version ?? -1;
  }

  it('applies a batch once: the same batch again returns the same results and changes nothing', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const batch = [issue(1, kiosk, 1), issue(2, kiosk, 2, 'women'), issue(3, kiosk, 3)];
    const first = await h.push<PushResponse>(kiosk, batch);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      results: [
        { seq: 1, status: 'applied', version: 1 },
        { seq: 2, status: 'applied', version: 2 },
        { seq: 3, status: 'applied', version: 3 },
      ],
      nextSeq: 4,
      version: 3,
    });
    const again = await h.push<PushResponse>(kiosk, batch);
    expect(again.body).toEqual(first.body);
    expect(await officeVersion(office)).toBe(3);
    const [count] = await h.store.query<{ n: number }>('SELECT count(*) AS n FROM ticket_events WHERE office_id = $1', [office]);
    expect(count?.n).toBe(3);
    // Out-of-order batches are taken in seq order.
    const mixed = await h.push<PushResponse>(kiosk, [issue(5, kiosk, 5), issue(4, kiosk, 4)]);
    expect(mixed.body.results.map((r) => r.seq)).toEqual([4, 5]);
  });

  it('refuses a public code another office\'s ticket holds, and a code two offices share names no ticket', async () => {
    const [a, b] = [await h.newOffice(), await h.newOffice()];
    const kioskA = await h.enroll(a, 'kiosk');
    const kioskB = await h.enroll(b, 'kiosk');
    const first = issue(1, kioskA, 1);
    const code = (first.args as { publicCode: string }).publicCode;
    expect((await h.push<PushResponse>(kioskA, [first])).body.results[0]).toMatchObject({ status: 'applied' });
    const again = issue(1, kioskB, 1);
    const clash = await h.push<PushResponse>(kioskB, [{ ...again, args: { ...(again.args as object), publicCode: code } }]);
    expect(clash.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'public_code_taken' } });
    expect((await h.call('GET', `/api/public/tickets/${code}`)).status).toBe(200);
    // Two pushes that raced past the check: the phone gets neither office's ticket.
    await h.store.query(
      `INSERT INTO tickets SELECT (jsonb_populate_record(t, jsonb_build_object('ticket_id', gen_random_uuid(), 'office_id', $2::text, 'issued_by_device', $3::uuid))).*
         FROM tickets t WHERE t.public_code = $1`,
      [code, b, kioskB.deviceId],
    );
    expect((await h.call('GET', `/api/public/tickets/${code}`)).status).toBe(404);
  });

  it('answers a seq repeated inside one batch with its one result, and refuses a reused public code in the same batch', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const first = issue(1, kiosk, 1);
    const sameCode = { ...issue(2, kiosk, 2), args: { ...(issue(2, kiosk, 2).args as object), publicCode: (first.args as { publicCode: string }).publicCode } };
    const r = await h.push<PushResponse>(kiosk, [first, first, sameCode]);
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { seq: 1, status: 'applied', version: 1 },
      { seq: 1, status: 'applied', version: 1 },
      { seq: 2, status: 'rejected', version: 1, reason: { code: 'public_code_taken', message: expect.any(String) } },
    ]);
    const events = await h.store.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events WHERE office_id = $1', [office]);
    expect(events[0]?.n).toBe(1);
  });

  it('stops at a gap and tells the device where to resume', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const r = await h.push<PushResponse>(kiosk, [issue(1, kiosk, 1), issue(3, kiosk, 3)]);
    expect(r.body.results.map((x) => x.seq)).toEqual([1]);
    expect(r.body.nextSeq).toBe(2);
    const onlyAhead = await h.push<PushResponse>(kiosk, [issue(4, kiosk, 4)]);
    expect(onlyAhead.body).toEqual({ results: [], nextSeq: 2, version: 1 });
  });

  it('records a refused mutation and still advances next_seq', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const bad = envelope(1, 'ticket.issue', { ticketId: 'nope' }, null);
    const unknown = envelope(2, 'ticket.teleport', {}, null);
    const r = await h.push<PushResponse>(kiosk, [bad, unknown, issue(3, kiosk, 1)]);
    expect(r.body.results).toEqual([
      { seq: 1, status: 'rejected', version: 0, reason: { code: 'invalid_args', message: expect.stringContaining('ticketId') } },
      { seq: 2, status: 'rejected', version: 0, reason: { code: 'invalid_args', message: 'unknown mutation "ticket.teleport"' } },
      { seq: 3, status: 'applied', version: 1 },
    ]);
    expect(r.body.nextSeq).toBe(4);
    const ledger = await h.store.query<{ seq: number; status: string }>(
      'SELECT seq, status FROM applied_mutations WHERE office_id = $1 ORDER BY seq',
      [office],
    );
    expect(ledger).toEqual([
      { seq: 1, status: 'rejected' },
      { seq: 2, status: 'rejected' },
      { seq: 3, status: 'applied' },
    ]);
  });

  it('refuses what the kiosk may not do, and what does not fit the office', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const first = issue(1, kiosk, 1);
    const other = await h.enroll(office, 'kiosk');
    const r = await h.push<PushResponse>(kiosk, [
      first,
      act(2, 'ticket.call', ticketIdOf(first), 1, null),
      envelope(3, 'ticket.issue', { ...(issue(3, kiosk, 2).args as object), sectionId: 'children' }, null),
      issue(4, other, 3), // another kiosk's number prefix
      envelope(5, 'ticket.issue', { ...(issue(5, kiosk, 4).args as object), publicCode: (first.args as { publicCode: string }).publicCode }, null),
      issue(6, kiosk, 5, 'men', ticketIdOf(first)),
    ]);
    expect(r.body.results.map((x) => (x.status === 'rejected' ? x.reason.code : x.status))).toEqual([
      'applied',
      'forbidden',
      'unknown_section',
      'display_number_mismatch',
      'public_code_taken',
      'ticket_exists',
    ]);
  });

  it('rejects a second counter calling the same ticket with already_called and its params', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const c1 = await h.enroll(office, 'counter');
    const c2 = await h.enroll(office, 'counter');
    const s1 = await h.signIn(c1, '1001', 1);
    const s2 = await h.signIn(c2, '1002', 2);
    const t = issue(1, kiosk, 7);
    await h.push(kiosk, [t]);
    const won = await h.push<PushResponse>(c1, [act(1, 'ticket.call', ticketIdOf(t), 1, s1)]);
    expect(won.body.results[0]).toEqual({ seq: 1, status: 'applied', version: 2 });
    const lost = await h.push<PushResponse>(c2, [act(1, 'ticket.call', ticketIdOf(t), 2, s2)]);
    expect(lost.body.results[0]).toEqual({
      seq: 1,
      status: 'rejected',
      version: 2,
      reason: { code: 'already_called', message: expect.stringContaining('counter 1'), params: { number: 'M1-007', counter: 1 } },
    });
    const [ticket] = await h.store.query<{ counter_id: number; officer_badge: string; status: string }>(
      'SELECT counter_id, officer_badge, status FROM tickets WHERE office_id = $1',
      [office],
    );
    expect(ticket).toEqual({ counter_id: 1, officer_badge: '1001', status: 'called' });
  });

  it('runs a ticket through its life and keeps both clocks in the history', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1005', 5);
    const t = issue(1, kiosk, 1, 'women');
    await h.push(kiosk, [t]);
    const id = ticketIdOf(t);
    const r = await h.push<PushResponse>(counter, [
      envelope(1, 'counter.open', { counterId: 5 }, s.sessionId),
      act(2, 'ticket.call', id, 5, s),
      act(3, 'ticket.recall', id, 5, s),
      act(4, 'ticket.start', id, 5, s),
      act(5, 'ticket.complete', id, 5, s),
      act(6, 'ticket.call', id, 6, s), // another counter than the session's
    ]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'rejected']);
    expect(r.body.results[5]).toMatchObject({ reason: { code: 'wrong_counter', params: { counter: 5 } } });
    const events = await h.store.query<{ type: string; device_seq: number; device_time: number; server_time: Date; officer_badge: string | null }>(
      'SELECT type, device_seq, device_time, server_time, officer_badge FROM ticket_events WHERE office_id = $1 ORDER BY version',
      [office],
    );
    expect(events.map((e) => e.type)).toEqual(['issued', 'called', 'recalled', 'started', 'completed']);
    // Four changes to one ticket in one batch: its row holds the last state.
    const rows = await h.store.query('SELECT status, call_count, version FROM tickets WHERE office_id = $1 AND ticket_id = $2', [office, id]);
    expect(rows).toEqual([{ status: 'done', call_count: 2, version: 6 }]);
    expect(events[1]).toMatchObject({ device_seq: 2, officer_badge: '1005', server_time: new Date(h.now) });
    expect(events[1]?.device_time).toBe(r.body.results.length > 0 ? events[1]?.device_time : 0);
    const counterEvents = await h.store.query('SELECT counter_id, type, officer_badge FROM counter_events WHERE office_id = $1', [office]);
    expect(counterEvents).toEqual([{ counter_id: 5, type: 'open', officer_badge: '1005' }]);
  });

  it('carries priority, appointment and the quoted wait; transfers, parks and resumes; logs reasons; limits recalls', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const s = await h.signIn(counter, '1001', 1);
    const base = issue(1, kiosk, 1);
    const t = { ...base, args: { ...(base.args as object), priority: 'elderly', service: 'iqama.renew', quotedWaitMin: 5, quotedWaitMax: 15 } };
    expect((await h.push<PushResponse>(kiosk, [t])).body.results[0]?.status).toBe('applied');
    const id = ticketIdOf(base);
    const r = await h.push<PushResponse>(counter, [
      envelope(1, 'ticket.call', { ticketId: id, counterId: 1, reason: 'called out of order: wheelchair' }, s.sessionId),
      act(2, 'ticket.recall', id, 1, s),
      act(3, 'ticket.recall', id, 1, s),
      act(4, 'ticket.recall', id, 1, s), // the office allows two recalls
      act(5, 'ticket.start', id, 1, s),
      act(6, 'ticket.park', id, 1, s),
      act(7, 'ticket.resume', id, 1, s),
      envelope(8, 'ticket.transfer', { ticketId: id, counterId: 1, serviceGroup: 'finalExit', targetCounterId: 2, reason: 'needs final exit' }, s.sessionId),
      envelope(9, 'ticket.transfer', { ticketId: id, counterId: 1, serviceGroup: 'nope', targetCounterId: null }, s.sessionId),
    ]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied', 'applied', 'applied', 'rejected']);
    expect(r.body.results[3]).toMatchObject({ reason: { code: 'recall_limit' } });
    expect(r.body.results[8]).toMatchObject({ reason: { code: 'invalid_args' } });
    const [row] = await h.store.query('SELECT status, service_group, target_counter_id, priority, service, quoted_wait_min, quoted_wait_max, issued_version, call_count FROM tickets WHERE office_id = $1', [office]);
    expect(row).toEqual({ status: 'waiting', service_group: 'finalExit', target_counter_id: 2, priority: 'elderly', service: 'iqama.renew', quoted_wait_min: 5, quoted_wait_max: 15, issued_version: 1, call_count: 0 });
    const events = await h.store.query<{ type: string; reason: string | null }>('SELECT type, reason FROM ticket_events WHERE office_id = $1 ORDER BY version', [office]);
    expect(events).toEqual([
      { type: 'issued', reason: null },
      { type: 'called', reason: 'called out of order: wheelchair' },
      { type: 'recalled', reason: null },
      { type: 'recalled', reason: null },
      { type: 'started', reason: null },
      { type: 'parked', reason: null },
      { type: 'resumed', reason: null },
      { type: 'transferred', reason: 'needs final exit' },
    ]);
  });

  it('refuses officer mutations without a valid session of this device', async () => {
    const office = await h.newOffice();
    const c1 = await h.enroll(office, 'counter');
    const c2 = await h.enroll(office, 'counter');
    const s2 = await h.signIn(c2, '1003', 3);
    const r = await h.push<PushResponse>(c1, [
      envelope(1, 'counter.open', { counterId: 3 }, null),
      envelope(2, 'counter.open', { counterId: 3 }, 'not-a-uuid'),
      envelope(3, 'counter.open', { counterId: 3 }, s2.sessionId), // bound to another device
    ]);
    expect(r.body.results.map((x) => (x.status === 'rejected' ? x.reason.code : x.status))).toEqual([
      'session_invalid',
      'session_invalid',
      'session_invalid',
    ]);
  });

  it('rejects the whole push with 409 schema_too_new when a mutation is from a newer app', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const r = await h.push<ApiError>(kiosk, [issue(1, kiosk, 1), { ...issue(2, kiosk, 2), schemaVersion: SCHEMA_VERSION + 1 }]);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('schema_too_new');
    expect(await officeVersion(office)).toBe(0);
  });

  it('refuses a push for another device id (403)', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const other = await h.enroll(office, 'kiosk');
    const r = await h.call<ApiError>('POST', '/api/sync/push', { token: kiosk.token, body: { deviceId: other.deviceId, mutations: [issue(1, kiosk, 1)] } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('device_mismatch');
  });

  it('leaves nothing behind when the database fails mid-push', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    await h.store.exec(`
      CREATE FUNCTION test_fail_on_999() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.display_number LIKE '%-999' THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fail_on_999 BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION test_fail_on_999();`);
    try {
      const r = await h.push<ApiError>(kiosk, [issue(1, kiosk, 1), issue(2, kiosk, 2), issue(3, kiosk, 999)]);
      expect(r.status).toBe(500);
      expect(r.body).toEqual({ error: { code: 'internal', message: 'internal server error' } });
    } finally {
      await h.store.exec('DROP TRIGGER test_fail_on_999 ON tickets; DROP FUNCTION test_fail_on_999();');
    }
    expect(await officeVersion(office)).toBe(0);
    const left = await h.store.query(
      `SELECT 'ticket' FROM tickets WHERE office_id = $1 UNION ALL SELECT 'ledger' FROM applied_mutations WHERE office_id = $1
       UNION ALL SELECT 'event' FROM ticket_events WHERE office_id = $1`,
      [office],
    );
    expect(left).toEqual([]);
    const [device] = await h.store.query<{ next_seq: number }>('SELECT next_seq FROM devices WHERE device_id = $1', [kiosk.deviceId]);
    expect(device?.next_seq).toBe(1);
    // The device retries the same batch once the fault is gone and everything applies.
    const retry = await h.push<PushResponse>(kiosk, [issue(1, kiosk, 1), issue(2, kiosk, 2)]);
    expect(retry.body.nextSeq).toBe(3);
  });

  it('survives hostile strings without blocking the device', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const r = await h.push<PushResponse>(kiosk, [
      envelope(1, 'bad\u0000name\uD800', { 'k\u0000': 'v\u0000\uDC00' }, null),
      { ...issue(2, kiosk, 1), deviceTime: 1e20 },
      issue(3, kiosk, 2),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'applied']);
  });
});
