/**
 * How complete and how timely the data behind a slice is. An offline-first office keeps
 * working through outages and sends its records later; figures over such a day are right
 * only once the records arrived. This says how much arrived late, how late, and when
 * devices were not heard from while the office was open.
 */
import { CoverCursor, type Interval } from './intervals.ts';
import { HOUR_MS, MINUTE_MS, ratio } from './stats.ts';
import { PRESENCE_TIMEOUT_MS, type CompletenessFigures, type PresencePeriod, type TicketFact } from './types.ts';

/**
 * Silences of each device: gaps longer than PRESENCE_TIMEOUT_MS between consecutive
 * presence periods of the same device, in time order. `keep` picks the periods looked at.
 */
export function presenceGaps(presence: readonly PresencePeriod[], keep: (p: PresencePeriod) => boolean = () => true): Interval[] {
  const byDevice = new Map<string, PresencePeriod[]>();
  for (const p of presence) {
    if (!keep(p)) continue;
    const list = byDevice.get(p.deviceId);
    if (list) list.push(p);
    else byDevice.set(p.deviceId, [p]);
  }
  const gaps: Interval[] = [];
  for (const list of byDevice.values()) {
    list.sort((a, b) => a.from - b.from);
    let heard = list[0]!.to;
    for (let i = 1; i < list.length; i++) {
      const p = list[i]!;
      if (p.from - heard > PRESENCE_TIMEOUT_MS) gaps.push({ from: heard, to: p.from });
      heard = Math.max(heard, p.to);
    }
  }
  return gaps.sort((a, b) => a.from - b.from);
}

/**
 * Completeness of a slice: events, late events (> LATE_AFTER_MS) and their share, tickets
 * with a late event, the latest lateness in minutes; and the silences that overlap the
 * `open` hours, counted once each, with only their part inside those hours summed. `gaps` sorted by start (presenceGaps).
 */
export function completenessFigures(tickets: readonly TicketFact[], gaps: readonly Interval[], open: readonly Interval[]): CompletenessFigures {
  let events = 0;
  let lateEvents = 0;
  let ticketsWithLateEvents = 0;
  let maxLateMs: number | null = null;
  for (const t of tickets) {
    events += t.events;
    lateEvents += t.lateEvents;
    if (t.lateEvents > 0) ticketsWithLateEvents++;
    if (t.events > 0 && (maxLateMs === null || t.maxLateMs > maxLateMs)) maxLateMs = t.maxLateMs;
  }
  let offlinePeriods = 0;
  let offlineMs = 0;
  // Gaps come sorted by start, so one forward cursor serves all, overlapping or not.
  const hours = new CoverCursor(open);
  for (const g of gaps) {
    const inside = hours.overlap(g.from, g.to);
    if (inside > 0) {
      offlinePeriods++;
      offlineMs += inside;
    }
  }
  return {
    events,
    lateEvents,
    lateShare: ratio(lateEvents, events),
    ticketsWithLateEvents,
    maxLateMinutes: maxLateMs === null ? null : maxLateMs / MINUTE_MS,
    offlinePeriods,
    offlineHours: offlineMs / HOUR_MS,
  };
}
