/**
 * The live floor as the supervisor sees it: what each counter is doing and since when,
 * who waits where and for how long, how each device is doing, and the alerts that need a
 * person (a wait past its target, a queue grown too long, a counter idle while people
 * wait, a device that stopped reporting or cannot send its changes). Pure: the store reads
 * today's rows, this decides; the tests drive it with plain data and a clock.
 */
import type { ServiceGroup } from './services.ts';

export const MINUTE_MS = 60_000;

/** When the floor raises an alert; an office may change them (settings.alerts). */
export interface AlertSettings {
  /** Waiting tickets in one section at which the queue counts as too long. */
  readonly queueLength: number;
  /** Minutes a counter may sit idle while people of its section wait. */
  readonly idleMinutes: number;
  /** Minutes a device may go unheard before it counts as stopped. */
  readonly silentMinutes: number;
  /** Minutes a change may wait on a device before it counts as stuck. */
  readonly unsentMinutes: number;
}

export const DEFAULT_ALERTS: AlertSettings = { queueLength: 20, idleMinutes: 3, silentMinutes: 3, unsentMinutes: 10 };

export interface FloorTicket {
  readonly ticketId: string;
  readonly displayNumber: string;
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly service: string | null;
  readonly status: 'waiting' | 'called' | 'serving' | 'parked';
  /** When it was taken, called, started (real time, ms). */
  readonly issuedAt: number;
  readonly calledAt: number | null;
  readonly startedAt: number | null;
  readonly counterId: number | null;
  readonly officerBadge: string | null;
}

/** A counter's latest state change today. */
export interface FloorCounterEvent {
  readonly counterId: number;
  readonly type: 'open' | 'close' | 'break' | 'resume';
  readonly at: number;
  readonly officerBadge: string | null;
  readonly sessionId: string | null;
  readonly reason: string | null;
}

export interface FloorDevice {
  readonly deviceId: string;
  readonly role: 'kiosk' | 'counter' | 'display';
  readonly label: string | null;
  readonly kioskNo: number | null;
  /** Last heartbeat (ms), or null if it never sent one. */
  readonly reportedAt: number | null;
  readonly outboxDepth: number | null;
  /** Device clock of its oldest unsent change, corrected by its offset (ms). */
  readonly oldestUnsentAt: number | null;
  readonly appVersion: string | null;
  readonly clockOffsetMs: number | null;
  readonly sessionId: string | null;
  readonly counterId: number | null;
}

export interface FloorInput {
  readonly now: number;
  readonly counters: readonly { readonly id: number; readonly sectionId: string }[];
  readonly tickets: readonly FloorTicket[];
  readonly counterEvents: readonly FloorCounterEvent[];
  /** When each counter last finished with a ticket today (completed, no-show, transferred, parked). */
  readonly lastTicketEnd: ReadonlyMap<number, number>;
  readonly devices: readonly FloorDevice[];
  readonly targetMinutes: number;
  readonly alerts: AlertSettings;
  readonly presenceTimeoutMs: number;
  /**
   * The office is open now (inside a shift): a device falling silent is news only then,
   * and only if it was heard from today (every device goes quiet when the mall closes).
   */
  readonly openNow: boolean;
  /** Start of today (office time, ms). */
  readonly dayStart: number;
}

export type FloorCounterState = 'closed' | 'idle' | 'calling' | 'serving' | 'break' | 'noSignal';

export interface FloorCounter {
  readonly counterId: number;
  readonly sectionId: string;
  readonly state: FloorCounterState;
  readonly since: number | null;
  readonly officerBadge: string | null;
  readonly ticket: string | null;
  readonly reason: string | null;
}

export interface FloorQueue {
  readonly sectionId: string;
  readonly serviceGroup: ServiceGroup;
  readonly waiting: number;
  /** Minutes the longest-waiting ticket has waited. */
  readonly longestMinutes: number;
  readonly overTarget: number;
}

export interface FloorDeviceHealth extends FloorDevice {
  readonly online: boolean;
}

export type AlertKind = 'wait' | 'queue' | 'idle' | 'silent' | 'unsent';

export interface FloorAlert {
  /** Stable while the condition lasts; with `since`, names one occurrence. */
  readonly key: string;
  readonly kind: AlertKind;
  readonly since: number;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface Floor {
  readonly now: number;
  readonly counters: readonly FloorCounter[];
  readonly queues: readonly FloorQueue[];
  readonly devices: readonly FloorDeviceHealth[];
  readonly alerts: readonly FloorAlert[];
}

function counterState(input: FloorInput, counter: { id: number; sectionId: string }, devicesByCounter: Map<number, FloorDevice[]>): FloorCounter {
  const base = { counterId: counter.id, sectionId: counter.sectionId };
  const last = input.counterEvents.find((e) => e.counterId === counter.id);
  if (!last || last.type === 'close') return { ...base, state: 'closed', since: last?.at ?? null, officerBadge: null, ticket: null, reason: null };
  const officerBadge = last.officerBadge;
  // Heard from lately (a heartbeat of the terminal holding this counter's session)?
  const heard = (devicesByCounter.get(counter.id) ?? []).filter((d) => d.sessionId === null || last.sessionId === null || d.sessionId === last.sessionId);
  const lastHeard = Math.max(last.at, ...heard.map((d) => d.reportedAt ?? 0));
  if (input.now - lastHeard > input.presenceTimeoutMs) {
    return { ...base, state: 'noSignal', since: lastHeard, officerBadge, ticket: null, reason: null };
  }
  if (last.type === 'break') return { ...base, state: 'break', since: last.at, officerBadge, ticket: null, reason: last.reason };
  const current = input.tickets.find((t) => t.counterId === counter.id && (t.status === 'called' || t.status === 'serving'));
  if (current?.status === 'serving') {
    return { ...base, state: 'serving', since: current.startedAt ?? current.calledAt, officerBadge, ticket: current.displayNumber, reason: null };
  }
  if (current) return { ...base, state: 'calling', since: current.calledAt, officerBadge, ticket: current.displayNumber, reason: null };
  const since = Math.max(last.at, input.lastTicketEnd.get(counter.id) ?? 0);
  return { ...base, state: 'idle', since, officerBadge, ticket: null, reason: null };
}

/** The floor now, with every alert that holds (acknowledgements are applied by the caller). */
export function floorOf(input: FloorInput): Floor {
  const { now } = input;
  const devicesByCounter = new Map<number, FloorDevice[]>();
  for (const d of input.devices) {
    if (d.counterId === null) continue;
    const list = devicesByCounter.get(d.counterId) ?? [];
    list.push(d);
    devicesByCounter.set(d.counterId, list);
  }
  const counters = input.counters.map((c) => counterState(input, c, devicesByCounter));

  const waiting = input.tickets.filter((t) => t.status === 'waiting').sort((a, b) => a.issuedAt - b.issuedAt);
  const target = input.targetMinutes * MINUTE_MS;
  const queueMap = new Map<string, { sectionId: string; serviceGroup: ServiceGroup; tickets: FloorTicket[] }>();
  for (const t of waiting) {
    const key = `${t.sectionId}:${t.serviceGroup}`;
    const q = queueMap.get(key) ?? { sectionId: t.sectionId, serviceGroup: t.serviceGroup, tickets: [] };
    q.tickets.push(t);
    queueMap.set(key, q);
  }
  const queues: FloorQueue[] = [...queueMap.values()]
    .map((q) => ({
      sectionId: q.sectionId,
      serviceGroup: q.serviceGroup,
      waiting: q.tickets.length,
      longestMinutes: Math.max(0, Math.floor((now - (q.tickets[0]?.issuedAt ?? now)) / MINUTE_MS)),
      overTarget: q.tickets.filter((t) => now - t.issuedAt > target).length,
    }))
    .sort((a, b) => a.sectionId.localeCompare(b.sectionId) || a.serviceGroup.localeCompare(b.serviceGroup));

  const devices = input.devices.map((d) => ({ ...d, online: d.reportedAt !== null && now - d.reportedAt <= input.presenceTimeoutMs }));
  return { now, counters, queues, devices, alerts: alertsOf(input, counters, queueMap, waiting) };
}

function alertsOf(
  input: FloorInput,
  counters: readonly FloorCounter[],
  queues: Map<string, { sectionId: string; serviceGroup: ServiceGroup; tickets: FloorTicket[] }>,
  waiting: readonly FloorTicket[],
): FloorAlert[] {
  const { now, alerts: limits } = input;
  const out: FloorAlert[] = [];
  const target = input.targetMinutes * MINUTE_MS;
  for (const q of queues.values()) {
    const oldest = q.tickets[0];
    if (oldest && now - oldest.issuedAt > target) {
      out.push({
        key: `wait:${q.sectionId}:${q.serviceGroup}`,
        kind: 'wait',
        since: oldest.issuedAt + target,
        params: { section: q.sectionId, group: q.serviceGroup, minutes: Math.floor((now - oldest.issuedAt) / MINUTE_MS), target: input.targetMinutes, ticket: oldest.displayNumber },
      });
    }
  }
  const sections = [...new Set(input.counters.map((c) => c.sectionId))];
  for (const sectionId of sections) {
    const inSection = waiting.filter((t) => t.sectionId === sectionId);
    const crossing = inSection[limits.queueLength - 1];
    if (crossing) {
      out.push({ key: `queue:${sectionId}`, kind: 'queue', since: crossing.issuedAt, params: { section: sectionId, waiting: inSection.length, limit: limits.queueLength } });
    }
    const oldestHere = inSection[0];
    if (!oldestHere) continue;
    for (const c of counters) {
      if (c.sectionId !== sectionId || c.state !== 'idle' || c.since === null) continue;
      const since = Math.max(c.since, oldestHere.issuedAt);
      if (now - since >= limits.idleMinutes * MINUTE_MS) {
        out.push({ key: `idle:${c.counterId}`, kind: 'idle', since, params: { counter: c.counterId, minutes: Math.floor((now - since) / MINUTE_MS), waiting: inSection.length } });
      }
    }
  }
  for (const d of input.devices) {
    if (input.openNow && d.reportedAt !== null && d.reportedAt >= input.dayStart && now - d.reportedAt > limits.silentMinutes * MINUTE_MS) {
      out.push({ key: `silent:${d.deviceId}`, kind: 'silent', since: d.reportedAt, params: { role: d.role, device: d.label ?? '', kioskNo: d.kioskNo ?? 0, minutes: Math.floor((now - d.reportedAt) / MINUTE_MS) } });
    }
    if (d.oldestUnsentAt !== null && (d.outboxDepth ?? 0) > 0 && now - d.oldestUnsentAt > limits.unsentMinutes * MINUTE_MS) {
      out.push({ key: `unsent:${d.deviceId}`, kind: 'unsent', since: d.oldestUnsentAt, params: { role: d.role, device: d.label ?? '', kioskNo: d.kioskNo ?? 0, changes: d.outboxDepth ?? 0, minutes: Math.floor((now - d.oldestUnsentAt) / MINUTE_MS) } });
    }
  }
  return out.sort((a, b) => a.since - b.since);
}

/** An acknowledgement covers one occurrence (key and since); a snooze covers the key until its end. */
export interface AlertAck {
  readonly key: string;
  readonly since: number;
  readonly action: 'acknowledged' | 'snoozed';
  readonly until: number | null;
}

/** The alerts nobody has acknowledged or snoozed. */
export function openAlerts(alerts: readonly FloorAlert[], acks: readonly AlertAck[], now: number): FloorAlert[] {
  return alerts.filter(
    (a) => !acks.some((k) => k.key === a.key && ((k.action === 'acknowledged' && k.since === a.since) || (k.action === 'snoozed' && (k.until ?? 0) > now))),
  );
}
