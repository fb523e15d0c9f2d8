/**
 * The REST contract between the apps and the server, in one place: each route's method,
 * path, request and response types. The types are the ones the server's routes answer
 * with (shared/sync/protocol.ts), so a change on one side fails to compile on the other.
 * The sync loop's routes (/api/sync/*) are the sync protocol's and stay there.
 * Call a route with `send` (below), which goes through the one request helper.
 */
import type { ConfigPart } from '../sync/officeConfigSchema.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import type { EnrollRequest, EnrollResponse, KioskDayAnswer, OfficerSession, PublicTicketStatus } from '../sync/protocol.ts';
import type {
  AdminDevice,
  AdminMessages,
  AdminOffice,
  AdminOfficer,
  AdminRejection,
  AppointmentDay,
  AuditPage,
  ConfigAnswer,
  Enrollment,
  NewAppointment,
  NewOfficer,
  NewPin,
  SupervisorSession,
  TodaySummary,
} from './adminTypes.ts';
import type { FloorResponse, MetricsResponse, ScorecardResponse, ScorecardsResponse } from './metricsTypes.ts';
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
  /** A kiosk's bookings of today and tomorrow, and the office's sealing key (kiosk token). */
  kioskDay: route<None, undefined, KioskDayAnswer | null>('GET', () => '/api/kiosk/day'),
} as const;

const admin = (path: string): string => `/api/admin/${path}`;
/** `?k=v&...` of the set values (undefined and '' left out), or '' when none is set. */
export function queryOf(values: Readonly<Record<string, unknown>>): string {
  const text = new URLSearchParams(Object.entries(values).flatMap(([k, v]) => (v === undefined || v === null || v === '' ? [] : [[k, String(v)]]))).toString();
  return text ? `?${text}` : '';
}

/**
 * The supervisor console's routes (server/routes/admin*.ts), bearer: the supervisor token.
 * Reads take `?office=` for a director (added by admin/adminApi.ts).
 */
export const adminRoutes = {
  signIn: route<None, { username: string; password: string }, SupervisorSession>('POST', () => admin('sign-in')),
  signOut: route<None, Record<string, never>, unknown>('POST', () => admin('sign-out')),
  today: route<None, undefined, TodaySummary>('GET', () => admin('today')),
  devices: route<None, undefined, { devices: AdminDevice[] }>('GET', () => admin('devices')),
  createEnrollment: route<None, { role: DeviceRole; label?: string }, Enrollment>('POST', () => admin('enrollments')),
  revokeDevice: route<{ deviceId: string }, Record<string, never>, unknown>('POST', ({ deviceId }) => admin(`devices/${q(deviceId)}/revoke`)),
  renameDevice: route<{ deviceId: string }, { label: string | null }, AdminDevice>('PUT', ({ deviceId }) => admin(`devices/${q(deviceId)}/label`)),
  officers: route<None, undefined, { officers: AdminOfficer[] }>('GET', () => admin('officers')),
  addOfficer: route<None, { badge: string; name: { ar: string; en: string }; pin?: string }, NewOfficer>('POST', () => admin('officers')),
  endSessions: route<{ badge: string }, Record<string, never>, unknown>('POST', ({ badge }) => admin(`officers/${q(badge)}/end-sessions`)),
  unlockOfficer: route<{ badge: string }, Record<string, never>, unknown>('POST', ({ badge }) => admin(`officers/${q(badge)}/unlock`)),
  newPin: route<{ badge: string }, { pin?: string }, NewPin>('POST', ({ badge }) => admin(`officers/${q(badge)}/reset-pin`)),
  deactivateOfficer: route<{ badge: string }, Record<string, never>, unknown>('POST', ({ badge }) => admin(`officers/${q(badge)}/deactivate`)),
  reactivateOfficer: route<{ badge: string }, Record<string, never>, unknown>('POST', ({ badge }) => admin(`officers/${q(badge)}/reactivate`)),
  rejections: route<None, undefined, { rejections: AdminRejection[] }>('GET', () => admin('rejections')),
  messages: route<{ status?: string }, undefined, AdminMessages>('GET', ({ status }) => admin(`messages${queryOf({ status })}`)),
  resendMessage: route<{ messageId: string }, Record<string, never>, unknown>('POST', ({ messageId }) => admin(`messages/${q(messageId)}/resend`)),
  appointments: route<{ day?: string }, undefined, AppointmentDay>('GET', ({ day }) => admin(`appointments${queryOf({ day })}`)),
  book: route<None, { sectionId: string; service: string; slotAt: number; idNumber?: string }, NewAppointment>('POST', () => admin('appointments')),
  offices: route<None, undefined, { offices: AdminOffice[] }>('GET', () => admin('offices')),
  config: route<None, undefined, ConfigAnswer>('GET', () => admin('config')),
  saveConfig: route<{ part: ConfigPart }, unknown, ConfigAnswer>('PUT', ({ part }) => admin(`config/${part}`)),
  audit: route<Readonly<Record<string, unknown>>, undefined, AuditPage>('GET', (query) => admin(`audit${queryOf(query)}`)),
  floor: route<None, undefined, FloorResponse>('GET', () => admin('floor')),
  silenceAlert: route<None, { key: string; since: number; action: 'acknowledge' | 'snooze'; minutes?: number }, unknown>('POST', () => admin('alerts')),
  metrics: route<{ query: string }, undefined, MetricsResponse>('GET', ({ query }) => admin(`metrics${query}`)),
  scorecard: route<None, undefined, ScorecardResponse>('GET', () => admin('scorecard')),
  scorecards: route<None, undefined, ScorecardsResponse>('GET', () => admin('scorecards')),
  /** A CSV file (read as a Blob). */
  exportCsv: route<{ kind: string; query: string }, undefined, Blob>('GET', ({ kind, query }) => admin(`export/${kind}.csv${query}`)),
  events: route<None, undefined, never>('GET', () => admin('events')),
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
