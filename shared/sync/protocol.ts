/**
 * The wire protocol between devices and the central store, defined once and imported by
 * both sides (shared/device/syncClient.ts and server/). Every HTTP error body is ApiError.
 *
 * Push: POST /api/sync/push   (device token)  PushRequest → PushResponse
 * Pull: GET  /api/sync/pull?cursor=N&limit=M  (device token) → PullResponse
 * Poke: GET  /api/sync/events (device token, text/event-stream): "event: version" with PokeEvent
 */
import * as v from 'valibot';
import { epochMs, int32 } from './bounds.ts';
import type { OfficeConfig } from '../domain/office.ts';
import type { FeeLine, Outcome, RuleFailure } from '../domain/rules.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { DeviceRole } from './mutations.ts';
import type { KioskAppointment } from '../domain/appointments.ts';

/** Bumped when the mutation or change shapes change. Old devices keep working; newer ones wait. */
export const SCHEMA_VERSION = 1;
/** Most changes in one push; a device also keeps each push under half the body limit (shared/db/outbox.ts takePushBatch). */
export const MAX_PUSH_BATCH = 250;
/**
 * The most changes one pull answers. Devices page by DEFAULT_PULL_LIMIT; the larger
 * maximum lets one answer carry a whole day (the catch-up benchmark's floor fetches its
 * 12,000 rows in one response).
 */
export const MAX_PULL_LIMIT = 20_000;
export const DEFAULT_PULL_LIMIT = 2000;
/** Largest request body the server reads (bytes); more gets 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** One outbox row as sent over the wire. `seq` is contiguous per device, starting at 1. */
export interface MutationEnvelope {
  readonly seq: number;
  readonly name: string;
  readonly args: unknown;
  /** The device's clock when the change was made (ms); recorded, never used to order. */
  readonly deviceTime: number;
  readonly schemaVersion: number;
  /** Officer session under which a counter made the change; null for kiosks. */
  readonly sessionId: string | null;
}

export interface PushRequest {
  readonly deviceId: string;
  readonly mutations: readonly MutationEnvelope[];
}

export const pushRequestSchema = v.strictObject({
  deviceId: v.pipe(v.string(), v.uuid('deviceId must be a UUID')),
  mutations: v.pipe(
    v.array(
      v.strictObject({
        seq: int32(1),
        name: v.pipe(v.string(), v.maxLength(64)),
        args: v.unknown(),
        // Checked per change (server/sync/applyMutation.ts), so one bad time refuses that change, not the push.
        deviceTime: v.pipe(v.number(), v.integer(), v.minValue(0)),
        schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
        sessionId: v.nullable(v.pipe(v.string(), v.maxLength(64))),
      }),
    ),
    v.minLength(1, 'mutations must not be empty'),
    v.maxLength(MAX_PUSH_BATCH, `at most ${MAX_PUSH_BATCH} mutations per push`),
  ),
});

/** Why the server refused one mutation. The device shows it, translated by `code`. */
export interface RejectionReason {
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type MutationResult =
  | { readonly seq: number; readonly status: 'applied'; readonly version: number }
  | { readonly seq: number; readonly status: 'rejected'; readonly version: number; readonly reason: RejectionReason };

export interface PushResponse {
  /** One result per mutation the server has now dealt with (applied earlier or now), in seq order. */
  readonly results: readonly MutationResult[];
  /**
   * The next seq the server expects from this device. Mutations at or after it that were
   * not in `results` (a gap: an earlier seq is missing) must be sent again, from this seq.
   */
  readonly nextSeq: number;
  /** The office version after this push. */
  readonly version: number;
}

/**
 * What the store decided about a counter's transaction. Pull sends it only to the device
 * that submitted it; it carries the rules' answer and the receipt code, never the record.
 */
export interface TransactionResult {
  readonly transactionId: string;
  readonly service: string;
  readonly status: 'completed' | 'refused';
  readonly failures: readonly RuleFailure[];
  readonly fees: readonly FeeLine[];
  readonly total: number;
  readonly outcome: Outcome & { readonly visaNumber?: string };
  /** Printed as the receipt's QR code (completed only); /v/<code> verifies it. */
  readonly receiptCode: string | null;
  /** The person's record had changed since the counter looked it up (the counter decided on an older one). */
  readonly recordChanged: boolean;
  readonly decidedAt: number;
  readonly version: number;
}

/**
 * `config`: the office's configuration changed at `version` (a supervisor edited it in the
 * console). Sent whole, once per device, when the device's cursor is below that version.
 */
export type Change =
  | { readonly entity: 'ticket'; readonly version: number; readonly data: Ticket }
  | { readonly entity: 'transaction'; readonly version: number; readonly data: TransactionResult }
  | { readonly entity: 'config'; readonly version: number; readonly data: OfficeConfig };

/** A receipt's code: 12 characters of the ticket-code alphabet. */
export const RECEIPT_CODE_RE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/;

/** GET /api/public/receipts/:code (no token): is this receipt genuine? No personal data. */
export interface ReceiptVerification {
  readonly genuine: true;
  readonly receiptCode: string;
  readonly service: string;
  readonly officeName: Readonly<Record<string, string>>;
  readonly decidedAt: number;
  readonly total: number;
}

export interface PullResponse {
  readonly changes: readonly Change[];
  /** Store this and send it with the next pull. Only ever grows, unless `reset`. */
  readonly cursor: number;
  /** More changes are waiting: pull again at once. */
  readonly more: boolean;
  /**
   * The device's cursor is unknown to the server (a restored store, or a cursor from the
   * future): drop the synced copy, keep the outbox, and pull from 0.
   */
  readonly reset: boolean;
  readonly version: number;
  /**
   * Changes when the store notices it was restored from a backup (null: never). A pull that
   * names another epoch is answered with a reset; the device keeps the one it last got.
   */
  readonly epoch?: string | null;
}

export interface PokeEvent {
  readonly officeId: string;
  readonly version: number;
}

/**
 * A poke that carries the change (event `changes` on /api/sync/events): what a pull from
 * `from` would answer, sent when it is small and complete. A device whose cursor is at
 * least `from` applies it and needs no pull; any other treats it as a plain poke.
 */
export interface StreamPage extends PokeEvent {
  readonly from: number;
  readonly page: PullResponse;
}

/**
 * POST /api/sync/heartbeat (device token), sent by the sync loop about every 30 seconds
 * while the store can be reached. It is how the console knows a device is alive and
 * healthy (a counter whose browser closed stops counting as open) and how the store
 * measures the device's clock, so events recorded offline get their real time.
 */
export const heartbeatRequestSchema = v.strictObject({
  /** The device's clock when it sent this (ms). */
  deviceTime: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  appVersion: v.pipe(v.string(), v.regex(/^[0-9A-Za-z.+_-]{1,40}$/, 'must be a version like 0.1.0+abc123')),
  /** Changes made here and not yet accepted by the store, and when the oldest was made (device clock). */
  outboxDepth: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000)),
  oldestUnsentAt: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
  /** A counter terminal's signed-in officer session, if any. */
  sessionId: v.nullable(v.pipe(v.string(), v.uuid('sessionId must be a UUID'))),
  /** That session's state on the terminal: the officer's last touch (device clock) and whether the screen is locked. */
  officer: v.optional(v.strictObject({ activityAt: epochMs(), locked: v.boolean() })),
  /**
   * What the device knows of the store: its pull cursor and the highest change seq the store
   * confirmed to it. More than the store has means the store was restored from a backup.
   */
  cursor: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
  confirmedSeq: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647))),
  /** The store epoch the device last pulled under ('' none): its report is news only under the current one. */
  epoch: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.uuid('epoch must be a UUID'))])),
});
export type HeartbeatRequest = v.InferOutput<typeof heartbeatRequestSchema>;

export interface HeartbeatResponse {
  /** The store's clock (ms) when it answered. */
  readonly serverTime: number;
  /** Server clock − device clock as the store measured it (ms). */
  readonly clockOffsetMs: number;
  /** The store's epoch (see PullResponse.epoch); a device holding another one pulls everything again. */
  readonly epoch?: string | null;
}

/**
 * POST /api/sync/rebase (device token): after a restore, the store expects changes from
 * `fromSeq` that this device no longer holds (kept a week only). It skips them on the
 * record up to `toSeq`, and the device says so to a person.
 */
export const rebaseRequestSchema = v.strictObject({
  deviceId: v.pipe(v.string(), v.uuid('deviceId must be a UUID')),
  fromSeq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2_147_483_647)),
  toSeq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2_147_483_647)),
});
export type RebaseRequest = v.InferOutput<typeof rebaseRequestSchema>;

/** The HTTP error body of every endpoint. */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** POST /api/devices/enroll (no token): trade a single-use code for a device token. */
export interface EnrollRequest {
  readonly code: string;
  readonly label?: string;
}

export const enrollRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[2-9A-HJ-NP-Z]{8}$/, 'code must be 8 characters')),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(60))),
});

export interface EnrollResponse {
  readonly deviceId: string;
  readonly token: string;
  readonly role: DeviceRole;
  readonly officeId: string;
  /** Kiosks get a number (1–99) that goes into every ticket number they print. */
  readonly kioskNo: number;
  readonly config: OfficeConfig;
  /** The device's next outbox seq (1 for a new device). */
  readonly nextSeq: number;
}

/** An officer's badge number, and PIN (the console checks new ones with the same patterns). */
export const BADGE_PATTERN = /^[0-9]{3,10}$/;
export const PIN_PATTERN = /^[0-9]{4,8}$/;

/** POST /api/counter/sign-in (counter token). */
export const signInRequestSchema = v.strictObject({
  badge: v.pipe(v.string(), v.trim(), v.regex(BADGE_PATTERN, 'badge must be digits')),
  pin: v.pipe(v.string(), v.regex(PIN_PATTERN, 'PIN must be 4–8 digits')),
  counterId: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)),
});

export interface OfficerSession {
  readonly sessionId: string;
  /** Bearer for session-only calls (sign-out, unlock). */
  readonly token: string;
  readonly badge: string;
  readonly name: string;
  /** The officer's name in every language the office keeps (ar, en). */
  readonly names?: Readonly<Record<string, string>>;
  readonly counterId: number;
  readonly expiresAt: number;
}

/** GET /api/public/tickets/:code (no token): what a resident's phone shows. No personal data. */
export interface PublicTicketStatus {
  readonly displayNumber: string;
  readonly status: Ticket['status'];
  readonly serviceGroup: Ticket['serviceGroup'];
  readonly sectionId: string;
  readonly counterId: number | null;
  /** Waiting tickets the queue engine would call before this one (0 when called). */
  readonly ahead: number;
  /** The wait from now, as the office works at the moment (minutes; null unless waiting). */
  readonly estimate: { readonly minMinutes: number; readonly maxMinutes: number } | null;
  /** The resident may still leave the queue (waiting only). */
  readonly canLeave: boolean;
  /** Waiting, and the turn is near by the office's setting (place or estimate): the page asks "on your way?". */
  readonly near: boolean;
  /** What the resident answered from the phone ("on my way", "I need 10 more minutes"), if anything. */
  readonly answer: 'onMyWay' | 'moreTime' | null;
  /** Waiting and not moved back yet: "I need 10 more minutes" may still be asked (once). */
  readonly canAskMoreTime: boolean;
  /** After service: the survey is open (false once answered). */
  readonly surveyOpen: boolean;
  readonly version: number;
}

/** POST /api/public/tickets/:code/survey: one answer per ticket, after service. */
export const SurveyRequestSchema = v.strictObject({
  score: v.pipe(v.number('score: must be a number'), v.integer('score: must be a whole number'), v.minValue(1), v.maxValue(5)),
  comment: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(500, 'comment: at most 500 characters')))),
});
export type SurveyRequest = v.InferOutput<typeof SurveyRequestSchema>;

/**
 * GET /api/kiosk/day (kiosk token): what a kiosk keeps to check residents in offline, today's
 * and tomorrow's bookings as code hashes and the office's key that seals a typed identity number.
 */
export interface KioskDayAnswer {
  readonly serviceDay: string;
  /** The office's public key (SPKI, base64) for sealing identity numbers. */
  readonly sealKey: string;
  readonly appointments: readonly KioskAppointment[];
  /** The address phones reach the server at (PUBLIC_URL), for the ticket's QR link; null or absent: the kiosk's own. */
  readonly publicUrl?: string | null;
}

