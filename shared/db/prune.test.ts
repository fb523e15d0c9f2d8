/**
 * Issue 12, point 14: a device over six months. The store keeps everything; a device keeps
 * the live queue. A season of confirmed tickets is pruned once a service day, except a
 * ticket a change still waiting to be sent names, and the screen's queue is the same after.
 */
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { serviceDayOf } from '../domain/office.ts';
import type { Ticket } from '../domain/ticket.ts';
import { applyPullPage, issueTicket, type LocalTicket } from './index.ts';
import { KEEP_ON_DEVICE, pruneIfNewDay } from './prune.ts';
import { enrolledDb, TEST_CONFIG } from './testing.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 9, 0);
const TZ = TEST_CONFIG.settings.timeZone;

/** A served ticket of `daysAgo`, as the store sends it. */
function served(n: number, daysAgo: number): Ticket {
  const at = NOW - daysAgo * DAY;
  return {
    ticketId: crypto.randomUUID(), officeId: TEST_CONFIG.officeId, sectionId: 'men', serviceGroup: 'residence', displayNumber: `M1-${String(1 + (n % 999)).padStart(3, '0')}`,
    publicCode: '', kioskNo: 1, serviceDay: serviceDayOf(at, TZ), status: 'done', priority: null, service: null, appointmentAt: null,
    issuedAt: at, calledAt: at + 60_000, startedAt: at + 120_000, completedAt: at + 600_000, counterId: 1, officerBadge: '1001',
    callCount: 1, targetCounterId: null, quotedWaitMin: null, quotedWaitMax: null, version: n + 1, issuedVersion: n + 1,
  } as unknown as Ticket;
}

it('keeps the live queue of a device that has held a season, and prunes once a day', async () => {
  const db = await enrolledDb('kiosk', 1);
  // 120 days of 100 served tickets each reached this kiosk (12,000 rows in each copy).
  const season = Array.from({ length: 12_000 }, (_, i) => served(i, 119 - Math.floor(i / 100)));
  for (let i = 0; i < season.length; i += 2000) {
    const page = season.slice(i, i + 2000);
    await applyPullPage(db, { changes: page.map((t) => ({ entity: 'ticket' as const, version: t.version, data: t })), cursor: page.at(-1)?.version ?? 0, more: false, reset: false, version: page.at(-1)?.version ?? 0, epoch: null });
  }
  // An old result and a dismissed refusal, and today's ticket still waiting to be sent.
  await db.transactionResults.put({ transactionId: crypto.randomUUID(), decidedAt: NOW - KEEP_ON_DEVICE.resultsMs - 1 } as never);
  await db.rejections.put({ seq: 99, name: 'ticket.call', args: {}, ticketId: null, deviceTime: 0, reason: { code: 'x', message: 'x' }, rejectedAt: NOW - KEEP_ON_DEVICE.seenRejectionsMs - 1, seen: 1 });
  const mine = await issueTicket(db, { sectionId: 'men', serviceGroup: 'residence', now: NOW });
  const queueBefore = (await db.tickets.toArray()).filter((t: LocalTicket) => t.serviceDay >= serviceDayOf(NOW - DAY, TZ));

  const pruned = await pruneIfNewDay(db, NOW);
  expect(pruned).toEqual({ tickets: 11_800, results: 1, rejections: 1 });
  const left = await db.tickets.toArray();
  expect(left.length).toBe(201);
  expect(left.find((t) => t.ticketId === mine.ticketId)?.pending).toBe(true);
  expect(left.sort((a, b) => a.ticketId.localeCompare(b.ticketId))).toEqual(queueBefore.sort((a, b) => a.ticketId.localeCompare(b.ticketId)));
  // Once a service day: the same day again does nothing; the next day prunes again.
  expect(await pruneIfNewDay(db, NOW + 3_600_000)).toBeNull();
  expect(await pruneIfNewDay(db, NOW + DAY)).toEqual({ tickets: 100, results: 0, rejections: 0 });
});
