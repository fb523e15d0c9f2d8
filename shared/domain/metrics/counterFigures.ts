/**
 * Counter time of a slice: the counters' stretches cut to the slice's time (its days, or a
 * shift's hours), summed by state, and split the ways the evaluation shows it (per day for
 * the weeks, per weekday-hour for the heat map, per officer). Counter time is about counters,
 * not residents: a filter on the service or the language does not apply to it.
 */
import { zoneOffsetMs } from './clock.ts';
import { CoverCursor, unionOfSorted, type Interval } from './intervals.ts';
import { HOUR_MS, ratio } from './stats.ts';
import type { CounterFigures } from './types.ts';
import { STATE_CODES, type StretchColumns } from './counters.ts';
import type { MaskPiece } from './window.ts';

/** Counter time of a slice, in ms. */
export interface CounterTime {
  readonly staffedMs: number;
  readonly servingMs: number;
  readonly idleMs: number;
  readonly breakMs: number;
  readonly idleWhileWaitingMs: number;
  /** Staffed ms per day of the window (index as in the mask pieces). */
  readonly staffedByDay: Float64Array;
  /** Staffed ms per weekday × 24 + hour, office time (all zero unless asked for). */
  readonly staffedByCell: Float64Array;
  /** Staffed and serving ms per officer (the stretch's officer). */
  readonly byOfficer: ReadonlyMap<string, { staffedMs: number; servingMs: number }>;
  /** When at least one of the slice's counters was staffed. */
  readonly staffed: readonly Interval[];
}

/** The counters' columns and what the slice keeps of them. */
export interface CounterTimeInput {
  /** Stretches of each counter, in time order (counterColumnsByCounter). */
  readonly stretchesByCounter: ReadonlyMap<number, StretchColumns>;
  /** The counters in the slice. */
  readonly counterIds: readonly number[];
  readonly sectionOf: ReadonlyMap<number, string>;
  /** The slice's time, sorted and disjoint. */
  readonly mask: readonly MaskPiece[];
  readonly days: number;
  /** Per section, when at least one of its tickets was waiting (sorted, disjoint). */
  readonly waitingBySection: ReadonlyMap<string, readonly Interval[]>;
  /** Only stretches of this officer. */
  readonly officerBadge?: string;
  readonly timeZone: string;
  /** Fill staffedByCell (the heat map's; the only split that needs the zone per hour). */
  readonly cells?: boolean;
}

/** Adds a staffed run to the weekday-hour cells, cut at the office clock's hours. */
function addToCells(cells: Float64Array, from: number, to: number, timeZone: string): void {
  let t = from;
  while (t < to) {
    const local = t + zoneOffsetMs(t, timeZone);
    const hours = Math.floor(local / HOUR_MS);
    const end = Math.min(to, t + (hours + 1) * HOUR_MS - local);
    const weekday = (((Math.floor(hours / 24) + 4) % 7) + 7) % 7;
    cells[weekday * 24 + (((hours % 24) + 24) % 24)]! += end - t;
    t = end;
  }
}

const IDLE = STATE_CODES.indexOf('idle');
const SERVING = STATE_CODES.indexOf('serving');
const BREAK = STATE_CODES.indexOf('break');

/** Sums the stretches of the slice's counters inside the mask. */
export function counterTime(input: CounterTimeInput): CounterTime {
  const { mask, timeZone } = input;
  let servingMs = 0;
  let idleMs = 0;
  let breakMs = 0;
  let idleWhileWaitingMs = 0;
  const staffedByDay = new Float64Array(input.days);
  const staffedByCell = new Float64Array(7 * 24);
  const byOfficer = new Map<string, { staffedMs: number; servingMs: number }>();
  const runLists: { from: number; to: number }[][] = [];

  for (const counterId of input.counterIds) {
    const c = input.stretchesByCounter.get(counterId);
    if (!c) continue;
    const section = input.sectionOf.get(counterId);
    const waiting = new CoverCursor((section !== undefined ? input.waitingBySection.get(section) : undefined) ?? []);
    // The officer filter as an index into this counter's badges (−2: no filter; −3: not at this counter).
    const found = input.officerBadge === undefined ? -2 : c.badges.indexOf(input.officerBadge);
    const wanted = found === -1 ? -3 : found;
    const officers: ({ staffedMs: number; servingMs: number } | undefined)[] = [];
    const officerOf = (b: number) => {
      let o = officers[b];
      if (!o) {
        const badge = c.badges[b]!;
        o = byOfficer.get(badge);
        if (!o) byOfficer.set(badge, (o = { staffedMs: 0, servingMs: 0 }));
        officers[b] = o;
      }
      return o;
    };
    let m = 0;
    let run: { from: number; to: number } | null = null;
    const runs: { from: number; to: number }[] = [];
    runLists.push(runs);
    for (let i = 0; i < c.length; i++) {
      const state = c.state[i]!;
      if (state !== IDLE && state !== SERVING && state !== BREAK) continue;
      const b = c.badge[i]!;
      if (wanted !== -2 && b !== wanted) continue;
      const sFrom = c.from[i]!;
      const sTo = c.to[i]!;
      while (m < mask.length && mask[m]!.to <= sFrom) m++;
      for (let k = m; k < mask.length && mask[k]!.from < sTo; k++) {
        const piece = mask[k]!;
        const from = Math.max(sFrom, piece.from);
        const to = Math.min(sTo, piece.to);
        if (to <= from) continue;
        const ms = to - from;
        if (state === BREAK) {
          breakMs += ms;
          continue;
        }
        if (state === SERVING) servingMs += ms;
        else {
          idleMs += ms;
          idleWhileWaitingMs += waiting.overlap(from, to);
        }
        staffedByDay[piece.day]! += ms;
        if (b >= 0) {
          const o = officerOf(b);
          o.staffedMs += ms;
          if (state === SERVING) o.servingMs += ms;
        }
        if (run && from <= run.to) run.to = Math.max(run.to, to);
        else runs.push((run = { from, to }));
      }
    }
    if (input.cells) for (const r of runs) addToCells(staffedByCell, r.from, r.to, timeZone);
  }
  return {
    staffedMs: servingMs + idleMs,
    servingMs,
    idleMs,
    breakMs,
    idleWhileWaitingMs,
    staffedByDay,
    staffedByCell,
    byOfficer,
    staffed: unionOfSorted(runLists),
  };
}

/** What the counters cost and produced in a slice. */
export interface CounterOutput {
  readonly served: number;
  /** Transactions decided: completed + refused. */
  readonly decided: number;
  readonly completed: number;
  readonly staffCostPerCounterHour: number;
}

/** Hours and the rates per staffed counter-hour (null when no counter was staffed, or nothing completed). */
export function counterFigures(time: CounterTime, out: CounterOutput): CounterFigures {
  const staffedHours = time.staffedMs / HOUR_MS;
  return {
    staffedHours,
    servingHours: time.servingMs / HOUR_MS,
    idleHours: time.idleMs / HOUR_MS,
    breakHours: time.breakMs / HOUR_MS,
    idleWhileWaitingHours: time.idleWhileWaitingMs / HOUR_MS,
    utilisation: ratio(time.servingMs, time.staffedMs),
    servedPerCounterHour: ratio(out.served, staffedHours),
    transactionsPerCounterHour: ratio(out.decided, staffedHours),
    costPerTransaction: out.completed === 0 ? null : (staffedHours * out.staffCostPerCounterHour) / out.completed,
  };
}
