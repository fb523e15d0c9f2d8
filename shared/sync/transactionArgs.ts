/**
 * The whole shape of the counter's transaction mutations. The outbox (mutations.ts) checks
 * only their ids, so these schemas stay out of every device's first download; the desk
 * checks them before it writes a transaction (shared/db/transactions.ts, in its lazily
 * loaded chunk) and the store checks them again (server/sync/mutationHandlers.ts).
 */
import * as v from 'valibot';
import { safe } from './bounds.ts';
import { SERVICE_IDS } from '../domain/catalog.ts';
import { SEALED_PATTERN } from './sealing.ts';

/** How a resident pays at the counter: the mada card terminal, or a SADAD bill paid meanwhile. */
export const PAYMENT_METHODS = ['mada', 'sadad'] as const;
/** A cancelled transaction's reason: the counter's form, its machine and the store hold one rule. */
export const CANCEL_REASON = { min: 3, max: 200 } as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const counterId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999));
const service = v.picklist(SERVICE_IDS, 'must be a service of the catalogue');

export const transactionArgs = {
  /**
   * A counter transaction, decided again by the store on its own current record. The
   * person's number travels sealed (like the kiosk's); `basedOnVersion` is the record
   * version the counter decided on, `quotedTotal` the fee the resident paid.
   */
  'transaction.submit': v.strictObject({
    transactionId: uuid,
    ticketId: v.nullable(uuid),
    counterId,
    sealedIdNumber: v.pipe(v.string(), v.regex(SEALED_PATTERN, 'must be a sealed number')),
    // Only the service here: the whole request is checked by the store (serviceRequest.ts).
    request: v.looseObject({ service }),
    basedOnVersion: safe(0),
    /** The one-time code the person read back (POST /api/counter/security-codes), where the service needs one. */
    securityCodeId: v.optional(v.nullable(uuid)),
    quotedTotal: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    /** Done by a representative for this establishment (Muqeem): the store checks and counts down its quota. */
    representativeFor: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be a 10-digit establishment number')))),
    /** How the resident paid the quoted total (none for a free service). */
    payment: v.optional(
      v.nullable(
        v.strictObject({
          method: v.picklist(PAYMENT_METHODS),
          /** The payment terminal's approval or SADAD reference, as the officer read it. */
          reference: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9-]{0,30}$/, 'must be the terminal reference')))),
        }),
      ),
    ),
  }),
  /**
   * A transaction the officer cancelled before submitting it, with the step and the reason
   * (for the pilot's figures on abandoned transactions). Nothing about the person.
   */
  'transaction.cancel': v.strictObject({
    transactionId: uuid,
    ticketId: v.nullable(uuid),
    counterId,
    service,
    step: v.pipe(v.string(), v.regex(/^[a-zA-Z.]{1,40}$/, 'must be a step of the transaction machine')),
    reason: v.pipe(v.string(), v.trim(), v.minLength(CANCEL_REASON.min, `a reason of at least ${CANCEL_REASON.min} characters is needed`), v.maxLength(CANCEL_REASON.max)),
  }),
} as const;

export type TransactionMutation = keyof typeof transactionArgs;
export type TransactionArgs<N extends TransactionMutation> = v.InferOutput<(typeof transactionArgs)[N]>;

/** The arguments checked, or the first problem as "<name>: <path> <message>". */
export function parseTransactionArgs<N extends TransactionMutation>(
  name: N,
  args: unknown,
): { ok: true; args: TransactionArgs<N> } | { ok: false; message: string } {
  const result = v.safeParse(transactionArgs[name], args);
  if (result.success) return { ok: true, args: result.output as TransactionArgs<N> };
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  return { ok: false, message: `${name}: ${path ? `${path} ` : ''}${issue?.message ?? 'invalid arguments'}` };
}
