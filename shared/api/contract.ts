/**
 * The REST contract between the apps and the server, in one place: each route's method,
 * path, request and response types. The types are the ones the server's routes answer
 * with (shared/sync/protocol.ts), so a change on one side fails to compile on the other.
 * The sync loop's routes (/api/sync/*) are the sync protocol's and stay there.
 * Call a route with `send` (below), which goes through the one request helper.
 */
import type { EnrollRequest, EnrollResponse, OfficerSession, PublicTicketStatus } from '../sync/protocol.ts';
import { request, type HttpMethod, type RequestOptions } from './request.ts';

/** A route: `path` builds the URL from the route's parameters; Req/Res type its body and answer. */
export interface Route<Params, Req, Res> {
  readonly method: HttpMethod;
  readonly path: (params: Params) => string;
  /** Never set; carries the body and answer types. */
  readonly types?: { readonly request: Req; readonly response: Res };
}

function route<Params, Req, Res>(method: HttpMethod, path: (params: Params) => string): Route<Params, Req, Res> {
  return { method, path };
}

const q = encodeURIComponent;
type None = Record<string, never>;

/** The counter's answer about a served ticket's identity number (audited on the server). */
export interface TicketIdentity {
  readonly idNumber: string;
  readonly source: 'kiosk' | 'appointment';
}

export const routes = {
  /** Trade a single-use enrollment code for a device token (no token). */
  enroll: route<None, EnrollRequest, EnrollResponse>('POST', () => '/api/devices/enroll'),
  /** The office's public key numbers are sealed with. */
  sealKey: route<None, undefined, { sealKey: string }>('GET', () => '/api/device/seal-key'),
  counterSignIn: route<None, { badge: string; pin: string; counterId: number }, OfficerSession>('POST', () => '/api/counter/sign-in'),
  counterUnlock: route<None, { pin: string; lastSeq: number }, unknown>('POST', () => '/api/counter/unlock'),
  counterSignOut: route<None, { lastSeq: number }, unknown>('POST', () => '/api/counter/sign-out'),
  counterSession: route<None, undefined, unknown>('GET', () => '/api/counter/session'),
  ticketIdentity: route<{ ticketId: string }, undefined, TicketIdentity>('GET', ({ ticketId }) => `/api/counter/tickets/${q(ticketId)}/identity`),
  /** A ticket's public status for the phone page (no token). */
  publicTicket: route<{ code: string }, undefined, PublicTicketStatus>('GET', ({ code }) => `/api/public/tickets/${q(code)}`),
} as const;

/** A route's request body type. */
export type RequestOf<R> = R extends Route<infer _P, infer Req, infer _Res> ? Req : never;
/** A route's answer type. */
export type ResponseOf<R> = R extends Route<infer _P, infer _Req, infer Res> ? Res : never;

/** Calls one route of the contract; fails as ApiRequestError (shared/api/request.ts). */
export function send<Params, Req, Res>(
  r: Route<Params, Req, Res>,
  params: Params,
  options: Omit<RequestOptions, 'method' | 'body'> & { readonly body?: Req } = {},
): Promise<Res> {
  return request<Res>(r.path(params), { ...options, method: r.method });
}
