/**
 * The counter's few direct calls to the server: the officer's session (sign in, unlock,
 * sign out, "is my session still valid?"). Everything about tickets goes through the
 * outbox instead; these calls need the network because the server checks the PIN.
 * Every call is a route of the REST contract (shared/api/contract.ts) sent through
 * `counterSender`, which the desk's and the notices' calls use too.
 * Failures come back as CounterError with the server's code, or "offline".
 */
import { CounterError } from '../shared/machines/counterTypes.ts';
import { routes, send, type Route, type TicketIdentity } from '../shared/api/contract.ts';
import { ApiRequestError } from '../shared/api/request.ts';
import type { OfficerSession } from '../shared/sync/protocol.ts';

export interface CounterApi {
  signIn(body: { badge: string; pin: string; counterId: number }): Promise<OfficerSession>;
  /** `lastSeq`: the last change made under the session, which the store keeps if the PINs run out. */
  unlock(sessionToken: string, pin: string, lastSeq: number): Promise<void>;
  /** `lastSeq`: the last change made under the session; the store refuses any later one naming it. */
  signOut(sessionToken: string, lastSeq: number): Promise<void>;
  /** Resolves when the server still knows the session; throws CounterError otherwise. */
  session(sessionToken: string): Promise<void>;
  /** The identity number given for a ticket this counter serves (audited on the server). */
  idNumber(sessionToken: string, ticketId: string): Promise<TicketIdentity>;
}

/** Raised on `window` when the store answers `session_locked`. */
export const SESSION_LOCKED_EVENT = 'counter:session-locked';

/** The string and number fields (and lists of strings) of an error's details, for the message on screen. */
function detailsOf(details: unknown): Record<string, string | number> {
  if (typeof details !== 'object' || details === null) return {};
  // A list of numbers (the ones a refused batch names) comes as one comma-separated string.
  const flat = Object.entries(details).map(([k, v]): [string, unknown] => [k, Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join(', ') : v]);
  return Object.fromEntries(flat.filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
}

/** What a counter call adds to a route's parameters: its body, the officer's session, other headers. */
export interface CounterCallOptions<Req> {
  readonly body?: Req;
  /** Sent as `X-Officer-Session`. */
  readonly session?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One route of the contract (shared/api/contract.ts) called with the device token. */
export type CounterSend = <P, Req, Res>(r: Route<P, Req, Res>, params: P, options?: CounterCallOptions<Req>) => Promise<Res>;

/** Calls to the store with a device token, failing as CounterError (with the server's code, or "offline"). */
export function counterSender(deviceToken: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): CounterSend {
  return async function call<P, Req, Res>(r: Route<P, Req, Res>, params: P, { body, session, headers: extra }: CounterCallOptions<Req> = {}): Promise<Res> {
    const headers: Record<string, string> = { ...extra };
    if (session) headers['x-officer-session'] = session;
    try {
      return await send(r, params, { token: deviceToken, body, headers, fetch: fetchImpl });
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      // A failure whose body names no code is "server_error" or "unexpected" here, 401 included.
      const code = e.fromServer || e.status === 0 ? e.code : e.status >= 500 ? 'server_error' : 'unexpected';
      // The store holds this terminal locked (idle too long, or locked while offline): the
      // counter app locks the screen so the officer gives the PIN again (CounterApp).
      if (code === 'session_locked' && typeof window !== 'undefined') window.dispatchEvent(new Event(SESSION_LOCKED_EVENT));
      if (e.status === 0) throw new CounterError('offline', e.message);
      throw new CounterError(code, e.message, { status: e.status, ...detailsOf(e.details) });
    }
  };
}

/** A counter API for a device token; `fetchImpl` is replaceable for tests. */
export function createCounterApi(deviceToken: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): CounterApi {
  const send = counterSender(deviceToken, fetchImpl);
  return {
    signIn: (body) => send(routes.counterSignIn, {}, { body }),
    unlock: async (session, pin, lastSeq) => void (await send(routes.counterUnlock, {}, { body: { pin, lastSeq }, session })),
    signOut: async (session, lastSeq) => void (await send(routes.counterSignOut, {}, { body: { lastSeq }, session })),
    session: async (session) => void (await send(routes.counterSession, {}, { session })),
    idNumber: (session, ticketId) => send(routes.ticketIdentity, { ticketId }, { session }),
  };
}

/**
 * The officer's name in the reader's language. Sign-in answers with `names` in every
 * language besides the protocol's `name`; the stored session keeps both.
 */
export function officerName(session: OfficerSession, language: string): string {
  const { names } = session;
  return names?.[language] ?? session.name;
}

/** Codes that mean "the server no longer accepts this officer session". */
export const SESSION_GONE_CODES: readonly string[] = ['session_invalid', 'officer_locked', 'device_revoked'];

/** Codes that mean "the PIN was wrong". */
export const WRONG_PIN_CODES: readonly string[] = ['bad_credentials'];
