/**
 * Heartbeats of the day: every device that is up beats often enough to stay present (the
 * store starts a new presence period after PRESENCE_TIMEOUT_MS of silence), with its own
 * clock; nothing while it is offline; and the first beat after an outage reports the
 * changes it holds (outbox depth, oldest unsent), just before it sends them. Kiosks and
 * boards are up through each shift; a counter terminal while its officer is signed in.
 */
import type { IsoDate } from '../../shared/domain/dates.ts';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { minutesOfClock, type Shift } from '../../shared/domain/office.ts';
import { at } from './calendar.ts';
import type { Op, SimDevice } from './ops.ts';
import type { Rng } from './rng.ts';

/** Beat spacing: as sparse as presence allows (a live device beats more often; the store keeps the same periods). */
const EVERY_MS = PRESENCE_TIMEOUT_MS - 5_000;
const JITTER_MS = 4_000;

interface Up {
  readonly device: SimDevice;
  readonly from: number;
  readonly to: number;
  readonly sessionId: string | null;
}

export function heartbeats(rng: Rng, ops: readonly Op[], always: readonly SimDevice[], shifts: readonly Shift[], day: IsoDate, timeZone: string): Op[] {
  const ups: Up[] = [];
  for (const device of always) {
    for (const s of shifts) {
      ups.push({ device, from: at(day, minutesOfClock(s.from) - 5, timeZone), to: at(day, minutesOfClock(s.to) + 10, timeZone), sessionId: null });
    }
  }
  for (const op of ops) {
    // A terminal beats with its officer's session, from just after sign-in to just before sign-out.
    if (op.kind === 'signIn') ups.push({ device: op.session.device, from: op.at + 3_000, to: op.session.signOutAt - 5_000, sessionId: op.session.sessionId });
  }
  const held = heldChanges(ops);
  const beats: Op[] = [];
  for (const up of ups) {
    let t = up.from;
    while (t <= up.to) {
      const outage = up.device.outages.find(([from, to]) => t >= from && t < to);
      if (outage) {
        // Silent while offline; back with what it holds, before sending it.
        t = outage[1];
        if (t > up.to) break;
        const h = held.get(outage) ?? { depth: 0, oldest: null };
        beats.push(beat(up, t, h.depth, h.oldest));
      } else {
        beats.push(beat(up, t, 0, null));
      }
      t += EVERY_MS + rng.int(0, JITTER_MS);
    }
  }
  return beats;
}

function beat(up: Up, t: number, depth: number, oldest: number | null): Op {
  return { kind: 'beat', at: t, arriveAt: t, device: up.device, sessionId: up.sessionId, outboxDepth: depth, oldestUnsentAt: oldest };
}

/** Per outage (by identity), the changes its device made during it and the oldest one's device time. */
function heldChanges(ops: readonly Op[]): Map<readonly [number, number], { depth: number; oldest: number | null }> {
  const held = new Map<readonly [number, number], { depth: number; oldest: number | null }>();
  for (const op of ops) {
    if (op.kind !== 'mutation') continue;
    const outage = op.device.outages.find(([from, to]) => op.at >= from && op.at < to);
    if (!outage) continue;
    const h = held.get(outage) ?? { depth: 0, oldest: null };
    h.depth += 1;
    h.oldest = h.oldest === null ? op.deviceTime : Math.min(h.oldest, op.deviceTime);
    held.set(outage, h);
  }
  return held;
}
