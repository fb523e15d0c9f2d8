/**
 * A device meets a store restored from a backup: the store asks for change #n, but this
 * device holds changes only from a later seq in its outbox. It tells the store what it
 * knows (a heartbeat: the store notes the restore and every device pulls everything
 * again), sends again the confirmed changes it still keeps (a week: shared/db SentRow),
 * and asks the store to skip, on the record, those it no longer has, leaving a notice for
 * a person. Then its outbox goes on as usual.
 */
import { applyResentResults, envelopeOf, noteLostChanges, sentBetween, withinBudget, type DeviceDb, type SentRow } from '../db/index.ts';
import { MAX_PUSH_BATCH, type PushResponse } from '../sync/protocol.ts';

export interface RestoreContext {
  readonly db: DeviceDb;
  readonly deviceId: string;
  readonly now: () => number;
  readonly post: <T>(path: string, body: unknown) => Promise<T>;
  /** A heartbeat now, carrying this device's cursor and confirmed seq. */
  readonly beat: () => Promise<void>;
}

/** Brings the store from `nextSeq` up to `firstHeld` (the oldest seq still in the outbox). */
export async function recoverFromRestore(ctx: RestoreContext, nextSeq: number, firstHeld: number): Promise<void> {
  const { db } = ctx;
  await ctx.beat();
  const kept = await sentBetween(db, nextSeq, firstHeld - 1);
  let expected = nextSeq;
  let i = 0;
  while (expected < firstHeld) {
    const row = kept[i];
    if (!row || row.seq > expected) {
      // Not kept here (older than a week, or a transaction of a session since ended).
      const to = (row?.seq ?? firstHeld) - 1;
      await ctx.post<{ nextSeq: number }>('/api/sync/rebase', { deviceId: ctx.deviceId, fromSeq: expected, toSeq: to });
      await noteLostChanges(db, expected, to, ctx.now());
      expected = to + 1;
      continue;
    }
    // A run of consecutive kept changes, one push at a time.
    const run: SentRow[] = [];
    while (run.length < MAX_PUSH_BATCH && kept[i]?.seq === expected + run.length) run.push(kept[i++]!);
    const mutations = withinBudget(run.map(envelopeOf));
    i -= run.length - mutations.length; // what did not fit goes in the next push
    const response = await ctx.post<PushResponse>('/api/sync/push', { deviceId: ctx.deviceId, mutations });
    await applyResentResults(db, response, ctx.now());
    if (response.nextSeq <= expected) throw new Error(`the store did not take change #${expected} sent again`);
    expected = response.nextSeq;
    while (kept[i] && kept[i]!.seq < expected) i++;
  }
}
