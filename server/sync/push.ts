/**
 * POST /api/sync/push, the write path of sync. One transaction per push, serialised per
 * office by a row lock on the office (the lock that makes versions gap-free and ordered,
 * so a pulling cursor never skips a row). Mutations are taken strictly in seq order:
 * already-seen seqs return their recorded result (exactly-once), a gap stops the batch,
 * and a refused mutation still advances the device so it is never stuck behind it.
 *
 * A change the database itself refuses (a value past a column, text it cannot hold: the
 * schemas bound these, this is the net behind them) must not fail the whole push on every
 * retry, which would stop that device for good: the push is taken again one change at a
 * time, and the one the store cannot write is recorded as refused (`store_refused`).
 */
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import type { MutationResult, PushRequest, PushResponse, RejectionReason } from '../../shared/sync/protocol.ts';
import { SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import type { AppDeps, AuthDevice } from '../http/context.ts';
import { cleanText, HttpError, toJsonb } from '../http/errors.ts';
import type { Queryable } from '../store/index.ts';
import { sqlStateOf } from '../store/types.ts';
import { applyMutation } from './applyMutation.ts';
import { LEDGER_COLUMNS } from './ledger.ts';
import { prefetchTickets } from './lookups.ts';
import type { PushState } from './pushState.ts';
import { flushWrites, newPendingWrites } from './writeBuffer.ts';
import { multiRowInsert } from '../store/sql.ts';

interface LedgerRow {
  seq: number;
  status: 'applied' | 'rejected';
  reason: RejectionReason | null;
  version: number;
}

/** The recorded result of an earlier seq (the ledger is append-only, so it is always there). */
async function recordedResult(q: Queryable, device: AuthDevice, seq: number): Promise<MutationResult> {
  const rows = await q.query<LedgerRow>(
    'SELECT seq, status, reason, version FROM applied_mutations WHERE office_id = $1 AND device_id = $2 AND seq = $3',
    [device.officeId, device.deviceId, seq],
  );
  const row = rows[0];
  if (!row) throw new Error(`ledger row missing for device ${device.deviceId} seq ${seq}`);
  return row.status === 'applied'
    ? { seq, status: 'applied', version: row.version }
    : { seq, status: 'rejected', version: row.version, reason: row.reason ?? { code: 'rejected', message: 'rejected' } };
}

/**
 * A replay of changes that reached the store one by one over time (the pilot simulator
 * writes months of history in few pushes): each mutation is taken as received at its own
 * moment, never earlier than the one before it, so server times and service days are what
 * live traffic would have recorded.
 */
export interface Replay {
  readonly receivedAt: (m: PushRequest['mutations'][number]) => number;
}

type PushOutcome = { response: PushResponse; changed: boolean };

/**
 * SQLSTATE classes that say "this data cannot be stored" (22: data exception, e.g. numeric
 * out of range or an untranslatable character; 54: a program limit such as a too-large
 * value), as opposed to the store being down, where the device should simply retry.
 */
function isUnstorable(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== null && (state.startsWith('22') || state.startsWith('54'));
}

/** Runs a push; returns the response and whether the office version moved (to poke). */
export async function pushMutations(deps: AppDeps, device: AuthDevice, req: PushRequest, replay?: Replay): Promise<PushOutcome> {
  try {
    return await pushBatch(deps, device, req, replay);
  } catch (error) {
    if (!isUnstorable(error) || req.mutations.length === 0) throw error;
    return pushOneByOne(deps, device, req, replay, error);
  }
}

/** The push again, one change per transaction, refusing alone the one the store cannot write. */
async function pushOneByOne(deps: AppDeps, device: AuthDevice, req: PushRequest, replay: Replay | undefined, first: unknown): Promise<PushOutcome> {
  const sorted = [...req.mutations].sort((a, b) => a.seq - b.seq);
  const results: MutationResult[] = [];
  let changed = false;
  let last: PushResponse | null = null;
  for (const m of sorted) {
    let outcome: PushOutcome;
    try {
      outcome = await pushBatch(deps, device, { deviceId: req.deviceId, mutations: [m] }, replay);
    } catch (error) {
      if (!isUnstorable(error)) throw error;
      console.error(`push: the store could not write change ${m.seq} of device ${device.deviceId} (${sqlStateOf(error) ?? sqlStateOf(first)}); refused alone`);
      outcome = await refuseUnstorable(deps, device, m, sqlStateOf(error) ?? 'unknown');
    }
    changed ||= outcome.changed;
    last = outcome.response;
    const result = outcome.response.results[0];
    if (!result) break; // a gap: the device resends from nextSeq
    results.push(result);
  }
  return { response: { results, nextSeq: last?.nextSeq ?? 1, version: last?.version ?? 0 }, changed };
}

/** Records `seq` as refused because the store cannot hold it, and moves the device past it. */
async function refuseUnstorable(deps: AppDeps, device: AuthDevice, m: PushRequest['mutations'][number], state: string): Promise<PushOutcome> {
  const seq = m.seq;
  return deps.store.tx(async (q) => {
    const offices = await q.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1 FOR UPDATE', [device.officeId]);
    const version = Number(offices[0]?.version ?? 0);
    const devices = await q.query<{ next_seq: number }>('SELECT next_seq FROM devices WHERE office_id = $1 AND device_id = $2 FOR UPDATE', [
      device.officeId,
      device.deviceId,
    ]);
    const nextSeq = devices[0]?.next_seq ?? 1;
    if (seq < nextSeq) return { response: { results: [await recordedResult(q, device, seq)], nextSeq, version }, changed: false };
    if (seq > nextSeq) return { response: { results: [], nextSeq, version }, changed: false };
    const reason: RejectionReason = { code: 'store_refused', message: `the central store cannot hold this change (${state}); it was not applied` };
    const now = deps.clock();
    await q.query(multiRowInsert('applied_mutations', LEDGER_COLUMNS, { reason: '::jsonb', args: '::jsonb' }, 1), [
      device.officeId, device.deviceId, seq, cleanText(m.name), 'rejected', toJsonb(reason), null, null, null, version, null, new Date(now),
    ]);
    await q.query('UPDATE devices SET next_seq = $3 WHERE office_id = $1 AND device_id = $2', [device.officeId, device.deviceId, seq + 1]);
    return { response: { results: [{ seq, status: 'rejected', version, reason }], nextSeq: seq + 1, version }, changed: false };
  });
}

async function pushBatch(deps: AppDeps, device: AuthDevice, req: PushRequest, replay?: Replay): Promise<PushOutcome> {
  if (req.deviceId !== device.deviceId) throw new HttpError(403, 'device_mismatch', 'deviceId does not match the device token');
  const tooNew = req.mutations.find((m) => m.schemaVersion > SCHEMA_VERSION);
  if (tooNew) {
    throw new HttpError(409, 'schema_too_new', `mutation ${tooNew.seq} uses schema ${tooNew.schemaVersion}; this server knows up to ${SCHEMA_VERSION}. Wait for the server update.`, {
      serverSchemaVersion: SCHEMA_VERSION,
    });
  }
  const sorted = [...req.mutations].sort((a, b) => a.seq - b.seq);
  let messagesQueued = false;
  const outcome = await deps.store.tx(async (q): Promise<PushOutcome> => {
    const offices = await q.query<{ version: number; config: OfficeConfig }>(
      'SELECT version, config FROM offices WHERE office_id = $1 FOR UPDATE',
      [device.officeId],
    );
    const office = offices[0];
    if (!office) throw new HttpError(401, 'unauthorized', 'the device belongs to no known office');
    // Re-read under the office lock (another push of this device may just have committed) and
    // lock the device row, so a revocation racing this push either precedes it or waits for it.
    const devices = await q.query<{ next_seq: number; revoked_at: Date | null; clock_offset_ms: number | null }>(
      `SELECT d.next_seq, d.revoked_at, st.clock_offset_ms FROM devices d
         LEFT JOIN device_status st ON st.office_id = d.office_id AND st.device_id = d.device_id
        WHERE d.office_id = $1 AND d.device_id = $2 FOR UPDATE OF d`,
      [device.officeId, device.deviceId],
    );
    const row = devices[0];
    if (!row || row.revoked_at) throw new HttpError(401, 'device_revoked', 'this device was revoked; enroll it again');

    const now = deps.clock();
    const state: PushState = {
      q,
      device,
      config: office.config,
      now,
      serviceDay: serviceDayOf(now, office.config.settings.timeZone),
      clockOffset: Number(row.clock_offset_ms ?? 0),
      version: office.version,
      sessions: new Map(),
      tickets: new Map(),
      takenCodes: new Set(),
      checkedCodes: new Set(),
      takenNumbers: new Set(),
      numbersFrom: null,
      checkedNumbers: new Set(),
      writes: newPendingWrites(),
      appointments: new Map(),
      messagesQueued: false,
    };
    await prefetchTickets(state, sorted.filter((m) => m.seq >= row.next_seq));
    const startVersion = office.version;
    let nextSeq = row.next_seq;
    const results: MutationResult[] = [];
    const decided = new Map<number, MutationResult>(); // this batch's, not yet in the ledger
    for (const m of sorted) {
      if (m.seq < nextSeq) {
        results.push(decided.get(m.seq) ?? (await recordedResult(q, device, m.seq)));
      } else if (m.seq > nextSeq) {
        break; // a gap: the device must resend from nextSeq
      } else {
        if (replay) {
          state.now = Math.max(state.now, replay.receivedAt(m));
          state.serviceDay = serviceDayOf(state.now, office.config.settings.timeZone);
        }
        const result = await applyMutation(state, m);
        decided.set(m.seq, result);
        results.push(result);
        nextSeq += 1;
      }
    }
    await flushWrites(state);

    await q.query('UPDATE devices SET next_seq = $3, last_seen_at = $4 WHERE office_id = $1 AND device_id = $2', [
      device.officeId,
      device.deviceId,
      nextSeq,
      new Date(state.now),
    ]);
    for (const session of state.sessions.values()) {
      if (!session) continue;
      await q.query(
        `UPDATE officer_sessions SET last_active_at = GREATEST(last_active_at, $3) WHERE office_id = $1 AND session_id = $2`,
        [device.officeId, session.sessionId, new Date(state.now)],
      );
    }
    if (state.version !== startVersion) {
      await q.query('UPDATE offices SET version = $2 WHERE office_id = $1', [device.officeId, state.version]);
    }
    messagesQueued = state.messagesQueued;
    return { response: { results, nextSeq, version: state.version }, changed: state.version !== startVersion };
  });
  // Committed: the notices this push wrote go out now.
  if (messagesQueued) deps.messages.kick();
  return outcome;
}
