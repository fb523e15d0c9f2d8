/** The supervisor console's routes of the REST contract (server/routes/admin*.ts, appointments.ts). */
import type { ConfigPart } from '../../sync/officeConfigSchema.ts';
import type { DeviceRole } from '../../sync/mutations.ts';
import type {
  AdminDevice,
  AdminMessages,
  AdminOffice,
  AdminOfficer,
  AdminRejection,
  AppointmentDay,
  AuditPage,
  ConfigAnswer,
  Done,
  Enrollment,
  NewAppointment,
  NewOfficer,
  NewPin,
  OfficerActive,
  OfficerUnlocked,
  SessionsEnded,
  SupervisorSession,
  TodaySummary,
} from '../adminTypes.ts';
import type { FloorResponse, MetricsResponse, ScorecardResponse, ScorecardsResponse } from '../metricsTypes.ts';
import { queryOf, route, type None } from './route.ts';

const q = encodeURIComponent;
const admin = (path: string): string => `/api/admin/${path}`;
/**
 * The supervisor console's routes (server/routes/admin*.ts), bearer: the supervisor token.
 * Reads take `?office=` for a director (added by admin/adminApi.ts).
 */
export const adminRoutes = {
  signIn: route<None, { username: string; password: string }, SupervisorSession>('POST', () => admin('sign-in')),
  signOut: route<None, Record<string, never>, Done>('POST', () => admin('sign-out')),
  today: route<None, undefined, TodaySummary>('GET', () => admin('today')),
  devices: route<None, undefined, { devices: AdminDevice[] }>('GET', () => admin('devices')),
  createEnrollment: route<None, { role: DeviceRole; label?: string }, Enrollment>('POST', () => admin('enrollments')),
  revokeDevice: route<{ deviceId: string }, Record<string, never>, AdminDevice>('POST', ({ deviceId }) => admin(`devices/${q(deviceId)}/revoke`)),
  renameDevice: route<{ deviceId: string }, { label: string | null }, AdminDevice>('PUT', ({ deviceId }) => admin(`devices/${q(deviceId)}/label`)),
  officers: route<None, undefined, { officers: AdminOfficer[] }>('GET', () => admin('officers')),
  addOfficer: route<None, { badge: string; name: { ar: string; en: string }; pin?: string }, NewOfficer>('POST', () => admin('officers')),
  endSessions: route<{ badge: string }, Record<string, never>, SessionsEnded>('POST', ({ badge }) => admin(`officers/${q(badge)}/end-sessions`)),
  unlockOfficer: route<{ badge: string }, Record<string, never>, OfficerUnlocked>('POST', ({ badge }) => admin(`officers/${q(badge)}/unlock`)),
  newPin: route<{ badge: string }, { pin?: string }, NewPin>('POST', ({ badge }) => admin(`officers/${q(badge)}/reset-pin`)),
  deactivateOfficer: route<{ badge: string }, Record<string, never>, OfficerActive>('POST', ({ badge }) => admin(`officers/${q(badge)}/deactivate`)),
  reactivateOfficer: route<{ badge: string }, Record<string, never>, OfficerActive>('POST', ({ badge }) => admin(`officers/${q(badge)}/reactivate`)),
  rejections: route<None, undefined, { rejections: AdminRejection[] }>('GET', () => admin('rejections')),
  messages: route<{ status?: string }, undefined, AdminMessages>('GET', ({ status }) => admin(`messages${queryOf({ status })}`)),
  resendMessage: route<{ messageId: string }, Record<string, never>, Done>('POST', ({ messageId }) => admin(`messages/${q(messageId)}/resend`)),
  appointments: route<{ day?: string }, undefined, AppointmentDay>('GET', ({ day }) => admin(`appointments${queryOf({ day })}`)),
  book: route<None, { sectionId: string; service: string; slotAt: number; idNumber?: string }, NewAppointment>('POST', () => admin('appointments')),
  offices: route<None, undefined, { offices: AdminOffice[] }>('GET', () => admin('offices')),
  config: route<None, undefined, ConfigAnswer>('GET', () => admin('config')),
  saveConfig: route<{ part: ConfigPart }, unknown, ConfigAnswer>('PUT', ({ part }) => admin(`config/${part}`)),
  audit: route<Readonly<Record<string, unknown>>, undefined, AuditPage>('GET', (query) => admin(`audit${queryOf(query)}`)),
  floor: route<None, undefined, FloorResponse>('GET', () => admin('floor')),
  silenceAlert: route<None, { key: string; since: number; action: 'acknowledge' | 'snooze'; minutes?: number }, Done>('POST', () => admin('alerts')),
  metrics: route<{ query: string }, undefined, MetricsResponse>('GET', ({ query }) => admin(`metrics${query}`)),
  scorecard: route<None, undefined, ScorecardResponse>('GET', () => admin('scorecard')),
  scorecards: route<None, undefined, ScorecardsResponse>('GET', () => admin('scorecards')),
  /** A CSV file (read as a Blob). */
  exportCsv: route<{ kind: string; query: string }, undefined, Blob>('GET', ({ kind, query }) => admin(`export/${kind}.csv${query}`)),
  events: route<None, undefined, never>('GET', () => admin('events')),
} as const;
