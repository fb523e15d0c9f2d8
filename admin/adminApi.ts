/**
 * The supervisor console's only way to the server. The console is online-only: every
 * call goes to /api/admin/* with the supervisor's bearer token, and every failure comes
 * back as an AdminApiError whose `code` the screens translate ("offline" when the
 * network is down, "unauthorized" when the token is no longer accepted).
 */
import type { ConfigPart } from '../shared/sync/officeConfigSchema.ts';
import { adminRoutes, type Route } from '../shared/api/contract.ts';
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
  async function call<P, Req, Res>(r: Route<P, Req, Res>, params: P, body?: Req, as: 'json' | 'blob' = 'json'): Promise<Res> {
    let path = r.path(params);
    const reading = office();
    if (r.method === 'GET' && reading) path += `${path.includes('?') ? '&' : '?'}office=${encodeURIComponent(reading)}`;
    const bearer = token();
    try {
      return await request<Res>(path, { method: r.method, token: bearer, body, as, fetch: doFetch });
    } catch (e) {
      if (!(e instanceof ApiRequestError)) throw e;
      if (e.status === 401 && bearer && r !== adminRoutes.signIn) onUnauthorized?.();
      throw new AdminApiError(e.code, e.message, e.status, e.details);
    }
  }

  /** A POST whose answer the console does not read; its body is `{}`. */
  const post = async <P,>(r: Route<P, Record<string, never>, unknown>, params: P): Promise<void> => void (await call(r, params, {}));
  const a = adminRoutes;

  return {
    signIn: (username, password) => call(a.signIn, {}, { username, password }),
    signOut: () => post(a.signOut, {}),
    today: () => call(a.today, {}),
    devices: async () => (await call(a.devices, {})).devices,
    createEnrollment: (role, label) => call(a.createEnrollment, {}, label ? { role, label } : { role }),
    revokeDevice: (deviceId) => post(a.revokeDevice, { deviceId }),
    officers: async () => (await call(a.officers, {})).officers,
    endSessions: (badge) => post(a.endSessions, { badge }),
    unlockOfficer: (badge) => post(a.unlockOfficer, { badge }),
    rejections: async () => (await call(a.rejections, {})).rejections,
    messages: (status) => call(a.messages, { status }),
    resendMessage: (messageId) => post(a.resendMessage, { messageId }),
    appointments: (day) => call(a.appointments, { day }),
    book: (body) => call(a.book, {}, body),
    renameDevice: (deviceId, label) => call(a.renameDevice, { deviceId }, { label }),
    addOfficer: (body) => call(a.addOfficer, {}, body),
    newPin: (badge, pin) => call(a.newPin, { badge }, pin ? { pin } : {}),
    deactivateOfficer: (badge) => post(a.deactivateOfficer, { badge }),
    reactivateOfficer: (badge) => post(a.reactivateOfficer, { badge }),
    offices: async () => (await call(a.offices, {})).offices,
    config: () => call(a.config, {}),
    saveConfig: (part, body) => call(a.saveConfig, { part }, body),
    audit: (query) => call(a.audit, { ...query }),
    floor: () => call(a.floor, {}),
    silenceAlert: async (body) => void (await call(a.silenceAlert, {}, body)),
    metrics: (filter) => call(a.metrics, { query: filterQuery(filter) }),
    scorecard: () => call(a.scorecard, {}),
    scorecards: () => call(a.scorecards, {}),
    exportCsv: (kind, filter, language) => call(a.exportCsv, { kind, query: filterQuery({ ...filter, lang: language } as Partial<MetricsFilter>) }, undefined, 'blob'),
    watch: (onChange) => {
      const abort = new AbortController();
      const reading = office();
      void streamChanges(`${adminRoutes.events.path({})}${reading ? `?office=${encodeURIComponent(reading)}` : ''}`, token, onChange, abort.signal, doFetch);
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
