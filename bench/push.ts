/**
 * Push ingest: ticket.issue mutations through the sync endpoint (HTTP on a socket, JSON,
 * validation, device auth, the office row lock, exactly-once ledger, rules) against the
 * baseline of inserting the same rows (ticket, its 'issued' event, the ledger row) straight
 * into the same store: one multi-row INSERT per table, one transaction per batch of 100
 * (the device's batch size). Rounds alternate between the two so drift hits both.
 */
import type { SqlParam, Store } from '../server/store/index.ts';
import { EVENT_COLUMNS, LEDGER_COLUMNS } from '../server/sync/applyMutation.ts';
import { multiRowInsert } from '../server/store/sql.ts';
import { TICKET_INSERT_COLUMNS } from '../server/sync/ticketRows.ts';
import { serviceDayOf } from '../shared/domain/office.ts';
import type { MutationEnvelope, PushResponse } from '../shared/sync/protocol.ts';
import { enroll, json, listen, ticketIssues } from './common.ts';

const BATCH = 100; // what the device sends (MAX_PUSH_BATCH)

export interface PushResult {
  readonly items: number;
  readonly pushMs: number;
  readonly rawMs: number;
}

/** The baseline: the same three rows per mutation, one multi-row INSERT per table per batch. */
async function rawInsert(store: Store, officeId: string, deviceId: string, kioskNo: number, batch: readonly MutationEnvelope[], version: { v: number }): Promise<void> {
  const now = Date.now();
  const day = serviceDayOf(now, 'Asia/Riyadh');
  const tickets: SqlParam[] = [];
  const events: SqlParam[] = [];
  const ledger: SqlParam[] = [];
  for (const m of batch) {
    const a = m.args as { ticketId: string; sectionId: string; serviceGroup: string; displayNumber: string; publicCode: string };
    version.v += 1;
    tickets.push(a.ticketId, officeId, a.sectionId, a.serviceGroup, a.displayNumber, a.publicCode, kioskNo, day, 'waiting', m.deviceTime,
      version.v, deviceId, null, null, null, 0, null, null, version.v, null, null, null, null, null, null, null, null);
    events.push(officeId, a.ticketId, 'issued', day, deviceId, m.seq, m.deviceTime, new Date(now), null, null, null, version.v, null, new Date(now));
    ledger.push(officeId, deviceId, m.seq, m.name, 'applied', null, JSON.stringify(m.args), null, null, version.v, m.deviceTime, new Date(now));
  }
  // Each row must match its column list (the schema grew: a ticket's language, an event's moment).
  if (tickets.length !== batch.length * TICKET_INSERT_COLUMNS.length || events.length !== batch.length * EVENT_COLUMNS.length) {
    throw new Error('the raw baseline no longer matches the tables: update bench/push.ts');
  }
  await store.tx(async (q) => {
    await q.query(multiRowInsert('tickets', TICKET_INSERT_COLUMNS, { service_day: '::date' }, batch.length), tickets);
    await q.query(multiRowInsert('ticket_events', EVENT_COLUMNS, { service_day: '::date' }, batch.length), events);
    await q.query(multiRowInsert('applied_mutations', LEDGER_COLUMNS, { reason: '::jsonb', args: '::jsonb' }, batch.length), ledger);
  });
}

export async function benchPush(store: Store, total: number, rounds = 4): Promise<PushResult> {
  const server = await listen(store);
  try {
    const pusher = await enroll(server.url, 'kiosk');
    const raw = await enroll(server.url, 'kiosk');
    const perRound = Math.ceil(total / rounds / BATCH) * BATCH;
    let pushSeq = 1;
    let rawSeq = 1;
    // Raw rows take versions far above the office's so they never collide with pushed ones.
    const version = { v: 1_000_000_000 };
    let pushMs = 0;
    let rawMs = 0;
    const pushRound = async (count: number): Promise<number> => {
      const all = ticketIssues(pushSeq, count, pusher.kioskNo);
      pushSeq += count;
      const started = performance.now();
      for (let i = 0; i < all.length; i += BATCH) {
        const r = await json<PushResponse>(`${server.url}/api/sync/push`, 'POST', { deviceId: pusher.deviceId, mutations: all.slice(i, i + BATCH) }, pusher.token);
        if (r.results.length !== Math.min(BATCH, all.length - i) || r.results.some((x) => x.status !== 'applied')) throw new Error('bench push was not fully applied');
      }
      return performance.now() - started;
    };
    const rawRound = async (count: number): Promise<number> => {
      const all = ticketIssues(rawSeq, count, raw.kioskNo);
      rawSeq += count;
      const started = performance.now();
      for (let i = 0; i < all.length; i += BATCH) await rawInsert(store, raw.officeId, raw.deviceId, raw.kioskNo, all.slice(i, i + BATCH), version);
      return performance.now() - started;
    };
    // Warm-up (JIT, plan caches), not counted.
    await pushRound(BATCH * 2);
    await rawRound(BATCH * 2);
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        pushMs += await pushRound(perRound);
        rawMs += await rawRound(perRound);
      } else {
        rawMs += await rawRound(perRound);
        pushMs += await pushRound(perRound);
      }
    }
    return { items: perRound * rounds, pushMs, rawMs };
  } finally {
    await server.close();
  }
}
