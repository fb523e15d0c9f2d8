/**
 * Counter stretches: an ordinary morning (open, serve, break, resume, close), a browser
 * closed without "close" (the counter stays open until its session was last heard from,
 * or until now while it still is), service outside an open period or during a break (the
 * counter was evidently working), and by property: stretches never overlap and tile each
 * counter's time, serving is exactly the union of the segments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterColumnsByCounter, counterStretches, counterStretchesByCounter, STATE_CODES, type CounterStretchInput } from './counters.ts';
import { PRESENCE_TIMEOUT_MS, type CounterStateEvent, type CounterStretch, type PresencePeriod, type ServingSegment } from './types.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 6, 0); // 09:00 in Riyadh
const at = (minutes: number) => T0 + minutes * MINUTE;

const event = (type: CounterStateEvent['type'], minutes: number, over: Partial<CounterStateEvent> = {}): CounterStateEvent => ({
  counterId: 1,
  type,
  at: at(minutes),
  officerBadge: 'B-1',
  sessionId: 's1',
  reason: type === 'break' ? 'prayer' : null,
  ...over,
});
const segment = (from: number, to: number, over: Partial<ServingSegment> = {}): ServingSegment => ({ counterId: 1, officerBadge: 'B-1', from: at(from), to: at(to), ...over });
const presence = (from: number, to: number, over: Partial<PresencePeriod> = {}): PresencePeriod => ({
  deviceId: 'd1',
  role: 'counter',
  sessionId: 's1',
  counterId: 1,
  from: at(from),
  to: at(to),
  ...over,
});
const stretch = (state: CounterStretch['state'], from: number, to: number, over: Partial<CounterStretch> = {}): CounterStretch => ({
  counterId: 1,
  state,
  officerBadge: state === 'closed' ? null : 'B-1',
  from: at(from),
  to: at(to),
  reason: null,
  ...over,
});

function run(over: Partial<CounterStretchInput> & { segments?: ServingSegment[] }): CounterStretch[] {
  return counterStretches({
    counterEvents: over.counterEvents ?? [],
    presence: over.presence ?? [],
    tickets: over.tickets ?? (over.segments ?? []).map((s) => ({ segments: [s] })),
    counters: over.counters ?? [{ id: 1 }],
    now: over.now ?? at(24 * 60),
  });
}

describe('counterStretches', () => {
  it('tiles an ordinary morning: open, serve, break, resume, close', () => {
    const stretches = run({
      counterEvents: [event('open', 0), event('break', 60), event('resume', 75), event('close', 180)],
      segments: [segment(5, 20), segment(20, 30), segment(40, 55), segment(100, 170)],
    });
    expect(stretches).toEqual([
      stretch('idle', 0, 5),
      // Two tickets back to back by the same officer: one serving stretch.
      stretch('serving', 5, 30),
      stretch('idle', 30, 40),
      stretch('serving', 40, 55),
      stretch('idle', 55, 60),
      stretch('break', 60, 75, { reason: 'prayer' }),
      stretch('idle', 75, 100),
      stretch('serving', 100, 170),
      stretch('idle', 170, 180),
    ]);
  });

  it('keeps the order of records given out of time order, and shows closed time between openings', () => {
    const stretches = run({ counterEvents: [event('close', 180), event('open', 420, { sessionId: 's2' }), event('open', 0), event('close', 600, { sessionId: 's2' })] });
    expect(stretches).toEqual([stretch('idle', 0, 180), stretch('closed', 180, 420), stretch('idle', 420, 600)]);
  });

  it('ends a counter whose browser closed at its session’s last sign of life', () => {
    // Opened 09:00, presence until 10:30, a ticket served until 10:40, nothing after.
    const stretches = run({
      counterEvents: [event('open', 0)],
      presence: [presence(0, 60), presence(62, 90)],
      segments: [segment(80, 100)],
      now: at(360),
    });
    expect(stretches).toEqual([stretch('idle', 0, 80), stretch('serving', 80, 100)]);
    // The session's own later record (a break) is a sign of life too: the break runs to it.
    const onBreak = run({ counterEvents: [event('open', 0), event('break', 50), event('resume', 70), event('break', 110)], presence: [presence(0, 90)], now: at(360) });
    expect(onBreak).toEqual([stretch('idle', 0, 50), stretch('break', 50, 70, { reason: 'prayer' }), stretch('idle', 70, 110)]);
  });

  it('runs a counter still heard from until now', () => {
    const now = at(200);
    const stretches = run({ counterEvents: [event('open', 0)], presence: [presence(0, 200 - PRESENCE_TIMEOUT_MS / MINUTE)], now });
    expect(stretches).toEqual([stretch('idle', 0, 200)]);
    // Silent for longer than the timeout: it ends at the last report.
    expect(run({ counterEvents: [event('open', 0)], presence: [presence(0, 190)], now })).toEqual([stretch('idle', 0, 190)]);
  });

  it('ends a lapsed session at the next opening at the latest, and reads presence by counter when the open has no session', () => {
    const stretches = run({
      counterEvents: [event('open', 0, { sessionId: null }), event('open', 120, { sessionId: 's2', officerBadge: 'B-2' }), event('close', 200, { sessionId: 's2', officerBadge: 'B-2' })],
      presence: [presence(0, 150, { sessionId: null })],
    });
    expect(stretches).toEqual([stretch('idle', 0, 120), stretch('idle', 120, 200, { officerBadge: 'B-2' })]);
  });

  it('counts service outside an open period and during a break as serving', () => {
    const stretches = run({
      counterEvents: [event('open', 60), event('break', 90), event('close', 120)],
      segments: [segment(30, 70), segment(100, 110, { officerBadge: 'B-5' }), segment(150, 160)],
    });
    expect(stretches).toEqual([
      stretch('serving', 30, 70),
      stretch('idle', 70, 90),
      stretch('break', 90, 100, { reason: 'prayer' }),
      stretch('serving', 100, 110, { officerBadge: 'B-5' }),
      stretch('break', 110, 120, { reason: 'prayer' }),
      stretch('closed', 120, 150),
      stretch('serving', 150, 160),
    ]);
  });

  it('merges overlapping segments, keeps the first officer, and leaves counters with nothing out', () => {
    const stretches = run({
      counters: [{ id: 1 }, { id: 2 }],
      counterEvents: [event('open', 0), event('close', 100)],
      segments: [segment(10, 40), segment(30, 50, { officerBadge: 'B-2' }), segment(50, 60, { officerBadge: 'B-3' })],
    });
    expect(stretches).toEqual([
      stretch('idle', 0, 10),
      stretch('serving', 10, 50),
      stretch('serving', 50, 60, { officerBadge: 'B-3' }),
      stretch('idle', 60, 100),
    ]);
  });

  it('ignores what has not happened by now', () => {
    const stretches = run({ counterEvents: [event('open', 0), event('close', 500)], segments: [segment(50, 70), segment(400, 450)], now: at(100) });
    expect(stretches).toEqual([stretch('idle', 0, 50), stretch('serving', 50, 70), stretch('idle', 70, 100)]);
  });

  it('never overlaps and tiles each counter’s time; serving is the union of its segments; the columns say the same', () => {
    const arbEvent = fc.record({
      counterId: fc.integer({ min: 1, max: 3 }),
      type: fc.constantFrom('open' as const, 'close' as const, 'break' as const, 'resume' as const),
      minute: fc.integer({ min: 0, max: 600 }),
      session: fc.constantFrom('a', 'b', null),
    });
    const arbSegment = fc
      .record({ counterId: fc.integer({ min: 1, max: 3 }), from: fc.integer({ min: 0, max: 600 }), length: fc.integer({ min: 0, max: 40 }), badge: fc.constantFrom('B-1', 'B-2', null) })
      .map((s) => segment(s.from, s.from + s.length, { counterId: s.counterId, officerBadge: s.badge }));
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 25 }), fc.array(arbSegment, { maxLength: 30 }), fc.integer({ min: 100, max: 700 }), (events, segments, nowMinute) => {
        const now = at(nowMinute);
        const input: CounterStretchInput = {
          counters: [{ id: 1 }, { id: 2 }, { id: 3 }],
          counterEvents: events.map((e) => event(e.type, e.minute, { counterId: e.counterId, sessionId: e.session })),
          presence: [presence(0, 300), presence(0, 500, { sessionId: 'b', counterId: 2 })],
          tickets: segments.map((s) => ({ segments: [s] })),
          now,
        };
        const stretches = counterStretches(input);
        for (const id of [1, 2, 3]) {
          const mine = stretches.filter((s) => s.counterId === id);
          for (const [i, s] of mine.entries()) {
            expect(s.to).toBeGreaterThan(s.from);
            expect(s.to).toBeLessThanOrEqual(now);
            if (i > 0) expect(s.from).toBe(mine[i - 1]!.to);
            if (i > 0) expect(s.state === mine[i - 1]!.state && s.officerBadge === mine[i - 1]!.officerBadge && s.reason === mine[i - 1]!.reason).toBe(false);
          }
          const columns = counterColumnsByCounter(input).get(id);
          expect(
            Array.from({ length: columns?.length ?? 0 }, (_, i) => ({
              counterId: id,
              state: STATE_CODES[columns!.state[i]!],
              officerBadge: columns!.badge[i]! < 0 ? null : columns!.badges[columns!.badge[i]!],
              from: columns!.from[i],
              to: columns!.to[i],
            })),
          ).toEqual(mine.map(({ reason: _, ...rest }) => rest));
          expect(counterStretchesByCounter(input).get(id) ?? []).toEqual(mine);
          const serving = mine.filter((s) => s.state === 'serving').reduce((sum, s) => sum + (s.to - s.from), 0);
          expect(serving).toBe(unionLength(segments.filter((s) => s.counterId === id && s.from < now).map((s) => [s.from, Math.min(s.to, now)])));
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });
});

/** Length of a union of intervals, the slow obvious way (minute grid). */
function unionLength(intervals: [number, number][]): number {
  const covered = new Set<number>();
  for (const [from, to] of intervals) for (let t = from; t < to; t += MINUTE) covered.add(t);
  return covered.size * MINUTE;
}
