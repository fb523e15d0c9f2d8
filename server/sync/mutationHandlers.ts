/**
 * One handler per mutation name, in a typed map keyed by name (as shared/sync/mutations.ts
 * keys its schemas and rights): a mutation added there without a handler here does not
 * compile. A handler runs after the mutation's arguments, the device's role and the
 * officer session have been checked (applyMutation.ts), and returns an outcome; a business
 * refusal is a result, not an exception.
 */
import type { MutationEnvelope, RejectionReason } from '../../shared/sync/protocol.ts';
import type { MutationArgs, MutationName, ValidMutation } from '../../shared/sync/mutations.ts';
import { parseTransactionArgs } from '../../shared/sync/transactionArgs.ts';
import { cleanText } from '../http/errors.ts';
import { parseContact } from '../notifications/ticketNotices.ts';
import { sha256 } from '../security/secrets.ts';
import { officeSealKey, unseal } from '../security/sealing.ts';
import { happenedAt, outcomeOf, reject, type Outcome, type PushState, type SessionInfo } from './pushState.ts';
import { applyTicketMutation } from './ticketMutation.ts';
import { submitTransaction } from './transactions.ts';

/** A mutation of one name, its arguments checked by its schema. */
export type Mutation<K extends MutationName> = Extract<ValidMutation, { name: K }>;

/** Applies one checked mutation of name K within the push. */
export type Handler<K extends MutationName> = (s: PushState, env: MutationEnvelope, m: Mutation<K>, session: SessionInfo | null) => Promise<Outcome>;

type CounterEventName = 'counter.open' | 'counter.close' | 'counter.break' | 'counter.resume';

const COUNTER_EVENT_TYPES = {
  'counter.open': 'open',
  'counter.close': 'close',
  'counter.break': 'break',
  'counter.resume': 'resume',
} as const satisfies Record<CounterEventName, string>;

/** A counter opened, closed, on a break or back: one counter_events row. */
async function counterEvent(s: PushState, env: MutationEnvelope, m: Mutation<CounterEventName>, session: SessionInfo | null): Promise<Outcome> {
  const { q, device, config } = s;
  const counterId = m.args.counterId;
  if (!config.counters.some((c) => c.id === counterId)) return reject('unknown_counter', `no counter ${counterId}`, { counter: counterId }, session);
  s.version += 1;
  await q.query(
    `INSERT INTO counter_events (office_id, counter_id, type, service_day, officer_badge, session_id, device_id,
       device_seq, device_time, server_time, version, at, reason)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [device.officeId, counterId, COUNTER_EVENT_TYPES[m.name], s.serviceDay, session?.badge ?? null, session?.sessionId ?? null,
      device.deviceId, env.seq, env.deviceTime, new Date(s.now), s.version, happenedAt(s, env.deviceTime),
      m.name === 'counter.break' ? cleanText(m.args.reason) : null],
  );
  return { ok: true, session };
}

/** A transaction cancelled before it was submitted: its step and reason, for the pilot's figures. */
const cancelTransaction: Handler<'transaction.cancel'> = async (s, env, m, session) => {
  if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
  const full = parseTransactionArgs('transaction.cancel', m.args);
  if (!full.ok) return reject('invalid_args', full.message, undefined, session);
  const args = full.args;
  await s.q.query(
    `INSERT INTO transaction_cancellations (office_id, transaction_id, device_id, device_seq, officer_badge, session_id, counter_id,
       ticket_id, service, step, reason, device_time, server_time, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING`,
    [s.device.officeId, args.transactionId, s.device.deviceId, env.seq, session.badge, session.sessionId, args.counterId, args.ticketId,
      args.service, args.step, cleanText(args.reason), env.deviceTime, new Date(s.now), happenedAt(s, env.deviceTime)],
  );
  return { ok: true, session };
};

/** A counter transaction, decided by the store (transactions.ts). */
const submit: Handler<'transaction.submit'> = async (s, env, m, session) => {
  if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
  const full = parseTransactionArgs('transaction.submit', m.args);
  if (!full.ok) return reject('invalid_args', full.message, undefined, session);
  return outcomeOf(await submitTransaction(s, env, full.args, session), session);
};

const notify: Handler<'ticket.notify'> = async (s, _env, m, session) => outcomeOf(await noticeRequest(s, m.args, s.device.officeId), session);

/** Every mutation's handler; the ticket steps share the shared ticket rules. */
export const mutationHandlers: { readonly [K in MutationName]: Handler<K> } = {
  'ticket.issue': applyTicketMutation,
  'ticket.notify': notify,
  'ticket.call': applyTicketMutation,
  'ticket.recall': applyTicketMutation,
  'ticket.start': applyTicketMutation,
  'ticket.complete': applyTicketMutation,
  'ticket.noShow': applyTicketMutation,
  'ticket.transfer': applyTicketMutation,
  'ticket.park': applyTicketMutation,
  'ticket.resume': applyTicketMutation,
  'transaction.submit': submit,
  'transaction.cancel': cancelTransaction,
  'counter.open': counterEvent,
  'counter.close': counterEvent,
  'counter.break': counterEvent,
  'counter.resume': counterEvent,
};

/**
 * A mobile left at the kiosk for the ticket's notices: opened, checked against the key of
 * the ticket's QR link (which proves the kiosk that issued the ticket sealed it), and kept
 * to be written after the ticket. Refused with a reason the kiosk's log shows; the
 * resident already holds the ticket either way.
 */
async function noticeRequest(
  s: PushState,
  args: MutationArgs<'ticket.notify'>,
  officeId: string,
): Promise<RejectionReason | null> {
  const ticket = s.tickets.get(args.ticketId.toLowerCase());
  if (!ticket) return { code: 'ticket_unknown', message: 'No such ticket' };
  if (ticket.status !== 'waiting') {
    return { code: 'not_waiting', message: `ticket ${ticket.displayNumber} is ${ticket.status}: no notices to send`, params: { number: ticket.displayNumber } };
  }
  s.sealKey ??= await officeSealKey(s.q, officeId, s.now);
  const opened = unseal(s.sealKey.privateKey, args.sealedContact);
  const contact = opened === null ? null : parseContact(opened);
  if (!contact) return { code: 'invalid_contact', message: 'the sealed mobile could not be opened, or is not a Saudi mobile (05xxxxxxxx)' };
  const keyHash = sha256(contact.key);
  const pending = s.writes.keys.find((k) => k[1] === ticket.ticketId);
  const stored = pending
    ? String(pending[2])
    : (await s.q.query<{ key_hash: string }>('SELECT key_hash FROM ticket_keys WHERE office_id = $1 AND ticket_id = $2', [officeId, ticket.ticketId]))[0]
        ?.key_hash;
  if (stored !== keyHash) return { code: 'ticket_key_mismatch', message: 'the link key does not belong to this ticket' };
  s.writes.notices.push({ officeId, ticket, mobile: contact.mobile, key: contact.key, language: args.language, now: s.now });
  return null;
}
