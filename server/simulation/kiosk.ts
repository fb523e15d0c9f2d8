/**
 * The kiosk side of a day: a resident takes a ticket (its number, the wait the kiosk's own
 * estimator quotes from what the kiosk knows, the language, a priority, a booking checked
 * in or a number typed and sealed), the store sees it when the kiosk's change arrives, and
 * a resident whose patience runs out leaves through the phone page or just walks away.
 */
import { createHash } from 'node:crypto';
import { quoteFromDay } from '../../shared/domain/estimate.ts';
import { formatDisplayNumber } from '../../shared/domain/ticket.ts';
import type { DayModel, SimTicket } from './day.ts';
import type { Section } from './model.ts';
import type { SimDevice } from './ops.ts';
import type { Person } from './people.ts';
import type { Arrival } from './plan.ts';
import { seal } from './seal.ts';

export function arrive(m: DayModel, a: Arrival): void {
  const { office, registry, day } = m.input;
  const kiosk = office.kiosks[a.kiosk] ?? office.kiosks[0];
  const section = office.config.sections.find((s) => s.id === a.section);
  if (!kiosk || !section) return;
  const n = m.nextNumber(kiosk, a.section);
  let person: Person | null = null;
  if (a.booking?.idNumber) person = registry.get(a.booking.idNumber) ?? null;
  else if (a.typedNumber) person = registry.choose(m.rng, a.section, a.service, day, true, m.fees)?.person ?? null;
  if (person) registry.visit(person, a.service, day);
  const quoted = quoteFor(m, a.section, kiosk, a.at);
  const st: SimTicket = {
    id: m.rng.uuid(), publicCode: m.rng.code(10), arrival: a, kiosk, ticket: null, person, gone: false,
    firstCalledAt: null, returnAt: null, transferred: false, key: null,
  };
  m.add(st);
  const serviceGroup = m.groupOf(a.service) ?? 'enquiries';
  const displayNumber = formatDisplayNumber(section.letter, kiosk.auth.kioskNo ?? 0, n);
  const common = {
    ticketId: st.id, sectionId: a.section, serviceGroup, displayNumber, publicCode: st.publicCode, service: a.service, priority: a.priority,
    quotedWaitMin: quoted.minMinutes, quotedWaitMax: quoted.maxMinutes,
  };
  const typed = a.typedNumber && !a.booking && person ? person.idNumber : null;
  const sealKey = office.sealKey;
  // A resident who leaves a mobile gets a ticket with a link key (the kiosk's QR link), which the notice is sealed with.
  st.key = a.noticeMobile ? m.rng.code(16) : null;
  const leaveKeyHash = st.key ? createHash('sha256').update(st.key).digest('hex') : null;
  const args = (): unknown => ({
    ...common,
    ...(leaveKeyHash ? { leaveKeyHash } : {}),
    appointmentId: a.booking?.appointmentId ?? null,
    sealedIdNumber: typed ? seal(sealKey, typed) : null,
    language: a.language,
  });
  const arriveAt = m.emit(kiosk, a.at, 'ticket.issue', args, null, st.id);
  if (st.key) {
    const contact = `${person?.record.mobile ?? `05${m.rng.digits(8)}`} ${st.key}`;
    const language = a.language;
    m.emit(kiosk, a.at + 1, 'ticket.notify', () => ({ ticketId: st.id, sealedContact: seal(sealKey, contact), language }), null, null);
  }
  m.agenda.add(arriveAt, () => {
    // The store takes the slot from its booking record; the model from the same booking.
    m.apply(st, { type: 'issue', ...common, officeId: office.officeId, kioskNo: kiosk.auth.kioskNo ?? 0, serviceDay: day, appointmentAt: a.booking?.slotAt ?? null }, kiosk, a.at);
    m.waiting[a.section].add(st);
    m.wake(a.section, arriveAt);
  });
  m.agenda.add(a.at + a.patienceMs, (time) => giveUp(m, st, time));
}

/** The kiosk's quote: the people ahead in its section and how the counters have been doing. */
function quoteFor(m: DayModel, section: Section, kiosk: SimDevice, t: number): { minMinutes: number; maxMinutes: number } {
  const tickets = m.sectionTickets(section);
  const unsent = tickets.filter((s) => s.ticket === null && s.kiosk === kiosk).length;
  const seen = tickets.flatMap((s) => (s.ticket && s.ticket.status !== 'waiting' ? [s.ticket] : []));
  return quoteFromDay({ ahead: m.waiting[section].size + unsent, tickets: seen, sectionId: section, now: t + kiosk.skewMs, settings: m.settings });
}

/** Patience ran out (or the office closed): leave through the phone page, or just walk away. */
export function giveUp(m: DayModel, st: SimTicket, t: number): void {
  if (st.firstCalledAt !== null) return;
  if (st.ticket?.status === 'waiting' && st.arrival.leaveByPhone) {
    m.apply(st, { type: 'cancel', reason: 'resident_left' }, st.kiosk, t);
    m.waiting[st.arrival.section].delete(st);
    m.route({ kind: 'leave', at: t, arriveAt: t, publicCode: st.publicCode, key: st.key });
  } else {
    st.gone = true;
  }
}
