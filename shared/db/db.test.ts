import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/ticket.ts';
import { actOnTicket, applyPullPage, applyPushResponse, applyStreamPage, callNext, getCursor, issueTicket, outboxCounts, RuleRefusedError, saveClockOffset, saveSession, takePushBatch } from './index.ts';
import { enrolledDb } from './testing.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0);

/** The server's copy of a ticket (no device-side `pending` mark). */
function confirmed(t: Ticket & { pending?: boolean }, version: number, patch: Partial<Ticket> = {}): Ticket {
  const { pending: _pending, ...ticket } = t;
  return { ...ticket, version, issuedVersion: t.issuedVersion || version, ...patch };
}

describe('device database', () => {
  it('issues unique numbers per section and day, with an outbox row in the same write', async () => {
    const db = await enrolledDb('kiosk', 3);
    const a = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const b = await issueTicket(db, { sectionId: 'men', serviceGroup: 'finalExit', now: NOW });
    const c = await issueTicket(db, { sectionId: 'women', serviceGroup: 'residence', now: NOW });
    expect([a.displayNumber, b.displayNumber, c.displayNumber]).toEqual(['M3-001', 'M3-002', 'W3-001']);
    expect(a.pending).toBe(true);
    const batch = await takePushBatch(db, 10);
    expect(batch.map((m) => [m.seq, m.name])).toEqual([
      [1, 'ticket.issue'],
      [2, 'ticket.issue'],
      [3, 'ticket.issue'],
    ]);
    expect((await outboxCounts(db)).pending).toBe(3);
  });

  it('keeps a push under its byte budget, and always sends the oldest change', async () => {
    const db = await enrolledDb('kiosk', 5);
    for (let i = 0; i < 6; i++) await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const all = await takePushBatch(db, 10);
    const oneSize = new TextEncoder().encode(JSON.stringify(all[0])).length + 1;
    const some = await takePushBatch(db, 10, oneSize * 3.5);
    expect(some.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(new TextEncoder().encode(JSON.stringify(some)).length).toBeLessThanOrEqual(oneSize * 3.5);
    expect((await takePushBatch(db, 10, 1)).map((m) => m.seq)).toEqual([1]);
  });

  it('numbers tickets by the office day of the store\'s clock, not of a kiosk clock set a day wrong', async () => {
    const db = await enrolledDb('kiosk', 4);
    const late = NOW - 24 * 3_600_000; // this kiosk's clock is a day behind
    const before = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: late });
    expect(before.serviceDay).toBe('2026-11-21');
    await saveClockOffset(db, 24 * 3_600_000); // the first heartbeat measured it
    const after = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: late + 60_000 });
    // A new day's series: the store files it under the 22nd, so its number starts again there.
    expect([after.serviceDay, after.displayNumber]).toEqual(['2026-11-22', 'M4-001']);
  });

  it('never reuses a number issued under its kiosk number, e.g. before it was re-enrolled', async () => {
    const db = await enrolledDb('kiosk', 2);
    const other = await enrolledDb('kiosk', 2); // the kiosk this one replaced, same number
    const old = await issueTicket(other, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const page = (n: string, version: number) => ({
      changes: [{ entity: 'ticket' as const, version, data: confirmed({ ...old, ticketId: crypto.randomUUID(), displayNumber: n }, version) }],
      cursor: version,
      more: false,
      reset: false,
      version,
    });
    await applyPullPage(db, page('M2-017', 9));
    expect((await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW })).displayNumber).toBe('M2-018');
    await applyPullPage(db, page('M2-005', 10)); // a lower number never lowers the sequence
    expect((await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW })).displayNumber).toBe('M2-019');
    expect((await issueTicket(db, { sectionId: 'women', serviceGroup: 'residence', now: NOW })).displayNumber).toBe('W2-001');
  });

  it('keeps an applied change on screen until the pull brings it, then drops the outbox row', async () => {
    const db = await enrolledDb('kiosk');
    const t = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    await applyPushResponse(db, { results: [{ seq: 1, status: 'applied', version: 4 }], nextSeq: 2, version: 4 }, NOW);
    // Sent and accepted, but not yet confirmed by the server's copy: still marked.
    expect(await db.tickets.get(t.ticketId)).toMatchObject({ status: 'waiting', pending: true });
    expect(await outboxCounts(db)).toMatchObject({ pending: 0 });
    expect(await db.outbox.count()).toBe(1);
    await applyPullPage(db, {
      changes: [{ entity: 'ticket', version: 4, data: confirmed(t, 4) }],
      cursor: 4,
      more: false,
      reset: false,
      version: 4,
    });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.tickets.get(t.ticketId)).toMatchObject({ version: 4, pending: false });
    expect(await getCursor(db)).toBe(4);
  });

  it('moves a refused change to rejections and shows the server state instead', async () => {
    const kiosk = await enrolledDb('kiosk');
    const t = await issueTicket(kiosk, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const counter = await enrolledDb('counter');
    await saveSession(counter, { sessionId: 's1', token: 'x', badge: '1001', name: 'A', counterId: 1, expiresAt: NOW + 1e7 }, '1234', NOW);
    await applyPullPage(counter, { changes: [{ entity: 'ticket', version: 2, data: confirmed(t, 2) }], cursor: 2, more: false, reset: false, version: 2 });
    const called = await callNext(counter, { counterId: 1, now: NOW });
    expect(called).toMatchObject({ status: 'called', counterId: 1, pending: true });
    // Meanwhile counter 2 reached the server first.
    await applyPullPage(counter, {
      changes: [{ entity: 'ticket', version: 3, data: confirmed(t, 3, { status: 'called', counterId: 2, callCount: 1 }) }],
      cursor: 3,
      more: false,
      reset: false,
      version: 3,
    });
    await applyPushResponse(
      counter,
      {
        results: [{ seq: 1, status: 'rejected', version: 3, reason: { code: 'already_called', message: 'taken', params: { number: t.displayNumber, counter: 2 } } }],
        nextSeq: 2,
        version: 3,
      },
      NOW,
    );
    expect(await counter.tickets.get(t.ticketId)).toMatchObject({ status: 'called', counterId: 2, pending: false });
    expect(await counter.rejections.toArray()).toMatchObject([{ seq: 1, reason: { code: 'already_called' }, seen: 0 }]);
    await expect(actOnTicket(counter, { action: 'start', ticketId: t.ticketId, counterId: 1, now: NOW })).rejects.toBeInstanceOf(RuleRefusedError);
  });

  it('keeps an applied call while a later change of the same ticket is beyond the cursor (the page skipped the ticket)', async () => {
    // Sync simulator, seed 116866002, run 11 (bench/sim-long.json): the call (seq 1) was
    // applied as version 5, the start (seq 2) as version 10; the ticket's row then carries
    // version 10, so the page up to 8 did not hold it. Dropping the call at cursor 8 showed
    // the ticket this counter serves as waiting until a pull passed 10.
    const kiosk = await enrolledDb('kiosk');
    const t = await issueTicket(kiosk, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const counter = await enrolledDb('counter');
    await saveSession(counter, { sessionId: 's1', token: 'x', badge: '1001', name: 'A', counterId: 1, expiresAt: NOW + 1e7 }, '1234', NOW);
    await applyPullPage(counter, { changes: [{ entity: 'ticket', version: 2, data: confirmed(t, 2) }], cursor: 2, more: false, reset: false, version: 2 });
    await callNext(counter, { counterId: 1, now: NOW });
    await actOnTicket(counter, { action: 'start', ticketId: t.ticketId, counterId: 1, now: NOW + 1000 });
    await applyPushResponse(counter, { results: [{ seq: 1, status: 'applied', version: 5 }], nextSeq: 2, version: 5 }, NOW);
    await applyPushResponse(counter, { results: [{ seq: 2, status: 'applied', version: 10 }], nextSeq: 3, version: 10 }, NOW);
    await applyPullPage(counter, { changes: [], cursor: 8, more: true, reset: false, version: 10 });
    expect(await counter.tickets.get(t.ticketId)).toMatchObject({ status: 'serving', counterId: 1 });
    const serving = confirmed(t, 10, { status: 'serving', counterId: 1, callCount: 1, officerBadge: '1001', calledAt: NOW, startedAt: NOW + 1000 });
    await applyPullPage(counter, { changes: [{ entity: 'ticket', version: 10, data: serving }], cursor: 10, more: false, reset: false, version: 10 });
    expect(await counter.outbox.count()).toBe(0);
    expect(await counter.tickets.get(t.ticketId)).toMatchObject({ status: 'serving', counterId: 1, version: 10, pending: false });
  });

  it('keeps a separate server copy only while a ticket has outbox rows', async () => {
    const kiosk = await enrolledDb('kiosk');
    const t = await issueTicket(kiosk, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const counter = await enrolledDb('counter');
    await saveSession(counter, { sessionId: 's1', token: 'x', badge: '1001', name: 'A', counterId: 1, expiresAt: NOW + 1e7 }, '1234', NOW);
    await applyPullPage(counter, { changes: [{ entity: 'ticket', version: 2, data: confirmed(t, 2) }], cursor: 2, more: false, reset: false, version: 2 });
    expect(await counter.serverTickets.count()).toBe(0); // the screen row is the server's copy
    expect(await counter.tickets.get(t.ticketId)).toEqual({ ...confirmed(t, 2), pending: false });
    await callNext(counter, { counterId: 1, now: NOW });
    expect(await counter.serverTickets.get(t.ticketId)).toEqual(confirmed(t, 2)); // the base the call replays on
    await applyPushResponse(counter, { results: [{ seq: 1, status: 'applied', version: 3 }], nextSeq: 2, version: 3 }, NOW);
    const calledOnServer = confirmed(t, 3, { status: 'called', counterId: 1, callCount: 1, officerBadge: '1001', calledAt: NOW });
    await applyPullPage(counter, { changes: [{ entity: 'ticket', version: 3, data: calledOnServer }], cursor: 3, more: false, reset: false, version: 3 });
    expect(await counter.outbox.count()).toBe(0);
    expect(await counter.serverTickets.count()).toBe(0);
    expect(await counter.tickets.get(t.ticketId)).toEqual({ ...calledOnServer, pending: false });
    // A reset forgets server copies but keeps what the outbox still holds.
    const mine = await issueTicket(kiosk, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    await applyPullPage(kiosk, { changes: [], cursor: 0, more: true, reset: true, version: 3 });
    expect((await kiosk.tickets.toArray()).map((x) => x.ticketId).sort()).toEqual([t.ticketId, mine.ticketId].sort());
    await applyPullPage(counter, { changes: [], cursor: 0, more: true, reset: true, version: 3 });
    expect(await counter.tickets.count()).toBe(0);
  });

  it('replays its own changes onto a page of many tickets, whether few or many of them have outbox rows', async () => {
    const other = await enrolledDb('kiosk');
    const foreign: Ticket[] = [];
    for (let i = 0; i < 200; i++) foreign.push(await issueTicket(other, { sectionId: 'men', serviceGroup: 'residence', now: NOW + i }));
    const pageOf = (tickets: readonly Ticket[], cursor: number) => ({
      changes: tickets.map((data) => ({ entity: 'ticket' as const, version: data.version, data })),
      cursor,
      more: false,
      reset: false,
      version: cursor,
    });
    // A counter calls one of 200 tickets; a page of all 200 (the call not yet in it) must keep
    // the call on screen: one ticket of the page has outbox rows (found by the index's keys).
    const counter = await enrolledDb('counter');
    await saveSession(counter, { sessionId: 's1', token: 'x', badge: '1001', name: 'A', counterId: 1, expiresAt: NOW + 1e7 }, '1234', NOW);
    await applyPullPage(counter, pageOf(foreign.map((t, i) => confirmed(t, i + 1)), 200));
    const called = await callNext(counter, { counterId: 1, now: NOW + 1000 });
    await applyPullPage(counter, pageOf(foreign.map((t, i) => confirmed(t, 201 + i)), 400));
    expect(await counter.tickets.get(called!.ticketId)).toMatchObject({ status: 'called', pending: true });
    expect((await counter.tickets.toArray()).filter((t) => t.status === 'waiting')).toHaveLength(199);
    // A kiosk whose page confirms 140 of its own tickets (most of the page has rows: one read of the outbox).
    const kiosk = await enrolledDb('kiosk');
    const mine: Ticket[] = [];
    for (let i = 0; i < 140; i++) mine.push(await issueTicket(kiosk, { sectionId: 'women', serviceGroup: 'residence', now: NOW + i }));
    await applyPushResponse(kiosk, { results: mine.map((_, i) => ({ seq: i + 1, status: 'applied' as const, version: 1000 + i })), nextSeq: 141, version: 1139 }, NOW);
    await applyPullPage(kiosk, pageOf([...mine.map((t, i) => confirmed(t, 1000 + i)), ...foreign.slice(0, 50).map((t, i) => confirmed(t, i + 1))], 1139));
    expect(await kiosk.outbox.count()).toBe(0);
    expect(await kiosk.tickets.count()).toBe(190);
    expect((await kiosk.tickets.toArray()).filter((t) => t.pending)).toEqual([]);
  });

  it('ignores a stale pull page and keeps the outbox on a reset', async () => {
    const db = await enrolledDb('kiosk');
    const t = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    await applyPullPage(db, { changes: [], cursor: 10, more: false, reset: false, version: 10 });
    await applyPullPage(db, { changes: [], cursor: 5, more: false, reset: false, version: 5 });
    expect(await getCursor(db)).toBe(10);
    await applyPullPage(db, { changes: [], cursor: 0, more: false, reset: true, version: 0 });
    expect(await getCursor(db)).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.tickets.get(t.ticketId)).toMatchObject({ pending: true });
  });

  it('applies a page that came with a poke only where it joins what the device holds', async () => {
    const db = await enrolledDb('display');
    const other = await enrolledDb('kiosk', 1);
    const t = await issueTicket(other, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    const pageOf = (from: number, to: number, epoch: string | null = null) => ({
      changes: [{ entity: 'ticket' as const, version: to, data: confirmed(t, to, { status: to > 3 ? 'called' : 'waiting' }) }],
      cursor: to,
      more: false,
      reset: false,
      version: to,
      epoch,
    });
    await applyPullPage(db, { changes: [], cursor: 2, more: false, reset: false, version: 2, epoch: null });
    // A page from 3: this device is at 2, so a change between may be missing. It pulls instead.
    expect(await applyStreamPage(db, 3, pageOf(3, 4))).toBe(false);
    expect([await getCursor(db), await db.tickets.count()]).toEqual([2, 0]);
    // From another store epoch (restored from a backup): never mixed in.
    expect(await applyStreamPage(db, 2, pageOf(2, 3, 'e0c6a3f0-0d6c-4b8e-9a51-6d1b0b8f2a11'))).toBe(false);
    // A page that is only a signal to pull (more to come, or a reset) is not applied either.
    expect(await applyStreamPage(db, 2, { ...pageOf(2, 3), more: true })).toBe(false);
    // From 2: it joins.
    expect(await applyStreamPage(db, 2, pageOf(2, 3))).toBe(true);
    expect([await getCursor(db), (await db.tickets.get(t.ticketId))?.status]).toEqual([3, 'waiting']);
    // From 1 to 4, while the device is at 3 (a pull got there first): the rows above 3 are new.
    expect(await applyStreamPage(db, 1, pageOf(1, 4))).toBe(true);
    expect([await getCursor(db), (await db.tickets.get(t.ticketId))?.status]).toEqual([4, 'called']);
    // A page the device already has: joins, changes nothing.
    expect(await applyStreamPage(db, 3, pageOf(3, 4))).toBe(true);
    expect(await getCursor(db)).toBe(4);
  });
});
