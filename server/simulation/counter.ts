/**
 * A counter through a shift: the officer signs in and opens it, calls the next ticket with
 * the real queue engine whenever free (a parked resident back with a document first; the
 * line kept in calling order, waiting.ts), takes the planned breaks between tickets, waits
 * for the network when the terminal is offline (the board cannot announce a call then),
 * and closes when the shift is over and nobody waits, or after a while of overtime. When
 * the last counter of a section closes, whoever still waits gives up.
 */
import { newId, newToken } from '../security/secrets.ts';
import type { Agent, DayModel } from './day.ts';
import { giveUp } from './kiosk.ts';
import { outageAt, type SimSession } from './ops.ts';
import type { PlannedBreak, ShiftPlan } from './plan.ts';
import { resumeService, serveTicket } from './service.ts';

/** How long counters keep serving after the shift's end, when people still wait. */
const OVERTIME_MS = 45 * 60_000;

export function signIn(m: DayModel, agent: Agent, plan: ShiftPlan, t: number): void {
  const outage = outageAt(agent.device, t);
  if (outage) return m.agenda.add(outage[1] + 1000, () => signIn(m, agent, plan, outage[1] + 1000));
  const session: SimSession = { sessionId: newId(), token: newToken('officer'), badge: plan.officer.badge, counterId: agent.counter.id, device: agent.device, signInAt: t, signOutAt: t };
  agent.session = session;
  agent.plan = plan;
  agent.breaks = [...plan.breaks];
  agent.state = 'idle';
  m.route({ kind: 'signIn', at: t, arriveAt: t, session });
  m.emit(agent.device, t + 4000, 'counter.open', () => ({ counterId: agent.counter.id }), session, null);
  m.agenda.add(t + 10_000, () => tryCall(m, agent, t + 10_000));
}

/** A free counter: a returned parked resident first, then a due break, closing time, or the next ticket. */
export function tryCall(m: DayModel, a: Agent, t: number): void {
  const plan = a.plan;
  if (a.state !== 'idle' || !plan) return;
  const outage = outageAt(a.device, t);
  // Offline, the board cannot announce a call: the officer waits for the network.
  if (outage) return m.agenda.add(outage[1] + 1000, () => tryCall(m, a, outage[1] + 1000));
  const back = a.parked.find((p) => p.returnAt !== null && p.returnAt <= t);
  if (back) {
    a.parked.splice(a.parked.indexOf(back), 1);
    return resumeService(m, a, back, t);
  }
  let due = a.breaks[0];
  // A break is taken once the ticket in hand is done; one that would run into closing time is skipped.
  while (due && due.at <= t && t + due.minutes * 60_000 > plan.endAt - 10 * 60_000) {
    a.breaks.shift();
    due = a.breaks[0];
  }
  if (due && due.at <= t) {
    a.breaks.shift();
    return takeBreak(m, a, due, t);
  }
  const queue = m.waiting[a.section];
  if (t >= plan.endAt && a.parked.length === 0 && (queue.size === 0 || t >= plan.endAt + OVERTIME_MS)) return close(m, a, t);
  // The queue engine's decision (nextTicket), from the line kept in calling order (waiting.ts).
  const pick = queue.size ? queue.next(a.counter, m.input.office.config.serviceGroups, m.settings, t + a.device.skewMs) : null;
  if (pick) return serveTicket(m, a, pick, t);
  // Nothing to call: look again at the next break, the end of the shift or a parked resident's return.
  const wakes = [due?.at, plan.endAt > t ? plan.endAt : plan.endAt + OVERTIME_MS, ...a.parked.map((p) => p.returnAt ?? 0)];
  const wake = Math.min(...wakes.filter((w): w is number => w !== undefined && w > t));
  if (Number.isFinite(wake)) m.agenda.add(wake, () => tryCall(m, a, wake));
}

/** The counter is free again at `t`. */
export function free(m: DayModel, a: Agent, t: number): void {
  m.agenda.add(t, () => {
    a.state = 'idle';
    tryCall(m, a, t);
  });
}

function takeBreak(m: DayModel, a: Agent, b: PlannedBreak, t: number): void {
  a.state = 'break';
  m.emit(a.device, t, 'counter.break', () => ({ counterId: a.counter.id, reason: b.reason }), a.session, null);
  const back = t + b.minutes * 60_000;
  m.agenda.add(back, () => {
    m.emit(a.device, back, 'counter.resume', () => ({ counterId: a.counter.id }), a.session, null);
    a.state = 'idle';
    tryCall(m, a, back);
  });
}

function close(m: DayModel, a: Agent, t: number): void {
  const session = a.session;
  m.emit(a.device, t, 'counter.close', () => ({ counterId: a.counter.id }), session, null);
  if (session) {
    session.signOutAt = t + 20_000;
    m.route({ kind: 'signOut', at: session.signOutAt, arriveAt: session.signOutAt, session });
  }
  a.state = 'closed';
  a.plan = null;
  a.session = null;
  // The last counter of the section closed: whoever still waits is told to come back another time.
  if (!m.agents.some((x) => x.section === a.section && x.state !== 'closed')) {
    for (const st of [...m.waiting[a.section]]) m.agenda.add(t + m.rng.int(0, 600_000), (time) => giveUp(m, st, time));
  }
}
