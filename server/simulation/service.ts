/**
 * One ticket at a counter, from the call to the end: the resident walks over from the mall
 * (recalled when slow, a no-show after the last call), is served for a time that depends
 * on the service and the officer, now and then sent to another queue or asked to fetch a
 * document (park), and most leave with a counter transaction (transaction.ts). Every step
 * is a change of the counter terminal, applied to the model's tickets at its own time.
 */
import type { ServiceId } from '../../shared/domain/catalog.ts';
import type { TicketAction } from '../../shared/domain/ticket.ts';
import type { MutationName } from '../../shared/sync/mutations.ts';
import { free, tryCall } from './counter.ts';
import type { Agent, DayModel, SimTicket } from './day.ts';
import { SERVICES } from './model.ts';
import { runTransaction } from './transaction.ts';

const SECOND = 1000;
const MINUTE = 60_000;
/** The officer calls again after this long without the resident (the board and the phone chime again). */
const RECALL_EVERY = 90 * SECOND;
const MEDIAN_MINUTES = new Map(SERVICES.map((s) => [s.id, s.minutes]));

/** Calls `st` at `t` and plays the rest of its visit to this counter. */
export function serveTicket(m: DayModel, a: Agent, st: SimTicket, t: number): void {
  a.state = 'busy';
  const section = st.arrival.section;
  step(m, a, st, 'ticket.call', t, true);
  m.waiting[section].delete(st);
  st.firstCalledAt ??= t;
  const { maxRecalls, noShowAfterSeconds } = m.settings;
  // Someone sent back by a transfer waits near the counters; the others come from the shops.
  const walk = st.gone || st.arrival.noShow ? Infinity : st.transferred ? m.rng.int(15, 45) * SECOND : st.arrival.walkMs;
  for (let k = 1; k <= maxRecalls && k * RECALL_EVERY < walk; k++) step(m, a, st, 'ticket.recall', t + k * RECALL_EVERY);
  const deadline = t + maxRecalls * RECALL_EVERY + noShowAfterSeconds * SECOND;
  if (t + walk > deadline) {
    step(m, a, st, 'ticket.noShow', deadline);
    return free(m, a, deadline + m.rng.int(5, 20) * SECOND);
  }
  const start = t + Math.round(walk);
  step(m, a, st, 'ticket.start', start);
  const minutes = (MEDIAN_MINUTES.get(serviceOf(m, st)) ?? 4) * (a.plan?.officer.speed ?? 1) * m.rng.logNormal(1, 0.45);
  const duration = Math.max(40 * SECOND, Math.round(minutes * MINUTE));
  if (!st.transferred && m.rng.chance(m.tuning.transfer)) return transfer(m, a, st, start + m.rng.int(30, 120) * SECOND);
  if (st.returnAt === null && m.rng.chance(m.tuning.park)) return park(m, a, st, start + m.rng.int(60, 150) * SECOND);
  finish(m, a, st, runTransaction(m, a, st, serviceOf(m, st), start, start + duration));
}

/** A parked resident is back with the document: the counter resumes the ticket and finishes it. */
export function resumeService(m: DayModel, a: Agent, st: SimTicket, t: number): void {
  a.state = 'busy';
  step(m, a, st, 'ticket.resume', t);
  const minutes = (MEDIAN_MINUTES.get(serviceOf(m, st)) ?? 4) * 0.6 * (a.plan?.officer.speed ?? 1) * m.rng.logNormal(1, 0.4);
  finish(m, a, st, runTransaction(m, a, st, serviceOf(m, st), t, t + Math.max(30 * SECOND, Math.round(minutes * MINUTE))));
}

/** The service the resident gets: the kiosk's choice, or after a transfer one of the new group's. */
function serviceOf(m: DayModel, st: SimTicket): ServiceId {
  const group = st.ticket?.serviceGroup;
  if (!st.transferred || !group) return st.arrival.service;
  const inGroup = SERVICES.filter((s) => m.groupOf(s.id) === group);
  return inGroup.length ? m.rng.weighted(inGroup.map((s) => [s.id, s.share] as const)) : st.arrival.service;
}

/** A ticket change of the counter at `at`: sent through its outbox, applied to the model then (or now). */
function step(m: DayModel, a: Agent, st: SimTicket, name: MutationName, at: number, now = false): number {
  const counterId = a.counter.id;
  const arriveAt = m.emit(a.device, at, name, () => ({ ticketId: st.id, counterId }), a.session, st.id);
  const action = { type: name.slice('ticket.'.length), counterId, officerBadge: a.plan?.officer.badge ?? null } as TicketAction;
  if (now) m.apply(st, action, a.device, at);
  else m.agenda.add(at, () => m.apply(st, action, a.device, at));
  return arriveAt;
}

function finish(m: DayModel, a: Agent, st: SimTicket, end: number): void {
  const completeArrives = step(m, a, st, 'ticket.complete', end);
  free(m, a, end + m.rng.int(10, 40) * SECOND);
  if (!m.rng.chance(m.tuning.surveyAnswer)) return;
  // The phone page offers the survey once the store knows the ticket is done.
  const when = Math.max(end, completeArrives) + Math.round(m.rng.logNormal(6, 0.8) * MINUTE);
  const waited = ((st.firstCalledAt ?? st.arrival.at) - st.arrival.at) / MINUTE;
  const mean = 4.55 - 0.035 * Math.max(0, waited - 10) - (st.transferred ? 0.3 : 0) - (st.returnAt !== null ? 0.2 : 0);
  const score = Math.max(1, Math.min(5, Math.round(mean + 0.9 * m.rng.normal())));
  m.route({ kind: 'survey', at: when, arriveAt: when, publicCode: st.publicCode, score });
}

/** The wrong queue: back to waiting (keeping its place) in another group, now and then for one counter. */
function transfer(m: DayModel, a: Agent, st: SimTicket, at: number): void {
  const groups = m.input.office.config.serviceGroups.filter((g) => g !== st.ticket?.serviceGroup);
  const serviceGroup = m.rng.pick(groups);
  const others = m.agents.filter((x) => x.section === a.section && x !== a && x.plan && x.plan.endAt > at + 30 * MINUTE);
  const target = others.length && m.rng.chance(0.3) ? m.rng.pick(others).counter.id : null;
  const counterId = a.counter.id;
  const reason = 'Wrong service chosen at the kiosk';
  const arrives = m.emit(a.device, at, 'ticket.transfer', () => ({ ticketId: st.id, counterId, serviceGroup, targetCounterId: target, reason }), a.session, st.id);
  m.agenda.add(at, () => {
    m.apply(st, { type: 'transfer', counterId, officerBadge: a.plan?.officer.badge ?? null, serviceGroup, targetCounterId: target }, a.device, at);
    st.transferred = true;
  });
  // The other counters see it waiting again once the store has the transfer.
  m.agenda.add(arrives, () => {
    m.waiting[st.arrival.section].add(st);
    m.wake(st.arrival.section, arrives);
  });
  free(m, a, at + 15 * SECOND);
}

/** A missing document: the ticket waits parked while the resident fetches it; the counter serves others meanwhile. */
function park(m: DayModel, a: Agent, st: SimTicket, at: number): void {
  step(m, a, st, 'ticket.park', at);
  const back = at + m.rng.int(4, 20) * MINUTE;
  st.returnAt = back;
  a.parked.push(st);
  m.agenda.add(back, () => tryCall(m, a, back));
  free(m, a, at + 10 * SECOND);
}
