/**
 * The device's sync loop: push the outbox in batches, then pull changes by cursor until
 * caught up. It runs on every local change, on every server poke (SSE), on reconnect, on
 * the browser's `online` event and on a slow timer. Network failures are retried with
 * backoff; nothing is dropped: a refused change lands in `rejections` for a person to see.
 */
import { getCursor, getIdentity, getSession, observe, onLocalChange, outboxCounts, outboxHealth, saveClockOffset, syncPosition, type DeviceDb } from '../db/index.ts';
import { DEFAULT_PULL_LIMIT, MAX_PUSH_BATCH, type HeartbeatRequest, type HeartbeatResponse } from '../sync/protocol.ts';
import { pruneIfNewDay } from '../db/prune.ts';
import { ApiRequestError, request } from '../api/request.ts';
import { listenForChanges } from './eventStream.ts';
import { pullAll as pull } from './pull.ts';
import { createPusher } from './push.ts';

export type SyncProblem =
  | 'offline'
  | 'device_revoked'
  | 'update_required'
  | 'server_error'
  | 'not_enrolled';

export interface SyncStatus {
  /** The last request reached the server. */
  readonly online: boolean;
  readonly syncing: boolean;
  /** Changes made here that the server has not confirmed yet. */
  readonly pending: number;
  /** Changes the server refused that nobody has looked at yet. */
  readonly rejections: number;
  readonly lastSyncAt: number | null;
  readonly problem: SyncProblem | null;
  readonly problemMessage: string | null;
  readonly cursor: number;
}

export interface SyncClientOptions {
  readonly db: DeviceDb;
  /** Origin of the central store; '' = same origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Fallback pull period when no poke arrives. */
  readonly pollMs?: number;
  readonly pushBatch?: number;
  readonly pullLimit?: number;
  /** Open the SSE poke stream (browsers: yes; the simulator drives syncNow itself). */
  readonly live?: boolean;
  /** The build's version, reported in heartbeats. */
  readonly appVersion?: string;
  /** At most one heartbeat per this many ms, sent at the start of a sync run (0: none). */
  readonly heartbeatMs?: number;
}

export interface SyncClient {
  /** Pushes and pulls until caught up (or a failure). Concurrent calls share one run. */
  syncNow(): Promise<void>;
  /**
   * Sends the outbox now, even while a run is pulling (a person's change should not wait
   * for a page of other people's), then has a run follow to pull and report. The store
   * answers pushes in seq order, so pushes never overlap each other.
   */
  pushNow(): Promise<void>;
  start(): void;
  stop(): void;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const { db } = options;
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 30_000;
  const batch = Math.min(options.pushBatch ?? MAX_PUSH_BATCH, MAX_PUSH_BATCH);
  const pullLimit = options.pullLimit ?? DEFAULT_PULL_LIMIT;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const appVersion = options.appVersion ?? 'dev';
  let lastBeatAt = -Infinity;

  let status: SyncStatus = {
    online: true,
    syncing: false,
    pending: 0,
    rejections: 0,
    lastSyncAt: null,
    problem: null,
    problemMessage: null,
    cursor: 0,
  };
  const listeners = new Set<(s: SyncStatus) => void>();
  const set = (patch: Partial<SyncStatus>): void => {
    status = { ...status, ...patch };
    for (const l of listeners) l(status);
  };

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  const cleanups: Array<() => void> = [];
  let streamAbort: AbortController | null = null;

  /** One call to the store as this device (the shared request helper, with the device's token). */
  async function call<T>(path: string, body?: unknown, known?: { token: string }): Promise<T> {
    const identity = known ?? (await getIdentity(db));
    if (!identity) throw new ApiRequestError('not_enrolled', 'This device is not enrolled', 0);
    const answer = await request<T | null>(path, { method: body === undefined ? 'GET' : 'POST', body, token: identity.token, baseUrl: base, fetch: doFetch });
    if (answer === null) throw new ApiRequestError('server_error', 'the store answered with no body', 200);
    return answer;
  }

  /**
   * Tells the store this device is alive and how it is doing; the store answers with its
   * clock, which it also keeps to date this device's events. Sent first in a run, so the
   * changes pushed right after are dated with a fresh measurement. A failed beat never
   * fails the run: push and pull report the network's state themselves.
   */
  async function heartbeat(force = false): Promise<void> {
    if (!force && (heartbeatMs <= 0 || now() - lastBeatAt < heartbeatMs)) return;
    try {
      const [{ depth, oldestUnsentAt }, session, cursor, { confirmedSeq, epoch }] = await Promise.all([outboxHealth(db), getSession(db), getCursor(db), syncPosition(db)]);
      const beat: HeartbeatRequest = {
        deviceTime: now(),
        appVersion,
        outboxDepth: depth,
        oldestUnsentAt,
        sessionId: session?.sessionId ?? null,
        ...(session ? { officer: { activityAt: session.lastActivityAt, locked: session.locked } } : {}),
        cursor,
        confirmedSeq,
        epoch,
      };
      const answer = await call<HeartbeatResponse>('/api/sync/heartbeat', beat);
      await saveClockOffset(db, answer.clockOffsetMs);
      lastBeatAt = now();
    } catch {
      // Retried at the next run.
    }
  }

  const pusher = createPusher({
    db,
    now,
    batch,
    post: (path, body, known) => call(path, body, known),
    beat: () => heartbeat(true),
    recoverLater: () => {
      again = true;
    },
  });
  const push = pusher.push;

  function pushNow(): Promise<void> {
    if (!running) return syncNow();
    again = true; // the run pulls what the push changed, and reports any failure
    return push(true).catch(() => {});
  }

  const pullAll = (): Promise<void> => pull({ db, limit: pullLimit, get: (path) => call(path), applied: (cursor) => set({ cursor }) });

  /**
   * Pushes the outbox and pulls, overlapped: the pull starts once the store has answered a
   * push as the store this device knows, so while the rest of the outbox goes up, pages
   * come down (a day offline: 20 pushes, then 6 pages, took one after the other). Not
   * before that first answer: a store restored from a backup is recovered from first (its
   * new epoch, pulled meanwhile, would make the recovery's heartbeat report it again).
   * Changes the store took after the pull's last page are pulled after the push.
   */
  async function pushThenPull(): Promise<void> {
    let firstAnswer = (): void => {};
    const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
    let newest = 0;
    const pushed = push(false, (response) => {
      for (const r of response.results) if (r.status === 'applied') newest = Math.max(newest, r.version);
      firstAnswer();
    });
    pushed.catch(() => {}); // its failure is reported below, after the pull it overlaps
    await Promise.race([answered, pushed]);
    const [pushing, pulling] = await Promise.allSettled([pushed, pullAll()]);
    if (pushing.status === 'rejected') throw pushing.reason;
    if (pulling.status === 'rejected') throw pulling.reason;
    if (newest > (await getCursor(db))) await pullAll();
  }

  /**
   * Once a service day, after a pull, what the store holds and no screen needs leaves this
   * device (shared/db/prune.ts). A failure is reported, never fatal: the
   * data stays and the next run tries again.
   */
  let prunedOn = '';
  async function prune(): Promise<void> {
    const day = new Date(now()).toISOString().slice(0, 13); // at most one look an hour
    if (day === prunedOn) return;
    try {
      await pruneIfNewDay(db, now());
      prunedOn = day;
    } catch (error) {
      console.warn('pruning the device database failed; it is tried again later', error);
    }
  }

  async function runOnce(): Promise<void> {
    set({ syncing: true });
    try {
      await heartbeat();
      await pushThenPull();
      await prune();
      failures = 0;
      set({ online: true, problem: null, problemMessage: null, lastSyncAt: now() });
    } catch (error) {
      const e = error instanceof ApiRequestError ? error : new ApiRequestError('server_error', String(error), 0);
      const problem: SyncProblem =
        e.code === 'offline'
          ? 'offline'
          : e.code === 'device_revoked' || e.code === 'device_unknown' || e.status === 401
            ? 'device_revoked'
            : e.code === 'schema_too_new'
              ? 'update_required'
              : e.code === 'not_enrolled'
                ? 'not_enrolled'
                : 'server_error';
      set({ online: e.code !== 'offline', problem, problemMessage: e.message });
      scheduleRetry(problem);
    } finally {
      set({ syncing: false });
    }
  }

  function scheduleRetry(problem: SyncProblem): void {
    if (stopped || problem === 'device_revoked' || problem === 'not_enrolled') return;
    failures += 1;
    const delay = Math.min(60_000, 1000 * 2 ** Math.min(failures, 6)) * (0.75 + Math.random() * 0.5);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void syncNow(), delay);
  }

  function syncNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again && status.problem === null);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  let seenSeq = 0;
  function sawChange(seq: number): void {
    if (seq <= seenSeq) return;
    seenSeq = seq;
    void pushNow();
  }

  function start(): void {
    if (!stopped) return;
    stopped = false;
    // Enrolled again, perhaps (restartSync): the identity and the store's seq are read afresh.
    pusher.reset();
    cleanups.push(
      observe(
        () => outboxCounts(db),
        ({ pending, unseenRejections, newestSeq }) => {
          // A new change here (its seq is above any seen), not merely a count that grew: a
          // change made as another was confirmed leaves the count where it was.
          set({ pending, rejections: unseenRejections });
          if (pending > 0) sawChange(newestSeq);
        },
      ),
      // Sooner than the live query above: the moment a change here commits.
      onLocalChange(db, (change) => sawChange(change.seq)),
    );
    timer = setInterval(() => void syncNow(), pollMs);
    if (typeof window !== 'undefined') {
      const onOnline = (): void => void syncNow();
      window.addEventListener('online', onOnline);
      cleanups.push(() => window.removeEventListener('online', onOnline));
    }
    if (options.live !== false) {
      streamAbort = new AbortController();
      void listenForChanges(
        { db, base, fetch: doFetch, sync: () => void syncNow(), applied: (cursor) => set({ cursor, lastSyncAt: now() }) },
        streamAbort.signal,
      );
    }
    void syncNow();
  }

  function stop(): void {
    stopped = true;
    if (timer) clearInterval(timer);
    if (retryTimer) clearTimeout(retryTimer);
    streamAbort?.abort();
    for (const c of cleanups.splice(0)) c();
  }

  return {
    syncNow,
    pushNow,
    start,
    stop,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
  };
}
