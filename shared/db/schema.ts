/**
 * The device database: one IndexedDB per device, opened through Dexie with explicit
 * schema versions. Only files in shared/db/ import Dexie (checked by lint), so the rest of
 * the app talks to storage through the repository functions exported from index.ts.
 */
import { Dexie, type Table } from 'dexie';
import type { OfficeConfig } from '../domain/office.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { DeviceRole } from '../sync/mutations.ts';
import type { MutationEnvelope, OfficerSession, RejectionReason, TransactionResult } from '../sync/protocol.ts';

/**
 * Who this device is; one row, key "self". Written at enrollment; `config` is replaced
 * when a pull brings a configuration a supervisor changed (outbox.ts, applyPullPage).
 */
export interface DeviceIdentity {
  readonly key: 'self';
  readonly deviceId: string;
  readonly token: string;
  readonly role: DeviceRole;
  readonly officeId: string;
  readonly kioskNo: number;
  readonly enrolledAt: number;
  readonly config: OfficeConfig;
}

/**
 * One outbox row: written in the same transaction as the change it describes.
 * `pending` until the server answers; `applied` rows stay until a pull has brought the
 * server's copy of their effect (so the screen never flickers back), then are dropped.
 * Rejected rows move to `rejections`.
 */
export interface OutboxRow extends MutationEnvelope {
  readonly status: 'pending' | 'applied';
  /** Office version the server gave the change (applied rows). */
  readonly version: number;
  /** The ticket the mutation touches, for the optimistic view (null for counter.open/close). */
  readonly ticketId: string | null;
  /** Facts the device filled in for its optimistic copy; never sent (the server decides them). */
  readonly local: { readonly serviceDay: string; readonly officerBadge: string | null };
  /** How many push attempts carried this row; shown when a change is stuck. */
  readonly attempts: number;
}

/** A change the server refused, kept until a person has seen it. */
export interface RejectionRow {
  readonly seq: number;
  readonly name: string;
  readonly args: unknown;
  readonly ticketId: string | null;
  readonly deviceTime: number;
  readonly reason: RejectionReason;
  readonly rejectedAt: number;
  /** 0 until a person dismissed it (IndexedDB cannot index booleans). */
  readonly seen: 0 | 1;
}

/** The screen's copy of a ticket: the server's copy with this device's pending changes on top. */
export interface LocalTicket extends Ticket {
  /** True while a change made here has not been confirmed by the server. */
  readonly pending: boolean;
}

/** Counter terminal's signed-in officer; one row, key "current". */
export interface SessionRow extends OfficerSession {
  readonly key: 'current';
  /** PBKDF2 verifier of the PIN, so the idle lock can be lifted while offline. */
  readonly pinVerifier: { readonly salt: string; readonly hash: string; readonly iterations: number };
  readonly lastActivityAt: number;
  readonly locked: boolean;
  readonly failedUnlocks: number;
  /**
   * AES-GCM key that encrypts this session's transaction drafts (vault.ts). Made at
   * sign-in as a non-extractable CryptoKey: script can use it but never read its bytes,
   * and it is deleted with the session, which leaves any draft left behind unreadable.
   */
  readonly dataKey?: CryptoKey;
}

/**
 * A counter transaction in progress: the machine's persisted snapshot, encrypted with
 * the session's data key, saved at every step so a reload resumes it. Holds personal
 * data, so it lives only as long as its transaction and its officer's session.
 */
export interface DraftRow {
  readonly transactionId: string;
  readonly sessionId: string;
  readonly ticketId: string | null;
  readonly iv: Uint8Array;
  readonly data: ArrayBuffer;
  readonly updatedAt: number;
}

/**
 * A change the store confirmed (applied or refused), kept for a week after: if the store is
 * restored from a backup older than the change, the device sends it again instead of it
 * being lost (shared/device/restore.ts). A counter's transactions are dropped with its
 * officer's session, like their drafts.
 */
export interface SentRow extends MutationEnvelope {
  readonly confirmedAt: number;
  readonly outcome: 'applied' | 'rejected';
}

export interface MetaRow {
  readonly key: string;
  readonly value: number | string;
}

export class DeviceDb extends Dexie {
  identity!: Table<DeviceIdentity, 'self'>;
  /** Server-confirmed tickets, exactly as the last pull returned them. */
  serverTickets!: Table<Ticket, string>;
  /** What screens read: serverTickets + pending local changes. */
  tickets!: Table<LocalTicket, string>;
  outbox!: Table<OutboxRow, number>;
  rejections!: Table<RejectionRow, number>;
  session!: Table<SessionRow, 'current'>;
  meta!: Table<MetaRow, string>;
  /** What the store decided about this counter's transactions (pull sends each device only its own). */
  transactionResults!: Table<TransactionResult, string>;
  /** Transactions in progress at this counter, encrypted (see DraftRow). */
  drafts!: Table<DraftRow, string>;
  /** Changes the store confirmed in the last week (see SentRow). */
  sent!: Table<SentRow, number>;

  constructor(name: string) {
    super(name);
    // Version 1. Never edit a released version: add version(2) with an upgrade().
    this.version(1).stores({
      identity: 'key',
      serverTickets: 'ticketId, version, serviceDay, [sectionId+status]',
      tickets: 'ticketId, status, serviceDay, publicCode, [sectionId+status], counterId',
      outbox: 'seq, status, ticketId',
      rejections: 'seq, seen',
      session: 'key',
      meta: 'key',
    });
    // Version 2 (catch-up speed, see BENCHMARKS.md): confirmed outbox rows are found by
    // [status+version] (a range up to the cursor) instead of a scan of every applied row on
    // each pull page, and indexes no query uses are dropped (each one costs every write).
    this.version(2).stores({
      serverTickets: 'ticketId, serviceDay',
      tickets: 'ticketId, serviceDay, [sectionId+status], counterId',
      outbox: 'seq, status, ticketId, [status+version]',
    });
    // Version 3 (counter transactions): the store's decisions, and the encrypted drafts.
    this.version(3).stores({
      transactionResults: 'transactionId',
      drafts: 'transactionId, sessionId',
    });
    // Version 4 (a store restored from a backup): the confirmed changes of the last week.
    this.version(4).stores({
      sent: 'seq, confirmedAt',
    });
  }
}

/** Tables that every sync-touching transaction spans. */
export function syncTables(db: DeviceDb): Table[] {
  return [db.identity, db.serverTickets, db.tickets, db.outbox, db.rejections, db.meta, db.transactionResults, db.drafts, db.sent];
}
