import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/ticket.ts';
import { actOnTicket, applyPullPage, applyPushResponse, callNext, getCursor, issueTicket, outboxCounts, RuleRefusedError, saveSession, takePushBatch } from './index.ts';
import { enrolledDb } from './testing.ts';

const NOW = Date.UTC(2026, 10, 22, 8, 0);

function confirmed(t: Ticket, version: number, patch: Partial<Ticket> = {}): Ticket {
  return { ...t, version, issuedVersion: t.issuedVersion || version, ...patch };
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

  it('never reuses a number this kiosk issued before, even if its counter was lost', async () => {
    const db = await enrolledDb('kiosk', 2);
    const first = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    await applyPullPage(db, {
      changes: [{ entity: 'ticket', version: 9, data: confirmed({ ...first, displayNumber: 'M2-017' }, 9) }],
      cursor: 9,
      more: false,
      reset: false,
      version: 9,
    });
    await db.meta.clear();
    await db.meta.put({ key: 'nextSeq', value: 2 });
    const next = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    expect(next.displayNumber).toBe('M2-018');
  });

  it('keeps an applied change on screen until the pull brings it, then drops the outbox row', async () => {
    const db = await enrolledDb('kiosk');
    const t = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
    await applyPushResponse(db, { results: [{ seq: 1, status: 'applied', version: 4 }], nextSeq: 2, version: 4 }, NOW);
    expect(await db.tickets.get(t.ticketId)).toMatchObject({ status: 'waiting', pending: false });
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
});
