/**
 * The device's pushes: the outbox goes up in order, one push at a time whoever asks (a
 * sync run, or a person's change while a run pulls). One read of the outbox feeds several
 * pushes, the next leaving while the last answer is written, and the next read starts as
 * the last of them leaves; a change the store is known
 * to expect next goes from memory (freshChanges.ts). A store restored from a backup is
 * recovered from here (restore.ts), never alongside a pull.
 */
import { applyPushResponse, countAttempt, getIdentity, onLocalChange, takePushBatch, withinBudget, type DeviceDb } from '../db/index.ts';
import type { MutationEnvelope, PushResponse } from '../sync/protocol.ts';
import { FreshChanges } from './freshChanges.ts';

/** How many pushes one read of the outbox feeds. */
const PUSHES_PER_READ = 4;

export interface PusherOptions {
  readonly db: DeviceDb;
  readonly now: () => number;
  /** Changes per push. */
  readonly batch: number;
  /** One POST to the store as this device, with its token when known. */
  readonly post: <T>(path: string, body: unknown, known?: { token: string }) => Promise<T>;
  /** A heartbeat now (the restore recovery reports this device's position with it). */
  readonly beat: () => Promise<void>;
  /** A push alongside a pull met a restored store: a run must follow to recover from it. */
  readonly recoverLater: () => void;
}

export interface Pusher {
  /**
   * Pushes until the outbox is empty; joins the push under way, if any, and has it read
   * the outbox once more. `alongside`: a run may be pulling, so a restored store is left
   * to `recoverLater`. `answered`: called for each push the store answers as the store
   * this device knows.
   */
  push(alongside: boolean, answered?: (response: PushResponse) => void): Promise<void>;
  /** Started again (perhaps enrolled again): the identity and the store's next seq are read afresh. */
  reset(): void;
}

export function createPusher(options: PusherOptions): Pusher {
  const { db, now, batch, post } = options;
  /** Changes made here since the store's last answer, to push without reading them back. */
  const fresh = new FreshChanges();
  // From the start, not only while a client is started: the sync simulator drives runs
  // itself and so sends through here too.
  onLocalChange(db, (change) => fresh.remember(change));
  let knownIdentity: { deviceId: string; token: string } | null = null;

  async function pushAll(alongside: boolean, answered: (response: PushResponse) => void): Promise<void> {
    // Each answer is written in order, while the next push is already on its way.
    let writing: Promise<void> = Promise.resolve();
    // The next read of the outbox, started as the last push of a read leaves (see below).
    const ahead: { read: Promise<MutationEnvelope[]> | null } = { read: null };
    const dropAhead = (): void => {
      ahead.read?.catch(() => {}); // a read nobody takes: its failure matters to no one
      ahead.read = null;
    };
    try {
      for (;;) {
        const fromMemory = fresh.batch();
        const read = ahead.read;
        ahead.read = null;
        if (fromMemory) read?.catch(() => {});
        // Several pushes' worth in one read: a read of the outbox waits for any pull page being
        // written, and pushes should not wait for one each.
        const pending = fromMemory ?? (read ? await read : await takePushBatch(db, batch * PUSHES_PER_READ, Infinity));
        if (pending.length === 0) return;
        // A read ahead follows a read of this same run, which read the identity.
        const identity = ((fromMemory || read) && knownIdentity) || (await getIdentity(db));
        if (!identity) return;
        knownIdentity = { deviceId: identity.deviceId, token: identity.token };
        const again = await pushRead(pending, fromMemory !== null, identity, alongside, answered, (w) => (writing = writing.then(w)), (r) => (ahead.read = r));
        if (again === 'stop') return;
        if (again === 'read again') {
          // The store stopped short or was restored: what was read ahead may be stale.
          dropAhead();
          await writing;
          continue;
        }
        if (fromMemory ? fresh.isEmpty() : pending.length < batch * PUSHES_PER_READ) return;
      }
    } finally {
      dropAhead();
      await writing;
    }
  }

  /**
   * Pushes one read's changes in batches. `write` queues an answer's writing behind the
   * ones before it; `readAhead` receives the next read of the outbox, started as the last
   * push of a full read leaves, so the next push need not wait for the answers to be
   * written (they queue behind any pull page being written) and for a read behind them.
   */
  async function pushRead(
    pending: readonly MutationEnvelope[],
    fromMemory: boolean,
    identity: { deviceId: string; token: string },
    alongside: boolean,
    answered: (response: PushResponse) => void,
    write: (w: () => Promise<void>) => Promise<void>,
    readAhead: (read: Promise<MutationEnvelope[]>) => void,
  ): Promise<'next' | 'read again' | 'stop'> {
    let offset = 0;
    while (offset < pending.length) {
      const mutations = withinBudget(pending.slice(offset, offset + batch));
      offset += mutations.length;
      const sent = mutations.map((m) => m.seq);
      if (!fromMemory && offset >= pending.length && pending.length >= batch * PUSHES_PER_READ) {
        readAhead(takePushBatch(db, batch * PUSHES_PER_READ, Infinity, sent[sent.length - 1]));
      }
      let response: PushResponse;
      try {
        response = await post<PushResponse>('/api/sync/push', { deviceId: identity.deviceId, mutations }, identity);
      } catch (error) {
        await write(async () => {}).catch(() => {});
        await countAttempt(db, sent).catch(() => {});
        throw error;
      }
      fresh.heard(response.nextSeq);
      const unanswered = sent.filter((seq) => !response.results.some((r) => r.seq === seq));
      const written = write(async () => {
        await applyPushResponse(db, response, now());
        if (unanswered.length) await countAttempt(db, unanswered);
      });
      const first = mutations[0]?.seq ?? 0;
      if (response.results.length === 0 && response.nextSeq < first) {
        await written;
        if (alongside) {
          options.recoverLater();
          return 'stop';
        }
        // The store expects changes before the oldest in the outbox: it was restored from a
        // backup. Send again what is kept, skip (on the record) what is not, then go on.
        // Loaded when met (a store restored from a backup is rare), not in every screen's first download.
        const { recoverFromRestore } = await import('./restore.ts');
        await recoverFromRestore(
          { db, deviceId: identity.deviceId, now, post: (path, body) => post(path, body), beat: options.beat },
          response.nextSeq,
          first,
        );
        fresh.forgetStore();
        return 'read again';
      }
      answered(response);
      // The store stopped short: read the outbox again if it moved on, else leave the rest to the next run.
      if (unanswered.length) return response.nextSeq <= first ? 'stop' : 'read again';
    }
    return 'next';
  }

  let pushing: Promise<void> | null = null;
  let pushAgain = false;

  return {
    push(alongside, answered = () => {}) {
      if (pushing) {
        pushAgain = true;
        return pushing;
      }
      pushing = (async () => {
        do {
          pushAgain = false;
          await pushAll(alongside, answered);
        } while (pushAgain);
      })().finally(() => {
        pushing = null;
      });
      return pushing;
    },
    reset() {
      knownIdentity = null;
      fresh.clear();
    },
  };
}
