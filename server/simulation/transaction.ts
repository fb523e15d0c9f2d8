/**
 * The counter transaction inside a service, as the desk runs it (shared/machines/
 * transactionMachine.ts): the person identified, the one-time code sent to their mobile
 * through the store's route and typed back (a wrong digit now and then), the form, the
 * quote from the shared rules, payment, and the sealed submission through the outbox; or a
 * cancellation with its step and reason. A few are refused by the rules: a person the
 * rules refuse, which the store must refuse too. Returns when the service ends.
 */
import { NEEDS_SECURITY_CODE } from '../../shared/domain/rules.ts';
import type { ServiceId } from '../../shared/domain/catalog.ts';
import { seal } from './seal.ts';
import type { Agent, DayModel, SimTicket } from './day.ts';
import { CANCELLATIONS, SERVICES } from './model.ts';
import { outageAt, type TxPlan } from './ops.ts';
import type { Choice } from './people.ts';

const SECOND = 1000;

/** A step that needs the store waits while the terminal is offline, and goes on when it is back. */
function online(m: DayModel, a: Agent, t: number): number {
  const outage = outageAt(a.device, t);
  return outage ? outage[1] + m.rng.int(3, 15) * SECOND : t;
}

export function runTransaction(m: DayModel, a: Agent, st: SimTicket, asked: ServiceId, from: number, end: number): number {
  const { rng, tuning, input } = m;
  if (!rng.chance(tuning.transaction)) return end; // a question answered, nothing to submit
  const { registry, day } = input;
  const section = st.arrival.section;
  let service = asked;
  const query = service.startsWith('query.');
  let choice: Choice | null = null;
  let refused = false;
  if (st.person) {
    choice = registry.consider(rng, st.person, service, day, m.fees);
    if (!choice.decision.eligible) choice = null;
  } else if (!query && rng.chance(tuning.refused)) {
    choice = registry.choose(rng, section, service, day, false, m.fees);
    refused = choice !== null;
  }
  choice ??= st.person ? null : registry.choose(rng, section, service, day, true, m.fees);
  // Not what they can have: usually the officer finds what they came for is another service of the group.
  if (!choice && !st.person && rng.chance(0.8)) {
    const group = m.groupOf(service);
    const others = SERVICES.filter((s) => s.id !== service && m.groupOf(s.id) === group);
    if (others.length) {
      service = rng.weighted(others.map((s) => [s.id, s.share] as const));
      choice = registry.choose(rng, section, service, day, true, m.fees);
    }
  }
  const needsCode = NEEDS_SECURITY_CODE.has(service);
  const identified = online(m, a, from + rng.int(10, 30) * SECOND);
  const transactionId = rng.uuid();
  const counterId = a.counter.id;
  const cancel = (step: string, reason: string, at: number): number => {
    m.emit(a.device, at, 'transaction.cancel', () => ({ transactionId, ticketId: st.id, counterId, service, step, reason }), a.session, null);
    return at + rng.int(20, 60) * SECOND;
  };
  // Nobody the rules allow (the desk shows why): the officer cancels.
  if (!choice) return cancel('ineligible', 'Not eligible', identified + rng.int(20, 60) * SECOND);
  registry.visit(choice.person, service, day);
  m.people.add(choice.person.idNumber);
  const total = choice.decision.total;
  const wanted = !refused && rng.chance(tuning.cancel)
    ? rng.weighted(CANCELLATIONS.filter((c) => (c.step !== 'verify.entering' || needsCode) && ((c.step !== 'payment' && c.step !== 'quote') || total > 0)).map((c) => [c, c.weight] as const))
    : null;
  if (wanted?.step === 'identify') return cancel(wanted.step, wanted.reason, identified);

  const tx: TxPlan = {
    transactionId, ticketId: st.id, counterId, idNumber: choice.person.idNumber, request: choice.request,
    basedOnVersion: choice.person.version, quotedTotal: total,
    payment: total > 0 ? (rng.chance(0.8) ? { method: 'mada', reference: rng.digits(6) } : { method: 'sadad', reference: rng.digits(10) }) : null,
    needsCode, wrongCodeFirst: rng.chance(tuning.wrongCode), refused,
  };
  let t = identified;
  const session = a.session;
  if (needsCode && session) {
    const sent = online(m, a, t + rng.int(5, 20) * SECOND);
    m.route({ kind: 'codeSend', at: sent, arriveAt: sent, session, tx });
    if (wanted?.step === 'verify.entering') return cancel(wanted.step, wanted.reason, sent + rng.int(60, 180) * SECOND);
    t = online(m, a, sent + rng.int(15, 45) * SECOND);
    m.route({ kind: 'codeVerify', at: t, arriveAt: t, session, tx });
  }
  if (wanted) return cancel(wanted.step, wanted.reason, t + rng.int(30, 120) * SECOND);
  const submitAt = Math.max(end - rng.int(10, 30) * SECOND, t + rng.int(20, 40) * SECOND);
  submit(m, a, tx, submitAt);
  let finished = Math.max(end, submitAt + 20 * SECOND);
  // The printed iqama can go into a postal parcel: a second, short transaction for the same person.
  if (!refused && (service === 'iqama.renew' || service === 'iqama.issue') && rng.chance(tuning.parcelAfterIqama)) {
    const parcel = registry.consider(rng, choice.person, 'parcel.add', day, m.fees);
    const at = finished + rng.int(40, 90) * SECOND;
    submit(m, a, { ...tx, transactionId: rng.uuid(), request: parcel.request, quotedTotal: parcel.decision.total, needsCode: false, refused: false,
      payment: parcel.decision.total > 0 ? { method: 'mada', reference: rng.digits(6) } : null }, at);
    finished = at + 20 * SECOND;
  }
  return finished;
}

/** The sealed submission, built when it is sent (the code's id comes from the store meanwhile). */
function submit(m: DayModel, a: Agent, tx: TxPlan, at: number): void {
  const sealKey = m.input.office.sealKey;
  m.emit(a.device, at, 'transaction.submit', () => ({
    transactionId: tx.transactionId,
    ticketId: tx.ticketId,
    counterId: tx.counterId,
    sealedIdNumber: seal(sealKey, tx.idNumber),
    request: tx.request,
    basedOnVersion: tx.basedOnVersion,
    securityCodeId: tx.codeId ?? null,
    quotedTotal: tx.quotedTotal,
    payment: tx.payment,
    representativeFor: null,
  }), a.session, null, tx.refused);
}
