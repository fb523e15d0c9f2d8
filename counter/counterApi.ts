/**
 * The counter's few direct calls to the server: the officer's session (sign in, unlock,
 * sign out, "is my session still valid?"). Everything about tickets goes through the
 * outbox instead; these calls need the network because the server checks the PIN.
 * Failures come back as CounterError with the server's code, or "offline".
 */
import { CounterError } from '../shared/machines/counterTypes.ts';
import { routes, type Route, type TicketIdentity } from '../shared/api/contract.ts';
import { ApiRequestError, request, type HttpMethod } from '../shared/api/request.ts';
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

/** One authenticated call to the store: `path` under /api/counter/ unless it starts with "/". */
export type ApiCall = <T>(method: HttpMethod, path: string, body?: unknown, sessionToken?: string, extraHeaders?: Record<string, string>) => Promise<T>;

/** Calls to the store with a device token, failing as CounterError (with the server's code, or "offline"). */
export function apiCaller(deviceToken: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): ApiCall {
  return async function call<T>(method: HttpMethod, path: string, body?: unknown, sessionToken?: string, extraHeaders?: Record<string, string>): Promise<T> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (sessionToken) headers['x-officer-session'] = sessionToken;
    try {
      return await request<T>(path.startsWith('/') ? path : `/api/counter/${path}`, { method, token: deviceToken, body, headers, fetch: fetchImpl });
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
  const call = apiCaller(deviceToken, fetchImpl);
  // One route of the contract (shared/api/contract.ts), with the officer's session when given.
  const send = <P, Req, Res>(r: Route<P, Req, Res>, params: P, body?: Req, sessionToken?: string): Promise<Res> => call<Res>(r.method, r.path(params), body, sessionToken);
  return {
    signIn: (body) => send(routes.counterSignIn, {}, body),
    unlock: async (sessionToken, pin, lastSeq) => void (await send(routes.counterUnlock, {}, { pin, lastSeq }, sessionToken)),
    signOut: async (sessionToken, lastSeq) => void (await send(routes.counterSignOut, {}, { lastSeq }, sessionToken)),
    session: async (sessionToken) => void (await send(routes.counterSession, {}, undefined, sessionToken)),
    idNumber: (sessionToken, ticketId) => send(routes.ticketIdentity, { ticketId }, undefined, sessionToken),
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
