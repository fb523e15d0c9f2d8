/**
 * The supervisor console's only way to the server. The console is online-only: every
 * call goes to /api/admin/* with the supervisor's bearer token, and every failure comes
 * back as an AdminApiError whose `code` the screens translate ("offline" when the
 * network is down, "unauthorized" when the token is no longer accepted).
 */
import type { ApiError } from '../shared/sync/protocol.ts';
import type { DeviceRole } from '../shared/sync/mutations.ts';
import type { AdminDevice, AdminOfficer, AdminRejection, AppointmentDay, Enrollment, NewAppointment, SupervisorSession, TodaySummary } from './adminTypes.ts';

export class AdminApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
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
  appointments(day?: string): Promise<AppointmentDay>;
  book(body: { sectionId: string; service: string; slotAt: number; idNumber?: string }): Promise<NewAppointment>;
}

export interface AdminApiOptions {
  /** The current supervisor token, or null before sign-in. */
  readonly token: () => string | null;
  /** Called when the server no longer accepts the token (expired, signed out elsewhere). */
  readonly onUnauthorized?: () => void;
  readonly fetch?: typeof fetch;
}

export function createAdminApi({ token, onUnauthorized, fetch: doFetch = (...a) => fetch(...a) }: AdminApiOptions): AdminApi {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`/api/admin/${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new AdminApiError('offline', 'The server cannot be reached', 0);
    }
    const parsed = (await response.json().catch(() => null)) as T | ApiError | null;
    if (!response.ok) {
      const error = (parsed as ApiError | null)?.error;
      const code = error?.code ?? (response.status === 401 ? 'unauthorized' : response.status >= 500 ? 'server_error' : 'unexpected');
      if (response.status === 401 && bearer && path !== 'sign-in') onUnauthorized?.();
      throw new AdminApiError(code, error?.message ?? `HTTP ${response.status}`, response.status);
    }
    return parsed as T;
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
    appointments: (day) => call<AppointmentDay>('GET', day ? `appointments?day=${encodeURIComponent(day)}` : 'appointments'),
    book: (body) => call<NewAppointment>('POST', 'appointments', body),
  };
}
