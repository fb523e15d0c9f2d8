/**
 * `transaction.submit` inside the push: the store opens the sealed number, locks the
 * person's record, decides again with the shared rules (shared/domain/rules.ts) on the
 * record as it is now and the office's fee schedule, and either applies the result
 * (new record version, history, the transaction row) or refuses it with every failing
 * rule, saying when the record changed since the counter decided. A fee that differs from
 * the one the resident paid is refused too: nobody is charged what they did not see. A
 * service that needs the person's one-time code is applied only with a code confirmed for
 * this very transaction, and uses it up.
 */
import { applyDecision } from '../../shared/domain/apply.ts';
import { feesOf } from '../../shared/domain/fees.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import type { EstablishmentRecord, ResidentRecord } from '../../shared/domain/resident.ts';
import { decideFor, NEEDS_SECURITY_CODE, type Representation, type ServiceRequest } from '../../shared/domain/rules.ts';
import { randomCode } from '../../shared/domain/ticket.ts';
import { parseServiceRequest } from '../../shared/sync/serviceRequest.ts';
import type { TransactionArgs } from '../../shared/sync/transactionArgs.ts';
import type { MutationEnvelope, RejectionReason } from '../../shared/sync/protocol.ts';
import { searchKeys } from '../registry/seed.ts';
import { officeSealKey, unseal } from '../security/sealing.ts';
import { happenedAt, type PushState } from './pushState.ts';
import { toJsonb } from '../http/errors.ts';
import { enqueueMessage } from '../notifications/delivery.ts';
import { notifySubscribers } from '../notifications/fanout.ts';
import { lastFour } from '../notifications/templates.ts';
import { SERVICE_NAMES } from '../words.ts';

type Submit = TransactionArgs<'transaction.submit'>;

/** Receipt codes: 12 characters of 31 (about 59 bits), unguessable for the verification page. */
const RECEIPT_CODE_LENGTH = 12;

export interface TransactionSession {
  readonly sessionId: string;
  readonly badge: string;
  readonly counterId: number;
}

const refuse = (code: string, message: string, params?: Record<string, string | number>): RejectionReason =>
  params ? { code, message, params } : { code, message };

/** Decides and, when it may, applies one transaction; returns the refusal, or null when it completed. */
export async function submitTransaction(s: PushState, env: MutationEnvelope, args: Submit, session: TransactionSession): Promise<RejectionReason | null> {
  const officeId = s.device.officeId;
  s.sealKey ??= await officeSealKey(s.q, officeId, s.now);
  const opened = unseal(s.sealKey.privateKey, args.sealedIdNumber);
  const id = opened === null ? null : checkIdNumber(opened);
  if (!id?.ok) return refuse('id_number_unreadable', 'the person’s number could not be opened; identify them again');
  const rows = await s.q.query<{ record: ResidentRecord; version: string | number }>(
    'SELECT record, version FROM residents WHERE id_number = $1 FOR UPDATE',
    [id.number],
  );
  const row = rows[0];
  if (!row) return refuse('person_unknown', 'no one with this number is in the registry');
  const parsed = parseServiceRequest(args.request);
  if (!parsed.ok) return refuse('invalid_args', parsed.message);
  const request: ServiceRequest = parsed.request;
  const version = Number(row.version);
  // A new sponsor must exist: an establishment in the registry, or a citizen's ID (not in this registry).
  if (request.service === 'sponsorship.transfer' && request.newSponsor.kind === 'establishment') {
    const known = await s.q.query('SELECT 1 FROM establishments WHERE establishment_id = $1', [request.newSponsor.establishmentId]);
    if (!known.length) return refuse('sponsor_unknown', `no establishment ${request.newSponsor.establishmentId} is in the registry`);
  }
  // The one-time code: verified for this transaction and this person, and not used yet.
  if (NEEDS_SECURITY_CODE.has(request.service)) {
    if (!args.securityCodeId) return refuse('security_code_needed', `${request.service} needs the security code sent to the person's mobile`);
    const codes = await s.q.query<{ used_at: Date | null }>(
      `SELECT used_at FROM security_codes
        WHERE code_id = $1 AND office_id = $2 AND transaction_id = $3 AND id_number = $4 AND verified_at IS NOT NULL FOR UPDATE`,
      [args.securityCodeId, officeId, args.transactionId, id.number],
    );
    const code = codes[0];
    if (!code) return refuse('security_code_invalid', 'no security code was confirmed for this transaction and person');
    if (code.used_at) return refuse('security_code_used', 'this security code was already used; send a new one');
  }
  // A representative's transaction: the establishment's row is locked, so two counters
  // serving one batch never spend the same quota operation twice.
  let rep: Representation | null = null;
  if (args.representativeFor) {
    const found = await s.q.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments WHERE establishment_id = $1 FOR UPDATE', [
      args.representativeFor,
    ]);
    if (!found[0]) return refuse('establishment_unknown', `no establishment ${args.representativeFor} is in the registry`);
    rep = { establishmentId: args.representativeFor, establishment: found[0].record };
  }
  const ctx = { today: s.serviceDay, fees: feesOf(s.config) };
  const decision = decideFor(row.record, request, ctx, rep);
  const changedSince = version !== args.basedOnVersion;

  let refusal: RejectionReason | null = null;
  if (!decision.eligible) {
    const codes = decision.failures.map((f) => f.code).join(',');
    refusal = refuse(
      'transaction_refused',
      `${changedSince ? 'the record changed since the counter decided; ' : ''}the rules refuse it: ${codes}`,
      { failures: codes, recordChanged: changedSince ? 1 : 0 },
    );
  } else if (decision.total > 0 && !args.payment) {
    refusal = refuse('payment_missing', `the resident has not paid the SAR ${decision.total}; confirm the payment first`, { total: decision.total });
  } else if (decision.total !== args.quotedTotal) {
    refusal = refuse('quote_changed', `the fee is now SAR ${decision.total}, not the SAR ${args.quotedTotal} quoted; quote again`, {
      quoted: args.quotedTotal,
      now: decision.total,
    });
  }

  s.version += 1;
  /** Records the decision; false when this transaction id was already recorded. */
  const record = async (status: 'completed' | 'refused', outcome: object, recordVersion: number): Promise<boolean> => {
    const inserted = await s.q.query<{ transaction_id: string }>(
      `INSERT INTO transactions (office_id, transaction_id, device_id, device_seq, officer_badge, session_id, counter_id, ticket_id,
         id_number, service, request, status, failures, fees, total, quoted_total, outcome, based_on_version, record_version, version,
         device_time, decided_at, receipt_code, payment, representative_for, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14::jsonb, $15, $16, $17::jsonb, $18, $19, $20, $21, $22,
         $23, $24::jsonb, $25, $26)
       ON CONFLICT DO NOTHING RETURNING transaction_id`,
      [officeId, args.transactionId, s.device.deviceId, env.seq, session.badge, session.sessionId, session.counterId, args.ticketId,
        id.number, request.service, toJsonb(request), status, toJsonb(decision.failures), toJsonb(decision.fees),
        decision.total, args.quotedTotal, toJsonb(outcome), args.basedOnVersion, recordVersion, s.version, env.deviceTime,
        new Date(s.now), status === 'completed' ? randomCode(RECEIPT_CODE_LENGTH) : null,
        args.payment && decision.total > 0 ? toJsonb({ method: args.payment.method, reference: args.payment.reference ?? null, amount: decision.total }) : null,
        args.representativeFor ?? null, happenedAt(s, env.deviceTime)],
    );
    return inserted.length > 0;
  };
  if (refusal) {
    await record('refused', {}, version);
    return refusal;
  }

  const needsVisa = request.service === 'exitReentry.single' || request.service === 'exitReentry.multiple' || request.service === 'finalExit.issue';
  const visaNumber = needsVisa ? String((await s.q.query<{ n: string }>(`SELECT nextval('visa_numbers')::text AS n`))[0]?.n) : undefined;
  const applied = applyDecision(row.record, request, decision, ctx, visaNumber ? { visaNumber } : {});
  const outcome = { ...decision.outcome, ...(applied.visa ? { visaNumber: applied.visa.visaNumber } : {}) };
  const newVersion = applied.changed.length > 0 ? version + 1 : version;
  // The same transaction id from another seq (a device that resent it by mistake) applies nothing twice.
  if (!(await record('completed', outcome, newVersion))) return refuse('transaction_exists', 'this transaction was already submitted');
  if (args.securityCodeId) await s.q.query('UPDATE security_codes SET used_at = $2 WHERE office_id = $3 AND code_id = $1', [args.securityCodeId, new Date(s.now), officeId]);
  const subscription = rep?.establishment?.subscription;
  if (rep && subscription?.kind === 'operations') {
    // One Muqeem operation used from the establishment's quota.
    const record: EstablishmentRecord = { ...(rep.establishment as EstablishmentRecord), subscription: { kind: 'operations', remaining: subscription.remaining - 1 } };
    await s.q.query('UPDATE establishments SET record = $2::jsonb, version = version + 1 WHERE establishment_id = $1', [rep.establishmentId, toJsonb(record)]);
  }
  if (applied.changed.length > 0) {
    await s.q.query('UPDATE residents SET record = $2::jsonb, version = $3, name_keys = $4, updated_at = $5 WHERE id_number = $1', [
      id.number, toJsonb(applied.record), newVersion, searchKeys(applied.record), new Date(s.now),
    ]);
    await s.q.query(
      `INSERT INTO resident_history (id_number, office_id, transaction_id, version, changed, before, after, at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8)`,
      [id.number, officeId, args.transactionId, newVersion, toJsonb(applied.changed), toJsonb(row.record),
        toJsonb(applied.record), new Date(s.now)],
    );
    await queueSponsorNotices(s, args.transactionId, request.service, row.record, applied.record);
    await queueSubscriberNotices(s, args.transactionId, row.record, applied.record);
  }
  return null;
}

/**
 * Ishaar subscriptions (issue 11): establishments that subscribed to the person's number
 * hear of a new passport, a visa issued, or a visa whose status changed (cancelled), in
 * this push's transaction, filed under this office.
 */
async function queueSubscriberNotices(s: PushState, transactionId: string, before: ResidentRecord, after: ResidentRecord): Promise<void> {
  const common = { idNumber: after.idNumber, now: s.now, officeId: s.device.officeId };
  let queued = 0;
  if (after.passport.number !== before.passport.number || after.passport.expiry !== before.passport.expiry) {
    queued += await notifySubscribers(s.q, { ...common, event: 'passportRenewed', template: 'passportRenewed', params: { day: after.passport.expiry }, eventRef: transactionId });
  }
  const earlier = new Map(before.visas.map((v) => [v.visaNumber, v]));
  for (const visa of after.visas) {
    const was = earlier.get(visa.visaNumber);
    if (!was) {
      queued += await notifySubscribers(s.q, {
        ...common, event: 'visaIssued', template: 'visaIssued', params: { visaKind: visa.kind, day: visa.validUntil }, eventRef: `${transactionId}:${visa.visaNumber}`,
      });
    } else if (was.status !== visa.status) {
      queued += await notifySubscribers(s.q, {
        ...common, event: 'visaStatusChanged', template: 'visaStatusChanged', params: { visaKind: visa.kind, visaStatus: visa.status, day: s.serviceDay },
        eventRef: `${transactionId}:${visa.visaNumber}`,
      });
    }
  }
  if (queued > 0) s.messagesQueued = true;
}

/**
 * Ishaar (issue 11): the sponsor, or the head of family, hears that a counter transaction
 * changed their worker's or dependant's record, with no subscription needed; after a
 * transfer both the old and the new sponsor do. Written in this push's transaction, so a
 * notice exists exactly when the change does. A citizen sponsor's mobile is not in this
 * registry (it would come from Absher), so a citizen hears nothing here.
 */
async function queueSponsorNotices(s: PushState, transactionId: string, service: string, before: ResidentRecord, after: ResidentRecord): Promise<void> {
  const keyOf = (sp: ResidentRecord['sponsor']): string => (sp.kind === 'establishment' ? `e:${sp.establishmentId}` : `p:${sp.idNumber}`);
  const sponsors = [after.sponsor, before.sponsor].filter((sp, i, all) => all.findIndex((o) => keyOf(o) === keyOf(sp)) === i);
  const [serviceEn = service, serviceAr = service] = SERVICE_NAMES[service] ?? [];
  for (const sponsor of sponsors) {
    let contact: { mobile: string; language: string } | null = null;
    if (sponsor.kind === 'establishment') {
      const [est] = await s.q.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments WHERE establishment_id = $1', [sponsor.establishmentId]);
      contact = est?.record.contact ?? null;
    } else {
      const [head] = await s.q.query<{ record: ResidentRecord }>('SELECT record FROM residents WHERE id_number = $1', [sponsor.idNumber]);
      contact = head ? { mobile: head.record.mobile, language: 'ar' } : null;
    }
    if (!contact) continue;
    await enqueueMessage(s.q, {
      officeId: s.device.officeId,
      channel: 'sms',
      recipient: contact.mobile,
      template: 'transactionNotice',
      language: contact.language,
      params: { serviceAr, serviceEn, person: lastFour(after.idNumber), officeAr: s.config.name.ar, officeEn: s.config.name.en, day: s.serviceDay },
      eventKind: 'transactionNotice',
      eventRef: transactionId,
      now: s.now,
    });
    s.messagesQueued = true;
  }
}
