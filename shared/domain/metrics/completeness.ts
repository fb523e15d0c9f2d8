/**
 * How complete and how timely the data behind a slice is. An offline-first office keeps
 * working through outages and sends its records later; figures over such a day are right
 * only once the records arrived. This says how much arrived late, how late, and when
 * devices were not heard from while the office was open.
 */
import { CoverCursor, type Interval } from './intervals.ts';
import { HOUR_MS, MINUTE_MS, ratio } from './stats.ts';
import { PRESENCE_TIMEOUT_MS, type CompletenessFigures, type PresencePeriod } from './types.ts';

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

/** What the slice's tickets say about their events (TicketTally keeps it). */
export interface LateTally {
  readonly events: number;
  readonly lateEvents: number;
  readonly ticketsWithLateEvents: number;
  /** The latest lateness of any ticket with events, or null when none has any. */
  readonly maxLateMs: number | null;
}

/**
 * Completeness of a slice: events, late events (> LATE_AFTER_MS) and their share, tickets
 * with a late event, the latest lateness in minutes; and the silences that overlap the
 * `open` hours, counted once each, with only their part inside those hours summed. `gaps`
 * sorted by start (presenceGaps).
 */
export function completenessFigures(late: LateTally, gaps: readonly Interval[], open: readonly Interval[]): CompletenessFigures {
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
    events: late.events,
    lateEvents: late.lateEvents,
    lateShare: ratio(late.lateEvents, late.events),
    ticketsWithLateEvents: late.ticketsWithLateEvents,
    maxLateMinutes: late.maxLateMs === null ? null : late.maxLateMs / MINUTE_MS,
    offlinePeriods,
    offlineHours: offlineMs / HOUR_MS,
  };
}
