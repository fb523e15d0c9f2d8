/**
 * The waiting line kept in calling order as tickets come and go, so deciding a counter's
 * next ticket does not look at everyone waiting. `nextTicket` (queue.ts) passes over every
 * ticket on each call: with 5,000 waiting, reading one field of each already takes about
 * 25 µs (the tickets do not fit the cache), the whole decision 75–130 µs, a fifth to a
 * quarter of sorting them all. This looks at the first ticket of a few ordered sets:
 * 3–4 µs, whatever the length of the line, for about 0.5–1.5 µs per arriving ticket.
 *
 * The line is split by section, service group and the counter a ticket was sent to (none,
 * or one), and in each part by rule: appointments (by slot), priority tickets and ordinary
 * ones (both in queue order; the ordinary ones also find their first overdue ticket at
 * once). A counter's decision reads only the parts it may serve. The decision is
 * `nextTicket`'s, ticket for ticket, ties included (the one that came into the line first,
 * as `nextTicket` keeps the first it meets); waitingLine.test.ts checks it over random lines.
 */
import type { Counter } from './office.ts';
import { OrderedSet } from './orderedSet.ts';
import { compareQueueOrder, skillsOf, type NextTicket, type QueueSettings } from './queue.ts';
import type { ServiceGroup } from './services.ts';
import type { Ticket } from './ticket.ts';

const MINUTE = 60_000;

interface Entry {
  readonly ticket: Ticket;
  /** When it came into the line: the tie-break `nextTicket` has (the first ticket it meets). */
  readonly seq: number;
  readonly part: OrderedSet<Entry>;
}

/** One section's tickets of one group sent to one counter (or to none), by rule. */
interface Part {
  readonly appointments: OrderedSet<Entry>;
  readonly priority: OrderedSet<Entry>;
  readonly ordinary: OrderedSet<Entry>;
}

const byQueue = (a: Entry, b: Entry): number => compareQueueOrder(a.ticket, b.ticket) || a.seq - b.seq;
const bySlot = (a: Entry, b: Entry): number => (a.ticket.appointmentAt ?? 0) - (b.ticket.appointmentAt ?? 0) || byQueue(a, b);
const issuedAt = (e: Entry): number => e.ticket.issuedAt;

/** The better of two candidates by `order` (the first when there is only one). */
function least(a: Entry | undefined, b: Entry | undefined, order: (x: Entry, y: Entry) => number): Entry | undefined {
  if (!a) return b;
  if (!b) return a;
  return order(b, a) < 0 ? b : a;
}

export class WaitingLine {
  /** section → group → the counter it was sent to (null: any) → its part of the line. */
  readonly #parts = new Map<string, Map<ServiceGroup, Map<number | null, Part>>>();
  readonly #entries = new Map<string, Entry>();
  #seq = 0;

  /** A line of the waiting ones among `tickets`, in the order given (the order ties are broken in). */
  static of(tickets: Iterable<Ticket>): WaitingLine {
    const line = new WaitingLine();
    for (const t of tickets) line.put(t);
    return line;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Records a ticket as it is now: into the line when waiting, out of it otherwise. */
  put(ticket: Ticket): void {
    this.delete(ticket.ticketId);
    if (ticket.status !== 'waiting') return;
    const part = this.#partOf(ticket);
    const set = ticket.appointmentAt !== null ? part.appointments : ticket.priority !== null ? part.priority : part.ordinary;
    const entry: Entry = { ticket, seq: this.#seq++, part: set };
    set.add(entry);
    this.#entries.set(ticket.ticketId, entry);
  }

  delete(ticketId: string): boolean {
    const entry = this.#entries.get(ticketId);
    if (!entry) return false;
    entry.part.delete(entry);
    this.#entries.delete(ticketId);
    return true;
  }

  /** The waiting tickets in the order they came into the line. */
  tickets(): Ticket[] {
    return [...this.#entries.values()].map((e) => e.ticket);
  }

  /** What `nextTicket(this.tickets(), counter, offered, settings, now)` decides. */
  next(counter: Counter, offered: readonly ServiceGroup[], settings: QueueSettings, now: number): NextTicket | null {
    const skills = skillsOf(counter, offered);
    const section = this.#parts.get(counter.sectionId);
    if (!section) return null;
    const parts: Part[][] = skills.map((g) => {
      const targets = section.get(g);
      const open = targets?.get(null);
      const mine = targets?.get(counter.id);
      return open && mine ? [open, mine] : open ? [open] : mine ? [mine] : [];
    });
    // 1 and 5: the earliest slot; it is due when any is.
    let slot: Entry | undefined;
    for (const ps of parts) for (const p of ps) slot = least(slot, p.appointments.first(), bySlot);
    const grace = settings.appointmentGraceMinutes * MINUTE;
    if (slot && (slot.ticket.appointmentAt ?? 0) - grace <= now) return { ticket: slot.ticket, reason: 'appointment' };
    // 2: ordinary tickets waited past the bound, first in queue order.
    const bound = settings.starvationMinutes * MINUTE;
    const overdue = (at: number): boolean => now - at >= bound;
    let pick: Entry | undefined;
    for (const ps of parts) for (const p of ps) pick = least(pick, p.ordinary.firstWith(overdue), byQueue);
    if (pick) return { ticket: pick.ticket, reason: 'overdue' };
    // 3: priority tickets in queue order.
    for (const ps of parts) for (const p of ps) pick = least(pick, p.priority.first(), byQueue);
    if (pick) return { ticket: pick.ticket, reason: 'priority' };
    // 4: the most preferred group with someone waiting (none of them overdue, or 2 took it).
    for (const ps of parts) {
      for (const p of ps) pick = least(pick, p.ordinary.first(), byQueue);
      if (pick) return { ticket: pick.ticket, reason: 'skill' };
    }
    return slot ? { ticket: slot.ticket, reason: 'early-appointment' } : null;
  }

  #partOf(t: Ticket): Part {
    let section = this.#parts.get(t.sectionId);
    if (!section) this.#parts.set(t.sectionId, (section = new Map()));
    let targets = section.get(t.serviceGroup);
    if (!targets) section.set(t.serviceGroup, (targets = new Map()));
    let part = targets.get(t.targetCounterId);
    if (!part) {
      part = { appointments: new OrderedSet(bySlot), priority: new OrderedSet(byQueue), ordinary: new OrderedSet(byQueue, issuedAt) };
      targets.set(t.targetCounterId, part);
    }
    return part;
  }
}
