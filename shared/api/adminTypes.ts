/**
 * The supervisor API's answers (server/routes/admin*.ts), part of the REST contract: the
 * console reads them and the server's routes answer with them (server/enrollment.ts).
 * Types only; browser code never imports server/, so they live here in shared/.
 */
import type { LocalizedText, OfficeConfig, PilotSettings } from '../domain/office.ts';
import type { TicketStatus } from '../domain/ticket.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import type { RejectionReason } from '../sync/protocol.ts';

/** POST /api/admin/sign-in */
export interface SupervisorSession {
  readonly token: string;
  readonly username: string;
  readonly officeId?: string;
  /** A director reads every office and changes nothing; absent in sessions kept from before roles. */
  readonly role?: 'supervisor' | 'director';
  readonly expiresAt: number;
}

/** POST /api/admin/enrollments */
export interface Enrollment {
  readonly code: string;
  readonly role: DeviceRole;
  readonly expiresAt: number;
  /** Path and query, e.g. "/kiosk/?enroll=K7M2Q9XZ" (the console adds its origin). */
  readonly link: string;
}

/** Ticket counts of one slice of today; `issued` is the total. */
export type StatusCounts = Readonly<Record<TicketStatus | 'issued', number>>;

/** GET /api/admin/today */
export interface TodaySummary {
  readonly serviceDay: string;
  readonly version: number;
  readonly totals: StatusCounts;
  /** By section id. */
  readonly bySection: Readonly<Record<string, StatusCounts>>;
  /** By service group. */
  readonly byServiceGroup: Readonly<Record<string, StatusCounts>>;
  readonly openCounters: readonly {
    readonly counterId: number;
    readonly sectionId: string | null;
    readonly officerBadge: string | null;
    readonly since: number;
  }[];
  readonly latestEvents: readonly {
    readonly type: string;
    readonly ticketId: string;
    readonly displayNumber: string;
    readonly sectionId: string;
    readonly counterId: number | null;
    readonly officerBadge: string | null;
    readonly serverTime: number;
    readonly deviceTime: number;
    readonly version: number;
  }[];
}

/** GET /api/admin/devices → { devices } */
export interface AdminDevice {
  readonly deviceId: string;
  readonly role: DeviceRole;
  /** Only what a supervisor typed; null: named by role and kiosk number (deviceNames.ts). */
  readonly label: string | null;
  readonly kioskNo: number | null;
  readonly nextSeq: number;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly revokedAt: number | null;
}

export interface OfficerSessionInfo {
  readonly sessionId: string;
  readonly deviceId: string;
  readonly deviceLabel: string | null;
  readonly counterId: number;
  readonly createdAt: number;
  readonly lastActiveAt: number;
  readonly expiresAt: number;
}

/** GET /api/admin/officers → { officers } */
export interface AdminOfficer {
  readonly badge: string;
  readonly name: LocalizedText;
  /** False once deactivated: cannot sign in until reactivated. */
  readonly active: boolean;
  readonly locked: boolean;
  readonly lockedAt: number | null;
  readonly failedAttempts: number;
  readonly activeSessions: readonly OfficerSessionInfo[];
}

/** GET /api/admin/rejections → { rejections } */
export interface AdminRejection {
  readonly deviceId: string;
  readonly deviceLabel: string | null;
  readonly deviceRole: DeviceRole;
  readonly deviceKioskNo?: number | null;
  readonly seq: number;
  /** The mutation's name, e.g. "ticket.call". */
  readonly name: string;
  readonly reason: RejectionReason;
  readonly officerBadge: string | null;
  readonly deviceTime: number | null;
  readonly serverTime: number;
  readonly version: number;
}

/** GET /api/admin/appointments: a day's bookings (no codes, no numbers) and what a booking may name. */
export interface AppointmentDay {
  readonly day: string;
  readonly timeZone: string;
  readonly sections: readonly { readonly id: string; readonly name: LocalizedText }[];
  readonly services: readonly string[];
  readonly appointments: readonly AdminAppointment[];
}

export interface AdminAppointment {
  readonly appointmentId: string;
  readonly slotAt: number;
  readonly sectionId: string;
  readonly service: string;
  readonly status: 'booked' | 'checkedIn' | 'cancelled';
  readonly hasIdNumber: boolean;
  readonly checkedInAt: number | null;
  /** What became of it as of now: kept, late, missed, cancelled or upcoming. */
  readonly outcome: 'kept' | 'late' | 'missed' | 'cancelled' | 'upcoming';
  readonly ticketNumber: string | null;
}

/** POST /api/admin/appointments: the booking and its code, shown once. */
export interface NewAppointment {
  readonly appointmentId: string;
  readonly code: string;
  readonly slotAt: number;
  readonly sectionId: string;
  readonly service: string;
}

/** POST /api/admin/officers: the PIN only when the server made it (shown once). */
export interface NewOfficer {
  readonly badge: string;
  readonly name: LocalizedText;
  /** A new officer is active. */
  readonly active: true;
  readonly pin: string | null;
}

/** POST /api/admin/officers/:badge/reset-pin */
export interface NewPin {
  readonly badge: string;
  readonly pin: string | null;
  readonly endedSessions: number;
}

/** POST /api/admin/officers/:badge/end-sessions (deactivate adds `active: false`) */
export interface SessionsEnded {
  readonly badge: string;
  readonly endedSessions: number;
}

/** POST /api/admin/officers/:badge/deactivate, .../reactivate */
export interface OfficerActive {
  readonly badge: string;
  readonly active: boolean;
  /** Sessions the deactivation ended (not on reactivation). */
  readonly endedSessions?: number;
}

/** POST /api/admin/officers/:badge/unlock */
export interface OfficerUnlocked {
  readonly badge: string;
  readonly locked: false;
}

/** An answer that only says it was done (sign-out, resend, an alert silenced). */
export interface Done {
  readonly ok: true;
}

/** GET /api/admin/offices → { offices } */
export interface AdminOffice {
  readonly officeId: string;
  readonly name: LocalizedText;
  readonly pilot: PilotSettings;
}

/** GET /api/admin/config and PUT /api/admin/config/<part> */
export interface ConfigAnswer {
  readonly officeId: string;
  readonly configVersion: number;
  readonly config: OfficeConfig;
  readonly changed?: boolean;
}

/** GET /api/admin/audit's filters; `action` is names or prefixes ("person."), comma-separated. */
export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly subject?: string;
  readonly limit?: number;
  readonly before?: number;
}

export interface AuditEntry {
  readonly auditId: number;
  readonly at: number;
  readonly actorKind: 'supervisor' | 'officer' | 'device' | 'system';
  readonly actorId: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** GET /api/admin/audit: newest first; `nextBefore` asks for the next page. */
export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly nextBefore: number | null;
}

/** A message of the notification outbox as the console shows it (recipient masked, codes hidden). */
export interface AdminMessage {
  readonly messageId: string;
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly text: string;
  readonly status: 'queued' | 'sending' | 'sent' | 'delivered' | 'dead' | 'dropped';
  readonly attempts: number;
  readonly event: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly deliveredAt: number | null;
  readonly nextAttemptAt: number | null;
  readonly failure: string | null;
}

export interface AdminMessages {
  readonly messages: readonly AdminMessage[];
  readonly more: boolean;
  readonly figures: {
    readonly days: number;
    readonly queued: number;
    readonly sent: number;
    readonly delivered: number;
    readonly dead: number;
    readonly dropped: number;
    readonly medianMsToDelivery: number | null;
  };
  /** Ticket notices (issue 11): no-shows among tickets whose resident left a mobile, and among the rest. */
  readonly ticketNotices: {
    readonly days: number;
    readonly withNotice: { readonly ended: number; readonly noShows: number };
    readonly withoutNotice: { readonly ended: number; readonly noShows: number };
    readonly onMyWay: number;
    readonly moreTime: number;
  };
}
