/**
 * Ticket notices (issue 11): a resident who left a mobile at the kiosk gets the ticket's
 * status link at once, and "your turn is near" once, when their place or the estimate
 * reaches the office's setting (`turnNearPosition`, `turnNearMinutes`), whichever comes
 * first; never after the ticket was called (the worker drops one still queued then), and
 * never after its day. From the phone they may answer "on my way" or "I need 10 more
 * minutes" (public.ts), which moves the ticket back `moreTimePlaces` places, once.
 *
 * The mobile reaches the store sealed with the ticket's link key (the kiosk seals
 * "0512345678 KEY"), lives only in `ticket_notices`, and is erased with the key once the
 * ticket has ended or its day is over. No device ever holds it.
 */
import { serviceDayOf, type OfficeConfig } from '../../shared/domain/office.ts';
import { placesOfDay } from '../../shared/domain/placeInLine.ts';
import { queueSettingsOf, type QueueSettings } from '../../shared/domain/queue.ts';
import type { Ticket } from '../../shared/domain/ticket.ts';
import { TICKET_KEY_LENGTH } from '../../shared/domain/ticketKey.ts';
import type { Queryable, Store } from '../store/index.ts';
import { rowToTicket, TICKET_COLUMNS, type TicketRow } from '../sync/ticketRows.ts';
import { enqueueMessage } from './delivery.ts';

/** A Saudi mobile as the kiosk takes it: 05 and eight digits. */
export const KIOSK_MOBILE_RE = /^05[0-9]{8}$/;
const KEY_RE = new RegExp(`^[2-9A-HJ-NP-Z]{${TICKET_KEY_LENGTH}}$`);

/** What the kiosk sealed: "0512345678 KEY…"; null when it is anything else. */
export function parseContact(opened: string): { readonly mobile: string; readonly key: string } | null {
  const [mobile = '', key = '', ...rest] = opened.split(' ');
  return rest.length === 0 && KIOSK_MOBILE_RE.test(mobile) && KEY_RE.test(key) ? { mobile, key } : null;
}

/** The ticket's status page with its key, as the texts carry it (the worker puts the address in front). */
export function statusPath(publicCode: string, key: string): string {
  return `/t/${publicCode}#${key}`;
}

/** A notice's messages are the ticket's: one per template, dropped when the ticket no longer needs them. */
export const TICKET_EVENT_KIND = 'ticket';

/** The end of a ticket's service day, after which its messages are pointless. */
function endOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + 36 * 3_600_000; // past midnight in every zone an office can be in
}

export interface NoticeRequest {
  readonly officeId: string;
  readonly ticket: Pick<Ticket, 'ticketId' | 'serviceDay' | 'displayNumber' | 'publicCode'>;
  readonly mobile: string;
  readonly key: string;
  readonly language: string;
  readonly now: number;
}

/**
 * Records the mobile for the ticket and queues the status link, in the caller's transaction
 * (after the ticket's row exists). A second request for the ticket (the kiosk resent it)
 * changes nothing.
 */
export async function recordNotice(q: Queryable, r: NoticeRequest): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO ticket_notices (office_id, ticket_id, service_day, notified, mobile, link_key, language, created_at)
     VALUES ($1, $2, $3::date, true, $4, $5, $6, $7)
     ON CONFLICT (office_id, ticket_id) DO UPDATE SET notified = true, mobile = EXCLUDED.mobile, link_key = EXCLUDED.link_key,
       language = EXCLUDED.language
       WHERE NOT ticket_notices.notified
     RETURNING 1`,
    [r.officeId, r.ticket.ticketId, r.ticket.serviceDay, r.mobile, r.key, r.language, new Date(r.now)],
  );
  if (rows.length === 0) return false;
  await enqueueMessage(q, {
    officeId: r.officeId,
    channel: 'sms',
    recipient: r.mobile,
    template: 'ticketLink',
    params: { number: r.ticket.displayNumber, path: statusPath(r.ticket.publicCode, r.key) },
    language: r.language,
    eventKind: TICKET_EVENT_KIND,
    eventRef: r.ticket.ticketId,
    now: r.now,
    expiresAt: endOfDay(r.ticket.serviceDay),
  });
  return true;
}

/** Where a waiting ticket stands now, as the phone page and the notices see it. */
export interface QueuePlace {
  /** Waiting tickets the counters able to serve it will call before it (shared/domain/placeInLine.ts). */
  readonly ahead: number;
  readonly estimate: { readonly minMinutes: number; readonly maxMinutes: number };
}

/** The section's tickets of the day that placing a ticket needs (waiting, and those that show the pace). */
export async function sectionDay(q: Queryable, officeId: string, day: string, sectionId: string): Promise<Ticket[]> {
  const rows = await q.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets
      WHERE office_id = $1 AND service_day = $2::date AND section_id = $3 AND status IN ('waiting', 'called', 'serving', 'done')`,
    [officeId, day, sectionId],
  );
  return rows.map(rowToTicket);
}

/**
 * The counters open on a day: those whose latest event of the day is not a close. One on a
 * break counts as open (it comes back to the same line); one that never opened does not.
 */
export async function openCounters(q: Queryable, officeId: string, day: string): Promise<Set<number>> {
  const rows = await q.query<{ counter_id: number; type: string }>(
    `SELECT DISTINCT ON (counter_id) counter_id, type FROM counter_events
      WHERE office_id = $1 AND service_day = $2::date ORDER BY counter_id, version DESC`,
    [officeId, day],
  );
  return new Set(rows.filter((r) => r.type !== 'close').map((r) => Number(r.counter_id)));
}

/**
 * The places of the `wanted` waiting tickets of one section, from its day's tickets and the
 * counters open (one simulation for all of them). With no counter open (before opening,
 * after closing), every ticket is placed among the section's configured counters.
 */
export function placesIn(
  tickets: readonly Ticket[],
  sectionId: string,
  config: OfficeConfig,
  now: number,
  wanted: ReadonlySet<string>,
  open: ReadonlySet<number>,
): Map<string, QueuePlace> {
  const places = placesOfDay(
    { tickets, sectionId, counters: config.counters, open, offered: config.serviceGroups, settings: queueSettingsOf(config.settings), now },
    tickets.filter((t) => wanted.has(t.ticketId) && t.status === 'waiting'),
  );
  const out = new Map<string, QueuePlace>();
  for (const [id, p] of places) out.set(id, { ahead: p.ahead, estimate: { minMinutes: p.estimate.minMinutes, maxMinutes: p.estimate.maxMinutes } });
  return out;
}

/** Is a waiting ticket's turn near, by the office's setting: this few ahead, or this short a wait, whichever comes first. */
export function isNear(
  ahead: number,
  estimate: QueuePlace['estimate'] | null,
  settings: Pick<QueueSettings, 'turnNearPosition' | 'turnNearMinutes'>,
): boolean {
  return ahead <= settings.turnNearPosition || (estimate !== null && estimate.maxMinutes <= settings.turnNearMinutes);
}

export interface TurnNoticeOptions {
  readonly clock?: () => number;
  /** How often every office with open notices is looked at, as estimates move with time alone. */
  readonly pollMs?: number;
  /** How long a burst of changes in one office is gathered before its notices are looked at. */
  readonly settleMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Sends "your turn is near" when it is due. Told of every change to an office's queue
 * (`changed`), it looks at that office shortly after; it also looks at every office with
 * open notices every minute. Each notice is sent at most once: `near_at` is set in the
 * same transaction that queues the message.
 */
export class TurnNotices {
  readonly #clock: () => number;
  readonly #pollMs: number;
  readonly #settleMs: number;
  readonly #log: (line: string) => void;
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  #poll: ReturnType<typeof setInterval> | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly messages: { kick(): void },
    options: TurnNoticeOptions = {},
  ) {
    this.#clock = options.clock ?? Date.now;
    this.#pollMs = options.pollMs ?? 60_000;
    this.#settleMs = options.settleMs ?? 500;
    this.#log = options.log ?? (() => {});
  }

  start(): void {
    this.#poll ??= setInterval(() => void this.#serial(() => this.checkAll()), this.#pollMs);
    this.#poll.unref?.();
  }

  async stop(): Promise<void> {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    await this.#running;
  }

  /** An office's queue changed: look at its notices once the burst settles. */
  changed(officeId: string): void {
    if (this.#pending.has(officeId)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(officeId);
      void this.#serial(() => this.checkOffice(officeId));
    }, this.#settleMs);
    timer.unref?.();
    this.#pending.set(officeId, timer);
  }

  /** One look at a time, so two never race to the same notice (and a failure is logged, not thrown). */
  #serial(job: () => Promise<unknown>): Promise<unknown> {
    this.#running = this.#running.then(job).catch((err: unknown) => {
      this.#log(`[notices] look at the queue failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.#running;
  }

  /** Every office with an open notice today; returns the notices sent. */
  async checkAll(): Promise<number> {
    const offices = await this.store.query<{ office_id: string }>(
      `SELECT DISTINCT office_id FROM ticket_notices WHERE near_at IS NULL AND mobile IS NOT NULL AND service_day >= $1::date`,
      [new Date(this.#clock() - 36 * 3_600_000).toISOString().slice(0, 10)],
    );
    let sent = 0;
    for (const o of offices) sent += await this.checkOffice(o.office_id);
    return sent;
  }

  /** Erases what ended tickets no longer need, then queues the notices now due in one office; returns how many. */
  async checkOffice(officeId: string): Promise<number> {
    const now = this.#clock();
    const [office] = await this.store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [officeId]);
    if (!office) return 0;
    const config = office.config;
    const day = serviceDayOf(now, config.settings.timeZone);
    // The mobile and the key expire with the ticket.
    await this.store.query(
      `UPDATE ticket_notices n SET mobile = NULL, link_key = NULL
        WHERE n.office_id = $1 AND n.mobile IS NOT NULL
          AND (n.service_day < $2::date OR EXISTS (SELECT 1 FROM tickets t WHERE t.office_id = n.office_id AND t.ticket_id = n.ticket_id
                                                    AND t.status IN ('done', 'noShow', 'cancelled')))`,
      [officeId, day],
    );
    const open = await this.store.query<{ ticket_id: string; section_id: string }>(
      `SELECT n.ticket_id, t.section_id FROM ticket_notices n JOIN tickets t ON t.office_id = n.office_id AND t.ticket_id = n.ticket_id
        WHERE n.office_id = $1 AND n.service_day = $2::date AND n.near_at IS NULL AND n.mobile IS NOT NULL AND t.status = 'waiting'`,
      [officeId, day],
    );
    if (open.length === 0) return 0;
    const settings = queueSettingsOf(config.settings);
    const due: { ticketId: string; ahead: number }[] = [];
    const counters = await openCounters(this.store, officeId, day);
    for (const sectionId of new Set(open.map((o) => o.section_id))) {
      const wanted = new Set(open.filter((o) => o.section_id === sectionId).map((o) => o.ticket_id));
      const places = placesIn(await sectionDay(this.store, officeId, day, sectionId), sectionId, config, now, wanted, counters);
      for (const o of open) {
        const place = o.section_id === sectionId ? places.get(o.ticket_id) : undefined;
        if (place && isNear(place.ahead, place.estimate, settings)) {
          due.push({ ticketId: o.ticket_id, ahead: place.ahead });
        }
      }
    }
    let sent = 0;
    for (const d of due) {
      const queued = await this.store.tx(async (q) => {
        const claimed = await q.query<{ mobile: string; link_key: string; language: string; display_number: string; public_code: string }>(
          `UPDATE ticket_notices n SET near_at = $3 FROM tickets t
            WHERE n.office_id = $1 AND n.ticket_id = $2 AND n.near_at IS NULL AND n.mobile IS NOT NULL
              AND t.office_id = n.office_id AND t.ticket_id = n.ticket_id AND t.status = 'waiting'
            RETURNING n.mobile, n.link_key, n.language, t.display_number, t.public_code`,
          [officeId, d.ticketId, new Date(now)],
        );
        const c = claimed[0];
        if (!c) return false;
        await enqueueMessage(q, {
          officeId,
          channel: 'sms',
          recipient: c.mobile,
          template: 'turnNear',
          params: { number: c.display_number, path: statusPath(c.public_code, c.link_key), ahead: d.ahead },
          language: c.language,
          eventKind: TICKET_EVENT_KIND,
          eventRef: d.ticketId,
          now,
          expiresAt: endOfDay(day),
        });
        return true;
      });
      if (queued) sent += 1;
    }
    if (sent > 0) this.messages.kick();
    return sent;
  }
}
