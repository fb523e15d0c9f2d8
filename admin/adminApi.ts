/**
 * The supervisor console's only way to the server. The console is online-only: every
 * call goes to /api/admin/* with the supervisor's bearer token, and every failure comes
 * back as an AdminApiError whose `code` the screens translate ("offline" when the
 * network is down, "unauthorized" when the token is no longer accepted).
 */
import type { ConfigPart } from '../shared/sync/officeConfigSchema.ts';
import { ApiRequestError, request } from '../shared/api/request.ts';
import type { DeviceRole } from '../shared/sync/mutations.ts';
import type {
  AdminDevice,
  AdminOffice,
  AdminOfficer,
  AdminMessages,
  AdminRejection,
  AppointmentDay,
  AuditPage,
  AuditQuery,
  ConfigAnswer,
  Enrollment,
  NewAppointment,
  NewOfficer,
  NewPin,
  SupervisorSession,
  TodaySummary,
} from '../shared/api/adminTypes.ts';
import type { ExportKind, FloorResponse, MetricsFilter, MetricsResponse, ScorecardResponse, ScorecardsResponse } from '../shared/api/metricsTypes.ts';

export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The server's `error.details` (a configuration problem names its field there). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export interface AdminApi {
  signIn(username: string, password: string): Promise<SupervisorSession>;
  signOut(): Promise<void>;
  today(): Promise<TodaySummary>;
  devices(): Promise<AdminDevice[]>;
  createEnrollment(role: DeviceRole, label?: string): Promise<Enrollment>;
  revokeDevice(deviceId: string): Promise<void>;
  officers(): Promise<AdminOfficer[]>;
  endSessions(badge: string): Promise<void>;
  unlockOfficer(badge: string): Promise<void>;
  rejections(): Promise<AdminRejection[]>;
  messages(status?: string): Promise<AdminMessages>;
  resendMessage(messageId: string): Promise<void>;
  appointments(day?: string): Promise<AppointmentDay>;
  book(body: { sectionId: string; service: string; slotAt: number; idNumber?: string }): Promise<NewAppointment>;
  renameDevice(deviceId: string, label: string | null): Promise<AdminDevice>;
  addOfficer(body: { badge: string; name: { ar: string; en: string }; pin?: string }): Promise<NewOfficer>;
  newPin(badge: string, pin?: string): Promise<NewPin>;
  deactivateOfficer(badge: string): Promise<void>;
  reactivateOfficer(badge: string): Promise<void>;
  offices(): Promise<AdminOffice[]>;
  config(): Promise<ConfigAnswer>;
  saveConfig(part: ConfigPart, body: unknown): Promise<ConfigAnswer>;
  audit(query: AuditQuery): Promise<AuditPage>;
  floor(): Promise<FloorResponse>;
  /** Hides one occurrence of an alert (`since` names it), or the alert's key for `minutes`. */
  silenceAlert(body: { key: string; since: number; action: 'acknowledge' | 'snooze'; minutes?: number }): Promise<void>;
  /** A slice of the pilot; unset filter fields mean all, an unset range the whole pilot so far. */
  metrics(filter: Partial<MetricsFilter>): Promise<MetricsResponse>;
  scorecard(): Promise<ScorecardResponse>;
  scorecards(): Promise<ScorecardsResponse>;
  /** A CSV file (UTF-8 with BOM) of the slice, with headings in `language`. */
  exportCsv(kind: ExportKind, filter: Partial<MetricsFilter>, language: string): Promise<Blob>;
  /** Opens the console's live stream: `onChange` on every change of the office; returns the stop function. */
  watch(onChange: () => void): () => void;
}

/** The filter as query parameters (only what is set). */
export function filterQuery(filter: Partial<MetricsFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface AdminApiOptions {
  /** The current supervisor token, or null before sign-in. */
  readonly token: () => string | null;
  /** Called when the server no longer accepts the token (expired, signed out elsewhere). */
  readonly onUnauthorized?: () => void;
  /** The office a director is reading (sent as `?office=` on reads); null: the account's own. */
  readonly office?: () => string | null;
  readonly fetch?: typeof fetch;
}

export function createAdminApi({ token, onUnauthorized, office = () => null, fetch: doFetch = (...a) => fetch(...a) }: AdminApiOptions): AdminApi {
  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, as: 'json' | 'blob' = 'json'): Promise<T> {
    const reading = office();
    if (method === 'GET' && reading) path += `${path.includes('?') ? '&' : '?'}office=${encodeURIComponent(reading)}`;
    const bearer = token();
    try {
      return await request<T>(`/api/admin/${path}`, { method, token: bearer, body, as, fetch: doFetch });
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      if (e.status === 401 && bearer && path !== 'sign-in') onUnauthorized?.();
      throw new AdminApiError(e.code, e.message, e.status, e.details);
    }
  }

  const post = (path: string, body: unknown = {}): Promise<unknown> => call<unknown>('POST', path, body);

  return {
    signIn: (username, password) => call<SupervisorSession>('POST', 'sign-in', { username, password }),
    signOut: async () => void (await post('sign-out')),
    today: () => call<TodaySummary>('GET', 'today'),
    devices: async () => (await call<{ devices: AdminDevice[] }>('GET', 'devices')).devices,
    createEnrollment: (role, label) => call<Enrollment>('POST', 'enrollments', label ? { role, label } : { role }),
    revokeDevice: async (deviceId) => void (await post(`devices/${encodeURIComponent(deviceId)}/revoke`)),
    officers: async () => (await call<{ officers: AdminOfficer[] }>('GET', 'officers')).officers,
    endSessions: async (badge) => void (await post(`officers/${encodeURIComponent(badge)}/end-sessions`)),
    unlockOfficer: async (badge) => void (await post(`officers/${encodeURIComponent(badge)}/unlock`)),
    rejections: async () => (await call<{ rejections: AdminRejection[] }>('GET', 'rejections')).rejections,
    messages: (status) => call<AdminMessages>('GET', status ? `messages?status=${encodeURIComponent(status)}` : 'messages'),
    resendMessage: async (messageId) => void (await post(`messages/${encodeURIComponent(messageId)}/resend`)),
    appointments: (day) => call<AppointmentDay>('GET', day ? `appointments?day=${encodeURIComponent(day)}` : 'appointments'),
    book: (body) => call<NewAppointment>('POST', 'appointments', body),
    renameDevice: (deviceId, label) => call<AdminDevice>('PUT', `devices/${encodeURIComponent(deviceId)}/label`, { label }),
    addOfficer: (body) => call<NewOfficer>('POST', 'officers', body),
    newPin: (badge, pin) => call<NewPin>('POST', `officers/${encodeURIComponent(badge)}/reset-pin`, pin ? { pin } : {}),
    deactivateOfficer: async (badge) => void (await post(`officers/${encodeURIComponent(badge)}/deactivate`)),
    reactivateOfficer: async (badge) => void (await post(`officers/${encodeURIComponent(badge)}/reactivate`)),
    offices: async () => (await call<{ offices: AdminOffice[] }>('GET', 'offices')).offices,
    config: () => call<ConfigAnswer>('GET', 'config'),
    saveConfig: (part, body) => call<ConfigAnswer>('PUT', `config/${part}`, body),
    audit: (query) => {
      const params = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
      const search = params.toString();
      return call<AuditPage>('GET', search ? `audit?${search}` : 'audit');
    },
    floor: () => call<FloorResponse>('GET', 'floor'),
    silenceAlert: async (body) => void (await post('alerts', body)),
    metrics: (filter) => call<MetricsResponse>('GET', `metrics${filterQuery(filter)}`),
    scorecard: () => call<ScorecardResponse>('GET', 'scorecard'),
    scorecards: () => call<ScorecardsResponse>('GET', 'scorecards'),
    exportCsv: (kind, filter, language) => call<Blob>('GET', `export/${kind}.csv${filterQuery({ ...filter, lang: language } as Partial<MetricsFilter>)}`, undefined, 'blob'),
    watch: (onChange) => {
      const abort = new AbortController();
      const reading = office();
      void streamChanges(`/api/admin/events${reading ? `?office=${encodeURIComponent(reading)}` : ''}`, token, onChange, abort.signal, doFetch);
      return () => abort.abort();
    },
  };
}

/**
 * Reads the console's event stream (fetch, so the token goes in a header) and calls
 * `onChange` for each change; reconnects after a pause while not stopped.
 */
async function streamChanges(path: string, token: () => string | null, onChange: () => void, signal: AbortSignal, doFetch: typeof fetch): Promise<void> {
  while (!signal.aborted) {
    try {
      const bearer = token();
      if (!bearer) return;
      const response = await doFetch(path, { headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' }, cache: 'no-store', signal });
      if (response.status === 401 || response.status === 403) return;
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value.includes('event: change')) onChange();
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, 3000 + Math.random() * 2000));
  }
}
