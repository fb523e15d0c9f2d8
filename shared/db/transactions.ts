/**
 * A counter transaction on the device: its submission goes into the outbox like every
 * other change (so it survives a reload and waits out a dropped network), and the store's
 * answer comes back either by pull (`transactionResults`, the decision) or, when the store
 * could not even decide (an unreadable number, a used code), as a refused change.
 */
import { serviceDayOf } from '../domain/office.ts';
import type { RejectionReason, TransactionResult } from '../sync/protocol.ts';
import { parseTransactionArgs } from '../sync/transactionArgs.ts';
import { recordChange } from './outbox.ts';
import { syncTables, type DeviceDb } from './schema.ts';

/** The office public key a counter seals numbers with, kept so an offline counter can still submit. */
const META_SEAL_KEY = 'sealKey';

export async function saveSealKey(db: DeviceDb, publicKey: string): Promise<void> {
  await db.meta.put({ key: META_SEAL_KEY, value: publicKey });
}

export async function getSealKey(db: DeviceDb): Promise<string | null> {
  const row = await db.meta.get(META_SEAL_KEY);
  return typeof row?.value === 'string' ? row.value : null;
}

export interface TransactionSubmission {
  readonly transactionId: string;
  readonly ticketId: string | null;
  readonly counterId: number;
  readonly sealedIdNumber: string;
  readonly request: { readonly service: string };
  readonly basedOnVersion: number;
  readonly quotedTotal: number;
  readonly securityCodeId: string | null;
  readonly payment: { readonly method: string; readonly reference: string | null } | null;
  readonly representativeFor: string | null;
}

/** Puts the transaction into the outbox under the signed-in officer's session. Once only per transaction id. */
export async function submitTransaction(db: DeviceDb, input: TransactionSubmission, now: number): Promise<void> {
  await db.transaction('rw', [...syncTables(db), db.session], async () => {
    const session = await db.session.get('current');
    if (!session) throw new Error('No officer is signed in');
    const identity = await db.identity.get('self');
    if (!identity) throw new Error('This device is not enrolled');
    const checked = parseTransactionArgs('transaction.submit', { ...input });
    if (!checked.ok) throw new Error(`invalid transaction: ${checked.message}`);
    const already = await db.outbox.filter((r) => r.name === 'transaction.submit' && (r.args as { transactionId?: string }).transactionId === input.transactionId).count();
    if (already > 0) return; // a retried step after a crash: the first submission stands
    await recordChange(db, {
      name: 'transaction.submit',
      args: {
        transactionId: input.transactionId,
        ticketId: input.ticketId,
        counterId: input.counterId,
        sealedIdNumber: input.sealedIdNumber,
        request: input.request,
        basedOnVersion: input.basedOnVersion,
        quotedTotal: input.quotedTotal,
        securityCodeId: input.securityCodeId,
        payment: input.payment,
        representativeFor: input.representativeFor,
      },
      // The mutation names the ticket it serves but does not change it: no optimistic row.
      ticketId: null,
      sessionId: session.sessionId,
      serviceDay: serviceDayOf(now, identity.config.settings.timeZone),
      officerBadge: session.badge,
      deviceTime: now,
    });
  });
}

export type TransactionAnswer =
  | { readonly kind: 'decided'; readonly result: TransactionResult; readonly rejectionSeq: number | null }
  | { readonly kind: 'refused'; readonly reason: RejectionReason; readonly seq: number }
  | { readonly kind: 'pending'; readonly sent: boolean };

/** Where the transaction stands on this device: decided by the store, refused before a decision, or still on its way. */
export async function transactionAnswer(db: DeviceDb, transactionId: string): Promise<TransactionAnswer> {
  const isThis = (args: unknown): boolean => (args as { transactionId?: string } | null)?.transactionId === transactionId;
  const refused = await db.rejections.filter((r) => r.name === 'transaction.submit' && isThis(r.args)).first();
  const result = await db.transactionResults.get(transactionId);
  if (result) return { kind: 'decided', result, rejectionSeq: refused?.seq ?? null };
  // A refusal the store recorded as a decision also comes by pull; one it could not decide comes only as a rejection.
  if (refused && refused.reason.code !== 'transaction_refused' && refused.reason.code !== 'quote_changed' && refused.reason.code !== 'payment_missing') {
    return { kind: 'refused', reason: refused.reason, seq: refused.seq };
  }
  const row = await db.outbox.filter((r) => r.name === 'transaction.submit' && isThis(r.args)).first();
  return { kind: 'pending', sent: row?.status === 'applied' || refused !== undefined };
}

export interface TransactionCancellation {
  readonly transactionId: string;
  readonly ticketId: string | null;
  readonly counterId: number;
  readonly service: string;
  /** The machine's step when the officer cancelled (e.g. "quote"). */
  readonly step: string;
  readonly reason: string;
}

/** Records, through the outbox, that the officer cancelled a transaction before submitting it, and why. */
export async function cancelTransaction(db: DeviceDb, input: TransactionCancellation, now: number): Promise<void> {
  await db.transaction('rw', [...syncTables(db), db.session], async () => {
    const session = await db.session.get('current');
    const identity = await db.identity.get('self');
    if (!session || !identity) return; // signed out meanwhile: the wipe took the transaction with it
    const checked = parseTransactionArgs('transaction.cancel', { ...input });
    if (!checked.ok) throw new Error(`invalid cancellation: ${checked.message}`);
    await recordChange(db, {
      name: 'transaction.cancel',
      args: { ...input },
      ticketId: null,
      sessionId: session.sessionId,
      serviceDay: serviceDayOf(now, identity.config.settings.timeZone),
      officerBadge: session.badge,
      deviceTime: now,
    });
  });
}
