/**
 * The simulator's waiting line decides as the queue engine's one pass over the residents
 * it holds: random days of joining, leaving, being called, transferred (to a group, now
 * and then to one counter) and rejoining, with counters of any skills asking at any time.
 * Seeded, so a failure replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counter } from '../../shared/domain/office.ts';
import { DEFAULT_QUEUE_SETTINGS, nextTicket } from '../../shared/domain/queue.ts';
import { SERVICE_GROUPS } from '../../shared/domain/services.ts';
import { sampleTicket } from '../../shared/domain/testing.ts';
import { PRIORITY_REASONS, type Ticket } from '../../shared/domain/ticket.ts';
import type { SimTicket } from './day.ts';
import { WaitingTickets } from './waiting.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 2, 6, 0);
const SEED = Number(process.env.QUEUE_SEED ?? 20260302);
const SETTINGS = { ...DEFAULT_QUEUE_SETTINGS, starvationMinutes: 20 };

const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), group: fc.constantFrom(...SERVICE_GROUPS), priority: fc.option(fc.constantFrom(...PRIORITY_REASONS), { freq: 4 }), booked: fc.option(fc.integer({ min: -10, max: 60 }), { freq: 6 }) }),
  fc.record({ kind: fc.constant('leave' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), which: fc.nat(), group: fc.constantFrom(...SERVICE_GROUPS), target: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 2 }) }),
  fc.record({ kind: fc.constant('call' as const), counter: fc.integer({ min: 1, max: 3 }), skills: fc.option(fc.array(fc.constantFrom(...SERVICE_GROUPS), { minLength: 1, maxLength: 3 })), minutes: fc.integer({ min: 0, max: 40 }) }),
);

describe('WaitingTickets', () => {
  it('calls whom nextTicket calls over the same residents', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 120 }), (steps) => {
        const line = new WaitingTickets();
        const all: SimTicket[] = [];
        let version = 0;
        for (const s of steps) {
          if (s.kind === 'join') {
            version += 1;
            const ticket = sampleTicket({
              ticketId: `t${version}`, serviceGroup: s.group, priority: s.priority, issuedVersion: version, version,
              appointmentAt: s.booked === null ? null : T0 + s.booked * MINUTE, issuedAt: T0 + version * 1000,
            });
            const st = { id: ticket.ticketId, ticket } as unknown as SimTicket;
            all.push(st);
            line.add(st);
          } else if (s.kind === 'leave' && all.length) {
            const st = all[s.which % all.length] as SimTicket;
            line.delete(st);
          } else if (s.kind === 'transfer' && all.length) {
            // Called, then sent back to the line in another group: out of it in between, as the model does.
            const st = all[s.which % all.length] as SimTicket;
            if (!line.has(st) || !st.ticket) continue;
            line.delete(st);
            version += 1;
            st.ticket = { ...st.ticket, serviceGroup: s.group, targetCounterId: s.target, version };
            line.add(st);
          } else if (s.kind === 'call') {
            const counter: Counter = { id: s.counter, sectionId: 'men', ...(s.skills ? { skills: s.skills } : {}) };
            const now = T0 + s.minutes * MINUTE;
            const kept = line.next(counter, SERVICE_GROUPS, SETTINGS, now);
            const pass = nextTicket([...line].map((x) => x.ticket as Ticket), counter, SERVICE_GROUPS, SETTINGS, now);
            expect(kept?.id ?? null).toBe(pass?.ticket.ticketId ?? null);
            if (kept?.ticket) {
              kept.ticket = { ...kept.ticket, status: 'called', counterId: counter.id };
              line.update(kept); // the model applies the call while it is still in the line, then takes it out
              line.delete(kept);
            }
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
