/**
 * The real implementations of the counter machine's actors: the device database for
 * everything about tickets (works offline), the counter API for the officer's session
 * (the server checks the PIN). The machine stays free of I/O; this is the only place
 * that wires it to the world.
 */
import { fromCallback, fromPromise } from 'xstate';
import {
  actOnTicket,
  callNext,
  currentBreak,
  endSession,
  getSession,
  lastSeq,
  lockSession,
  markRejectionSeen,
  observe,
  recordCounterBreak,
  recordCounterState,
  saveSession,
  touchSession,
  unlockOffline,
  unseenRejections,
  type DeviceDb,
  type LocalTicket,
} from '../shared/db/index.ts';
import type { OfficeSettings } from '../shared/domain/office.ts';
import {
  CounterError,
  type CounterEvent,
  type RestoreOutput,
  type SignInInput,
  type SignInOutput,
  type SignOutInput,
  type ActInput,
  type CallInput,
  type UnlockOutput,
} from '../shared/machines/counterTypes.ts';
import type { SyncClient } from '../shared/device/syncClient.ts';
import { saveLocally } from '../shared/device/bootstrap.ts';
import { SESSION_GONE_CODES, WRONG_PIN_CODES, type CounterApi } from './counterApi.ts';
import { openTicketAt } from '../shared/db/counterQueries.ts';

export interface CounterDeps {
  readonly db: DeviceDb;
  readonly sync: SyncClient;
  readonly api: CounterApi;
  readonly settings: OfficeSettings;
}

/** How often the terminal asks whether a supervisor ended the officer's session. */
const SESSION_CHECK_MS = 60_000;
/** How long sign-out waits for the outbox to reach the server before ending the session there. */
const FLUSH_BEFORE_SIGN_OUT_MS = 4000;

const codeOf = (error: unknown): string => (error instanceof CounterError ? error.code : 'unexpected');

/** How often an officer's activity is written to the session (its idle lock runs in minutes). */
export const ACTIVITY_WRITE_MS = 15_000;

export function counterActors({ db, sync, api, settings }: CounterDeps) {
  let lastActivityWrite = -Infinity;
  /** Server first (it counts wrong PINs across devices); the device's own verifier when offline. */
  async function unlock(pin: string): Promise<UnlockOutput> {
    const session = await getSession(db);
    if (!session) return { outcome: 'ended' };
    let server: 'ok' | 'wrong' | 'unreachable' = 'unreachable';
    try {
      await api.unlock(session.token, pin, await lastSeq(db));
      server = 'ok';
    } catch (error) {
      const code = codeOf(error);
      if (SESSION_GONE_CODES.includes(code)) {
        await endSession(db);
        return { outcome: 'ended' };
      }
      if (WRONG_PIN_CODES.includes(code)) server = 'wrong';
    }
    if (server === 'ok') {
      // The server is right even if the PIN changed since sign-in: store a fresh verifier.
      const { sessionId, token, badge, name, counterId, expiresAt } = session;
      await saveLocally(db, () => saveSession(db, { sessionId, token, badge, name, counterId, expiresAt }, pin, Date.now()));
      return { outcome: 'unlocked' };
    }
    const local = await saveLocally(db, () => unlockOffline(db, pin, Date.now(), settings.maxPinAttempts));
    if (local === 'ended') return { outcome: 'ended' };
    if (local === 'unlocked' && server === 'unreachable') return { outcome: 'unlocked' };
    if (local === 'unlocked') await lockSession(db); // the server said no: it decides
    const failed = (await getSession(db))?.failedUnlocks ?? 0;
    return { outcome: 'wrong', attemptsLeft: Math.max(0, settings.maxPinAttempts - Math.max(failed, 1)) };
  }

  return {
    restore: fromPromise<RestoreOutput, void>(async () => {
      const row = await getSession(db);
      if (!row) return { session: null, ticket: null };
      const { pinVerifier: _verifier, key: _key, failedUnlocks: _failed, dataKey: _dataKey, ...session } = row;
      return { session, ticket: await openTicketAt(db, row.counterId), breakReason: await currentBreak(db, row.sessionId) };
    }),

    setBreak: fromPromise<void, { counterId: number; reason: string | null }>(({ input }) =>
      saveLocally(db, () => recordCounterBreak(db, { counterId: input.counterId, reason: input.reason, now: Date.now() })),
    ),

    signIn: fromPromise<SignInOutput, SignInInput>(async ({ input }) => {
      const session = await api.signIn(input);
      const now = Date.now();
      await saveLocally(db, () => saveSession(db, session, input.pin, now));
      await saveLocally(db, () => recordCounterState(db, { open: true, counterId: session.counterId, now }));
      return { session, ticket: await openTicketAt(db, session.counterId) };
    }),

    callNext: fromPromise<LocalTicket | null, CallInput>(({ input }) =>
      saveLocally(db, () =>
        input.ticketId
          ? actOnTicket(db, { action: 'call', ticketId: input.ticketId, counterId: input.counterId, reason: input.reason ?? null, now: Date.now() })
          : callNext(db, { counterId: input.counterId, now: Date.now() }),
      ),
    ),

    act: fromPromise<LocalTicket, ActInput>(({ input }) =>
      saveLocally(db, () => {
        const base = { ticketId: input.ticketId, counterId: input.counterId, now: Date.now() };
        if (input.step !== 'transfer') return actOnTicket(db, { ...base, action: input.step });
        if (!input.transfer) throw new Error('a transfer needs a service group');
        return actOnTicket(db, { ...base, action: 'transfer', ...input.transfer });
      }),
    ),

    unlock: fromPromise<UnlockOutput, { pin: string }>(({ input }) => unlock(input.pin)),

    signOut: fromPromise<void, SignOutInput>(async ({ input }) => {
      const session = await getSession(db);
      if (session && input.counterId !== null) {
        await saveLocally(db, () => recordCounterState(db, { open: false, counterId: input.counterId ?? session.counterId, now: Date.now() }));
      }
      if (session && input.reason === 'user') {
        // Changes made under this session should reach the server while it still accepts them.
        await Promise.race([sync.syncNow(), new Promise((r) => setTimeout(r, FLUSH_BEFORE_SIGN_OUT_MS))]);
        await api.signOut(session.token, await lastSeq(db)).catch(() => undefined);
      }
      await endSession(db);
    }),

    persistLock: fromPromise<void, void>(() => lockSession(db)),
    // At most one write per ACTIVITY_WRITE_MS: the idle lock counts minutes, and a write on
    // every key press queued the officer's own change (its transaction reads the session) behind it.
    recordActivity: fromPromise<void, void>(async () => {
      const now = Date.now();
      if (now - lastActivityWrite < ACTIVITY_WRITE_MS) return;
      lastActivityWrite = now;
      await touchSession(db, now);
    }),
    markSeen: fromPromise<void, { seqs: readonly number[] }>(async ({ input }) => {
      for (const seq of input.seqs) await markRejectionSeen(db, seq);
    }),

    watchRejections: fromCallback<CounterEvent>(({ sendBack }) =>
      observe(
        () => unseenRejections(db),
        (rows) =>
          sendBack({
            type: 'rejections.changed',
            rejections: rows.map((r) => ({ seq: r.seq, ticketId: r.ticketId, code: r.reason.code, message: r.reason.message, params: r.reason.params ?? {} })),
          }),
      ),
    ),

    watchSession: fromCallback<CounterEvent>(({ sendBack }) => {
      const check = async (): Promise<void> => {
        const session = await getSession(db);
        if (!session) return;
        try {
          await api.session(session.token);
        } catch (error) {
          if (SESSION_GONE_CODES.includes(codeOf(error))) sendBack({ type: 'session.ended' });
        }
      };
      const id = setInterval(() => void check(), SESSION_CHECK_MS);
      return () => clearInterval(id);
    }),
  };
}
