/**
 * The device's pushes: the outbox goes up in order, one push at a time whoever asks (a
 * sync run, or a person's change while a run pulls). One read of the outbox feeds several
 * pushes, the next leaving while the last answer is written; a change the store is known
 * to expect next goes from memory (freshChanges.ts). A store restored from a backup is
 * recovered from here (restore.ts), never alongside a pull.
 */
import { applyPushResponse, countAttempt, getIdentity, onLocalChange, takePushBatch, withinBudget, type DeviceDb } from '../db/index.ts';
import type { PushResponse } from '../sync/protocol.ts';
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
    for (;;) {
      const fromMemory = fresh.batch();
      // Several pushes' worth in one read: a read of the outbox waits for any pull page being
      // written, and pushes should not wait for one each.
      const pending = fromMemory ?? (await takePushBatch(db, batch * PUSHES_PER_READ, Infinity));
      if (pending.length === 0) return;
      const identity = (fromMemory && knownIdentity) || (await getIdentity(db));
      if (!identity) return;
      knownIdentity = { deviceId: identity.deviceId, token: identity.token };
      // Each answer is written here in order, while the next push is already on its way.
      let writing: Promise<void> = Promise.resolve();
      let offset = 0;
      let readAgain = false;
      while (offset < pending.length && !readAgain) {
        const mutations = withinBudget(pending.slice(offset, offset + batch));
        offset += mutations.length;
        const sent = mutations.map((m) => m.seq);
        let response: PushResponse;
        try {
          response = await post<PushResponse>('/api/sync/push', { deviceId: identity.deviceId, mutations }, identity);
        } catch (error) {
          await writing.catch(() => {});
          await countAttempt(db, sent).catch(() => {});
          throw error;
        }
        fresh.heard(response.nextSeq);
        const unanswered = sent.filter((seq) => !response.results.some((r) => r.seq === seq));
        writing = writing.then(async () => {
          await applyPushResponse(db, response, now());
          if (unanswered.length) await countAttempt(db, unanswered);
        });
        const first = mutations[0]?.seq ?? 0;
        if (response.results.length === 0 && response.nextSeq < first) {
          await writing;
          if (alongside) {
            options.recoverLater();
            return;
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
          readAgain = true;
          continue;
        }
        answered(response);
        if (unanswered.length) {
          // The store stopped short: read the outbox again if it moved on, else leave the rest to the next run.
          if (response.nextSeq <= first) {
            await writing;
            return;
          }
          readAgain = true;
        }
      }
      await writing;
      if (readAgain) continue;
      if (fromMemory ? fresh.isEmpty() : pending.length < batch * PUSHES_PER_READ) return;
    }
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
