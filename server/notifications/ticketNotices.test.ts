/**
 * Ticket notices (issue 11) on both engines: a mobile left at the kiosk (sealed with the
 * ticket's link key) gets the status link in the kiosk's language, "your turn is near"
 * once when the place reaches the setting, nothing once the ticket is called; the
 * resident's "I need 10 more minutes" moves the ticket back, once; no device ever sees the
 * mobile, and it is erased when the ticket ends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ticketKey, ticketKeyHash } from '../../shared/domain/ticketKey.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import type { ApiError, MutationEnvelope, PublicTicketStatus, PullResponse, PushResponse } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, envelope, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';
import { DeliveryWorker, type Channel, type RenderedMessage } from './delivery.ts';
import { TurnNotices } from './ticketNotices.ts';

describeEngines('ticket notices', (engine) => {
  let h: Harness;
  let office: string;
  let kiosk: Device;
  let counter: Device;
  let session: { sessionId: string };
  let sealKey: string;
  let kioskSeq = 0;
  let counterSeq = 0;
  const sent: RenderedMessage[] = [];
  const channel: Channel = { send: async (m) => (sent.push(m), { delivered: true }) };
  let worker: DeliveryWorker;
  let kicks = 0;
  let notices: TurnNotices;

  beforeAll(async () => {
    h = await Harness.open(engine);
    office = await h.newOffice();
    kiosk = await h.enroll(office, 'kiosk');
    counter = await h.enroll(office, 'counter');
    session = await h.signIn(counter, '1001', 1);
    sealKey = (await h.call<{ sealKey: string }>('GET', '/api/kiosk/day', { token: kiosk.token })).body.sealKey;
    // Only the place counts here ("3 or fewer ahead"): the estimate setting is set out of reach.
    await h.store.query(
      `UPDATE offices SET config = jsonb_set(config, '{settings,queue}', COALESCE(config->'settings'->'queue', '{}'::jsonb) || '{"turnNearMinutes": 1}'::jsonb)
        WHERE office_id = $1`,
      [office],
    );
    worker = new DeliveryWorker(h.store, { sms: channel, email: channel }, { clock: () => h.now, linkBase: 'https://jawazat.example/' });
    notices = new TurnNotices(h.store, { kick: () => void (kicks += 1) }, { clock: () => h.now });
  });
  afterAll(() => h?.close());

  /** A ticket with its QR key; `mobile`: left at the kiosk in the same push, as the kiosk sends it. */
  async function ticket(mobile?: string, language = 'ur'): Promise<{ id: string; code: string; key: string; results: PushResponse['results'] }> {
    const m = issue(++kioskSeq, kiosk, kioskSeq);
    const id = ticketIdOf(m);
    const key = await ticketKey(kiosk.token, id);
    const batch: MutationEnvelope[] = [{ ...m, args: { ...(m.args as object), leaveKeyHash: await ticketKeyHash(key) } }];
    if (mobile) batch.push(envelope(++kioskSeq, 'ticket.notify', { ticketId: id, sealedContact: await sealText(sealKey, `${mobile} ${key}`), language }, null));
    const r = await h.push<PushResponse>(kiosk, batch);
    return { id, code: (m.args as { publicCode: string }).publicCode, key, results: r.body.results };
  }

  const messagesOf = (id: string) =>
    h.store.query<{ template: string; recipient: string; status: string; params: Record<string, unknown>; language: string }>(
      `SELECT template, recipient, status, params, language FROM outgoing_messages WHERE office_id = $1 AND event_ref = $2 ORDER BY created_at, template`,
      [office, id],
    );
  const callTicket = (id: string) => h.push(counter, [act(++counterSeq, 'ticket.call', id, 1, session)]);
  const status = async (code: string) => (await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${code}`)).body;

  it('texts the status link at once, in the kiosk language, with the key; no device ever sees the mobile', async () => {
    const t = await ticket('0551234567', 'ur');
    expect(t.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const rows = await messagesOf(t.id);
    expect(rows).toMatchObject([{ template: 'ticketLink', recipient: '0551234567', status: 'queued', language: 'ur' }]);
    expect(await worker.runOnce()).toBe(1);
    const text = sent.at(-1)?.text ?? '';
    expect(text).toContain(`https://jawazat.example/t/${t.code}#${t.key}`);
    expect(text).toMatch(/^جوازات: آپ کا ٹکٹ نمبر M\d-\d{3} ہے۔/);
    const display = await h.enroll(office, 'display');
    for (const reader of [display, counter, kiosk]) {
      const pulled = await h.call<PullResponse>('GET', '/api/sync/pull?cursor=0&limit=1000', { token: reader.token });
      expect(JSON.stringify(pulled.body)).not.toContain('0551234567');
    }
    // The kiosk resending the same change (a lost answer) makes no second message.
    const again = await h.push<PushResponse>(kiosk, [
      envelope(kioskSeq, 'ticket.notify', { ticketId: t.id, sealedContact: await sealText(sealKey, `0551234567 ${t.key}`), language: 'ur' }, null),
    ]);
    expect(again.body.results[0]?.status).toBe('applied');
    expect(await messagesOf(t.id)).toHaveLength(1);
  });

  it('refuses a mobile that is not Saudi, or sealed with another ticket\'s key, with its reason', async () => {
    const a = await ticket();
    const b = await ticket();
    const notify = async (ticketId: string, contact: string) =>
      (await h.push<PushResponse>(kiosk, [envelope(++kioskSeq, 'ticket.notify', { ticketId, sealedContact: await sealText(sealKey, contact), language: 'ar' }, null)]))
        .body.results[0];
    expect(await notify(a.id, `0612345678 ${a.key}`)).toMatchObject({ status: 'rejected', reason: { code: 'invalid_contact' } });
    expect(await notify(a.id, `0551234567 ${b.key}`)).toMatchObject({ status: 'rejected', reason: { code: 'ticket_key_mismatch' } });
    expect(await messagesOf(a.id)).toEqual([]);
  });

  it('says "your turn is near" once, when three or fewer are ahead; never once the ticket was called', async () => {
    // Start from an empty line: everyone waiting so far is called and served.
    for (const row of await h.store.query<{ ticket_id: string }>(`SELECT ticket_id FROM tickets WHERE office_id = $1 AND status = 'waiting' ORDER BY issued_version`, [office])) {
      await callTicket(row.ticket_id);
      await h.push(counter, [act(++counterSeq, 'ticket.start', row.ticket_id, 1, session), act(++counterSeq, 'ticket.complete', row.ticket_id, 1, session)]);
    }
    const ahead = [await ticket(), await ticket(), await ticket(), await ticket()];
    const t = await ticket('0559876543', 'en');
    expect((await status(t.code)).ahead).toBe(4);
    expect(await notices.checkOffice(office)).toBe(0);
    await callTicket(ahead[0]!.id);
    expect((await status(t.code)).ahead).toBe(3);
    kicks = 0;
    expect(await notices.checkOffice(office)).toBe(1);
    expect(kicks).toBe(1);
    expect(await notices.checkOffice(office)).toBe(0); // once
    const near = (await messagesOf(t.id)).find((m) => m.template === 'turnNear');
    expect(near).toMatchObject({ status: 'queued', language: 'en' });
    // Called before the worker got to it: dropped, not sent late.
    for (const a of ahead.slice(1)) await callTicket(a.id);
    await callTicket(t.id);
    sent.length = 0;
    await worker.runOnce();
    expect(sent.map((m) => m.template)).toEqual(['ticketLink']);
    expect((await messagesOf(t.id)).find((m) => m.template === 'turnNear')?.status).toBe('dropped');
    // The mobile and the key are erased once the ticket has ended.
    await h.push(counter, [act(++counterSeq, 'ticket.start', t.id, 1, session), act(++counterSeq, 'ticket.complete', t.id, 1, session)]);
    await notices.checkOffice(office);
    const [kept] = await h.store.query<{ mobile: string | null; link_key: string | null }>(
      'SELECT mobile, link_key FROM ticket_notices WHERE office_id = $1 AND ticket_id = $2',
      [office, t.id],
    );
    expect(kept).toEqual({ mobile: null, link_key: null });
    for (const a of ahead.slice(1)) {
      await h.push(counter, [act(++counterSeq, 'ticket.start', a.id, 1, session), act(++counterSeq, 'ticket.complete', a.id, 1, session)]);
    }
  });

  it('moves a resident who needs 10 more minutes back three places, once, and every device hears of it', async () => {
    const line = [await ticket(), await ticket(), await ticket(), await ticket(), await ticket(), await ticket()];
    const first = line[0]!;
    const before = (await status(first.code)).ahead;
    const answer = (body: unknown) => h.call<{ movedBack: number } & ApiError>('POST', `/api/public/tickets/${first.code}/answer`, { body });
    expect((await answer({ answer: 'moreTime' })).body.error.code).toBe('ticket_key_needed');
    expect((await answer({ answer: 'later', key: first.key })).status).toBe(400);
    const moved = await answer({ answer: 'moreTime', key: first.key });
    expect(moved).toMatchObject({ status: 200, body: { movedBack: 3 } });
    expect(await status(first.code)).toMatchObject({ ahead: before + 3, answer: 'moreTime', canAskMoreTime: false });
    expect((await status(line[4]!.code)).ahead).toBe(before + 4); // behind the one it moved behind
    expect((await answer({ answer: 'moreTime', key: first.key })).body.error.code).toBe('already_deferred');
    expect((await answer({ answer: 'onMyWay', key: first.key })).status).toBe(200);
    expect((await status(first.code)).answer).toBe('onMyWay');
    // The counters' queues hear of it: the pulled ticket carries its new place, and "call next" skips it.
    const pulled = await h.call<PullResponse>('GET', '/api/sync/pull?cursor=0&limit=1000', { token: counter.token });
    const row = pulled.body.changes.find((c) => c.entity === 'ticket' && c.data.ticketId === first.id);
    expect(row?.entity === 'ticket' && typeof row.data.queueOrder).toBe('number');
    const events = await h.store.query<{ type: string; source: string }>(
      `SELECT type, source FROM ticket_events WHERE office_id = $1 AND ticket_id = $2 ORDER BY version`,
      [office, first.id],
    );
    expect(events.map((e) => e.type)).toEqual(['issued', 'deferred']);
  });
  it('lets the console compare no-shows of tickets with a notice and without', async () => {
    const supervisor = await h.supervisor(office);
    const before = (await h.call<{ ticketNotices: { withNotice: { ended: number; noShows: number }; withoutNotice: { ended: number; noShows: number }; moreTime: number; onMyWay: number } }>(
      'GET', '/api/admin/messages', { token: supervisor })).body.ticketNotices;
    // One resident who left a mobile misses the turn; one who did not is served.
    const missed = await ticket('0551112222', 'ar');
    const served = await ticket();
    for (const [t, end] of [[missed, 'ticket.noShow'], [served, 'ticket.complete']] as const) {
      await callTicket(t.id);
      if (end === 'ticket.complete') await h.push(counter, [act(++counterSeq, 'ticket.start', t.id, 1, session)]);
      for (let i = 0; i < 3 && end === 'ticket.noShow'; i++) await h.push(counter, [act(++counterSeq, 'ticket.recall', t.id, 1, session)]);
      h.now += 5 * 60_000;
      const r = await h.push<PushResponse>(counter, [act(++counterSeq, end, t.id, 1, session)]);
      expect(r.body.results[0]?.status, end).toBe('applied');
    }
    const after = (await h.call<{ ticketNotices: typeof before }>('GET', '/api/admin/messages', { token: supervisor })).body.ticketNotices;
    expect(after.withNotice).toEqual({ ended: before.withNotice.ended + 1, noShows: before.withNotice.noShows + 1 });
    expect(after.withoutNotice).toEqual({ ended: before.withoutNotice.ended + 1, noShows: before.withoutNotice.noShows });
    expect(after).toMatchObject({ moreTime: 1, onMyWay: 1 }); // the resident who moved back, then said "on my way"
  });
});
