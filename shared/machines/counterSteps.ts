/**
 * Which work buttons the counter's screen may enable, asked of the machine's snapshot in
 * one place, so the screen never decides by itself what the machine would accept.
 */
import type { CounterSnapshot } from './counterMachine.ts';

/** Which work buttons the screen may enable, in one place (the machine's own answer). */
export function availableSteps(
  snapshot: CounterSnapshot,
): Record<'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'park' | 'transfer' | 'callTicket' | 'resume' | 'signOut' | 'break' | 'endBreak', boolean> {
  // Events whose payload the officer has not given yet are answered by state tags, not by can() with made-up values.
  const awake = snapshot.matches({ signedIn: { watch: 'awake' } });
  const ready = snapshot.hasTag('ready');
  return {
    callNext: snapshot.can({ type: 'ticket.callNext' }),
    recall: snapshot.can({ type: 'ticket.recall' }),
    start: snapshot.can({ type: 'ticket.start' }),
    complete: snapshot.can({ type: 'ticket.complete' }),
    noShow: snapshot.can({ type: 'ticket.noShow' }),
    park: snapshot.can({ type: 'ticket.park' }),
    transfer: awake && snapshot.hasTag('withTicket'),
    callTicket: ready,
    resume: ready,
    signOut: snapshot.can({ type: 'session.signOut' }),
    break: ready,
    endBreak: snapshot.can({ type: 'break.end' }),
  };
}
