/**
 * The ticket mutations (ticket.issue and the counter's steps on a ticket): the checks only
 * the store can make (a kiosk's section and number prefix, a public code in use, the day
 * number, a counter calling another section's ticket), then the shared ticket rules (the
 * same function the device ran optimistically), and the ticket, its history, a checked-in
 * booking, a typed number and a link key added to the batch's writes.
 */
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { queueSettingsOf } from '../../shared/domain/queue.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import { applyTicketAction } from '../../shared/domain/ticket.ts';
import type { MutationEnvelope } from '../../shared/sync/protocol.ts';
import { reasonOf, ticketIdOf, toTicketAction, type MutationName, type ValidMutation } from '../../shared/sync/mutations.ts';
import { officeSealKey, unseal } from '../security/sealing.ts';
import { dayNumber, loadBooking } from './lookups.ts';
import { happenedAt, reject, type BookingRow, type Outcome, type PushState, type SessionInfo } from './pushState.ts';
import { lockTicket } from './ticketRows.ts';

/** The mutations that change a ticket by the shared ticket rules. */
export type TicketMutationName = Extract<MutationName, `ticket.${string}`> & Exclude<MutationName, 'ticket.notify'>;
export type TicketMutation = Extract<ValidMutation, { name: TicketMutationName }>;

/** Applies a ticket mutation: the store's own checks, then the shared rules; the result joins the batch's writes. */
export async function applyTicketMutation(s: PushState, env: MutationEnvelope, mutation: TicketMutation, session: SessionInfo | null): Promise<Outcome> {
  let m = mutation;
  const { q, device, config } = s;
  const officeId = device.officeId;
  const badge = session?.badge ?? null;
  if (m.name === 'ticket.issue') {
    const sectionId = m.args.sectionId;
    const section = config.sections.find((x) => x.id === sectionId);
    if (!section) return reject('unknown_section', `no section "${m.args.sectionId}"`, { section: m.args.sectionId });
    if (!config.serviceGroups.includes(m.args.serviceGroup)) {
      return reject('unknown_service_group', `service group "${m.args.serviceGroup}" is not offered here`, { group: m.args.serviceGroup });
    }
    const prefix = `${section.letter}${device.kioskNo ?? 0}-`;
    if (!m.args.displayNumber.startsWith(prefix)) {
      return reject('display_number_mismatch', `ticket numbers of this kiosk and section start with ${prefix}`, { prefix });
    }
    const code = m.args.publicCode;
    const taken = s.takenCodes.has(code) ||
      (!s.checkedCodes.has(code) && (await q.query('SELECT 1 FROM tickets WHERE public_code = $1', [code])).length > 0);
    if (taken) return reject('public_code_taken', 'another ticket already has this public code');
  }

  const ticketId = ticketIdOf(m);
  // A ticket belongs to the day it was taken (its device's clock corrected, never later than
  // it arrived), not the day it reached the store: an evening ticket held overnight by an
  // outage is yesterday's, and never joins today's queue.
  const issueDay = m.name === 'ticket.issue' ? serviceDayOf(happenedAt(s, env.deviceTime).getTime(), config.settings.timeZone) : s.serviceDay;
  let renumbered: string | null = null;
  if (m.name === 'ticket.issue') {
    const sectionId = m.args.sectionId;
    const section = config.sections.find((x) => x.id === sectionId);
    const number = await dayNumber(s, issueDay, m.args.displayNumber, `${section?.letter ?? ''}${device.kioskNo ?? 0}-`);
    if (number !== m.args.displayNumber) {
      renumbered = `number ${m.args.displayNumber} was already used on ${issueDay}; called as ${number}`;
      m = { ...m, args: { ...m.args, displayNumber: number } };
    }
    s.takenNumbers.add(`${issueDay}|${number}`);
  }
  // A check-in's slot and a typed number are facts for the store to establish, never to reject
  // a ticket over: the resident already holds it. What could not be honoured is noted instead.
  const extras = m.name === 'ticket.issue' ? await issueExtras(s, m.args, issueDay) : null;
  const action = toTicketAction(m, {
    officeId,
    kioskNo: device.kioskNo ?? 0,
    serviceDay: issueDay,
    officerBadge: badge,
    ...(extras ? { appointmentAt: extras.appointmentAt } : {}),
  });
  if (!ticketId || !action) return reject('invalid_args', `${m.name} is not a ticket action`);
  const key = ticketId.toLowerCase();
  const current = s.tickets.has(key) ? s.tickets.get(key) : await lockTicket(q, officeId, ticketId);
  if (action.type === 'call' && current && current.status === 'waiting') {
    // A counter calls the tickets of its own section, or one transferred to it by number (issue 12, point 2).
    const section = config.counters.find((x) => x.id === action.counterId)?.sectionId;
    if (section !== current.sectionId && current.targetCounterId !== action.counterId) {
      return reject('wrong_section', `ticket ${current.displayNumber} waits in another section than counter ${action.counterId}'s`, {
        number: current.displayNumber,
        counter: action.counterId,
      }, session);
    }
  }
  const result = applyTicketAction(current, action, { deviceTime: env.deviceTime, version: s.version + 1, queue: queueSettingsOf(config.settings) });
  if (!result.ok) return { ok: false, session, reason: { ...result.error } };
  s.version += 1;
  const t = result.ticket;
  s.tickets.set(key, t);
  s.takenCodes.add(t.publicCode);
  s.writes.tickets.set(key, t);
  if (!current) s.writes.created.add(key);
  s.writes.events.push([officeId, t.ticketId, result.event, t.serviceDay, device.deviceId, env.seq, env.deviceTime, new Date(s.now),
    'counterId' in action ? action.counterId : null, badge, session?.sessionId ?? null, s.version,
    [renumbered, extras?.note ?? reasonOf(m)].filter(Boolean).join('; ') || null, happenedAt(s, env.deviceTime)]);
  if (m.name === 'ticket.issue' && m.args.language) s.writes.languages.set(t.ticketId, m.args.language);
  if (m.name === 'ticket.issue' && m.args.leaveKeyHash) s.writes.keys.push([officeId, t.ticketId, m.args.leaveKeyHash]);
  if (extras?.booking) {
    extras.booking.status = 'checkedIn';
    s.writes.checkIns.push([officeId, extras.booking.appointmentId, t.ticketId, new Date(s.now)]);
  }
  if (extras?.idNumber) s.writes.identities.push([officeId, t.ticketId, extras.idNumber.number, extras.idNumber.source, new Date(s.now)]);
  return { ok: true, session };
}

interface IssueExtras {
  /** The slot of an honoured booking, else null (a device's own claim is never taken). */
  readonly appointmentAt: number | null;
  readonly booking: BookingRow | null;
  readonly idNumber: { readonly number: string; readonly source: 'kiosk' | 'appointment' } | null;
  /** Why a booking or a number was not taken, for the ticket's history. */
  readonly note: string | null;
}

/** Checks the booking a kiosk checked in and opens the number a resident typed. */
async function issueExtras(s: PushState, args: { appointmentId?: string | null; sealedIdNumber?: string | null }, day: string): Promise<IssueExtras> {
  const notes: string[] = [];
  let booking: BookingRow | null = null;
  if (args.appointmentId) {
    const found = await loadBooking(s, args.appointmentId);
    if (!found) notes.push('booking not found');
    else if (found.status !== 'booked') notes.push(`booking already ${found.status === 'checkedIn' ? 'checked in' : 'cancelled'}`);
    else if (found.serviceDay !== day) notes.push(`booking is for ${found.serviceDay}`);
    else booking = found;
  }
  let idNumber: IssueExtras['idNumber'] = null;
  if (args.sealedIdNumber) {
    s.sealKey ??= await officeSealKey(s.q, s.device.officeId, s.now);
    const opened = unseal(s.sealKey.privateKey, args.sealedIdNumber);
    const checked = opened === null ? null : checkIdNumber(opened);
    if (checked?.ok) idNumber = { number: checked.number, source: 'kiosk' };
    else notes.push(opened === null ? 'typed number could not be opened' : 'typed number is not valid');
  }
  if (!idNumber && booking?.idNumber) idNumber = { number: booking.idNumber, source: 'appointment' };
  return { appointmentAt: booking?.slotAt ?? null, booking, idNumber, note: notes.length ? notes.join('; ') : null };
}
