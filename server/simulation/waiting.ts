/**
 * The tickets waiting in one section of the simulated day, as the counters see them: the
 * residents (in the order they joined the line) and the same line kept in calling order
 * (shared/domain/waitingLine.ts), so a counter's "call next" reads the first ticket of a
 * few ordered sets instead of passing over everyone waiting each time. A busy simulated
 * day calls thousands of times over lines of hundreds; the decision stays `nextTicket`'s
 * over the same tickets in the same order (waiting.test.ts, waitingLine.test.ts).
 */
import type { Counter } from '../../shared/domain/office.ts';
import type { QueueSettings } from '../../shared/domain/queue.ts';
import type { ServiceGroup } from '../../shared/domain/services.ts';
import { WaitingLine } from '../../shared/domain/waitingLine.ts';
import type { SimTicket } from './day.ts';

export class WaitingTickets implements Iterable<SimTicket> {
  readonly #residents = new Set<SimTicket>();
  readonly #byId = new Map<string, SimTicket>();
  readonly #line = new WaitingLine();

  get size(): number {
    return this.#residents.size;
  }

  has(st: SimTicket): boolean {
    return this.#residents.has(st);
  }

  /** Joins the line (again, after a transfer) with the ticket as it is now. */
  add(st: SimTicket): void {
    if (this.#residents.has(st)) return this.update(st);
    this.#residents.add(st);
    this.#byId.set(st.id, st);
    if (st.ticket) this.#line.put(st.ticket);
  }

  delete(st: SimTicket): boolean {
    this.#line.delete(st.id);
    this.#byId.delete(st.id);
    return this.#residents.delete(st);
  }

  /** Its ticket changed (the model applied a rule to it): the line takes it as it is now, out of it when no longer waiting. */
  update(st: SimTicket): void {
    if (!this.#residents.has(st)) return;
    if (st.ticket) this.#line.put(st.ticket);
    else this.#line.delete(st.id);
  }

  /** Whom `counter` calls next at `now`: `nextTicket` over the waiting residents' tickets. */
  next(counter: Counter, offered: readonly ServiceGroup[], settings: QueueSettings, now: number): SimTicket | null {
    const pick = this.#line.next(counter, offered, settings, now);
    return pick ? (this.#byId.get(pick.ticket.ticketId) ?? null) : null;
  }

  [Symbol.iterator](): IterableIterator<SimTicket> {
    return this.#residents.values();
  }
}
