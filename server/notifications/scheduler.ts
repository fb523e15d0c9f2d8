/**
 * The daily Ishaar scan (issue 11): for every subscribed number, what the day brings to
 * its establishment's notice — a passport expiring within `passportDays` (default 30), an
 * iqama expiring within 90, 60 or 30 days, and violations (an iqama expired and not
 * renewed; an exit and re-entry visa run out while its holder is still abroad).
 *
 * One set-based statement: subscriptions joined to the registry and to the contacts, the
 * hits written straight into the outbox (INSERT … SELECT), so a million residents cost one
 * pass over the subscriptions and their records, not a loop in JavaScript. Each message is
 * named by its event (the number, what happened, the date it is about, and for an iqama
 * the 90/60/30 threshold), so the scan run twice on a day, or on the next day, sends
 * nothing twice; an iqama renewed (a new expiry) is a new event.
 *
 * A re-entry visa's last day abroad is the day its holder left (the last applied exit in
 * `border_events` on or after the visa's issue, when there is one; otherwise the visa's
 * last day to leave, so the scan never warns early) plus the months it allows abroad.
 */
import type { IsoDate } from '../../shared/domain/dates.ts';
import type { Queryable, Store } from '../store/index.ts';
import { lastFour } from './templates.ts';

export interface ScanOptions {
  readonly today: IsoDate;
  readonly now: number;
  /** Days before a passport's expiry its holder's establishment hears of it (default 30). */
  readonly passportDays?: number;
}

export interface ScanResult {
  /** Messages queued, by template. */
  readonly queued: Readonly<Record<string, number>>;
  readonly total: number;
}

export const DEFAULT_PASSPORT_DAYS = 30;
/** The iqama thresholds, in days before expiry: one message as each is crossed. */
export const IQAMA_THRESHOLDS = [90, 60, 30] as const;

export const DAILY_SCAN_SQL = `
WITH subs AS (
  SELECT s.id_number, s.events, n.mobile, n.email, n.language, n.notices_office_id,
         r.record->>'kind' AS kind,
         (r.record->'passport'->>'expiry')::date AS passport_expiry,
         (r.record->>'iqamaExpiry')::date AS iqama_expiry,
         CASE WHEN (r.record->>'abroad')::boolean THEN r.record->'visas' END AS visas_abroad
    FROM establishment_subscriptions s
    JOIN establishment_notice_settings n ON n.establishment_id = s.establishment_id
    -- Each subscribed person by their key (OFFSET 0 keeps this a lookup per subscription): a tenth of the
    -- registry subscribed costs that many index reads, where a hash join would read and parse every record.
    CROSS JOIN LATERAL (SELECT record FROM residents WHERE residents.id_number = s.id_number OFFSET 0) r
   WHERE s.events && ARRAY['passportExpiring', 'iqamaExpiring', 'violation']::text[]
     AND r.record->'sponsor'->>'establishmentId' = s.establishment_id
),
hits AS (
  SELECT subs.*, 'passportExpiring' AS event, 'passportExpiring' AS template, passport_expiry AS day,
         'passport:' || passport_expiry AS ref
    FROM subs
   WHERE 'passportExpiring' = ANY(events) AND passport_expiry BETWEEN $1::date AND $1::date + $2::int
  UNION ALL
  SELECT subs.*, 'iqamaExpiring', 'iqamaExpiring', iqama_expiry,
         'iqama:' || iqama_expiry || ':' || CASE WHEN iqama_expiry - $1::date <= 30 THEN 30 WHEN iqama_expiry - $1::date <= 60 THEN 60 ELSE 90 END
    FROM subs
   WHERE 'iqamaExpiring' = ANY(events) AND kind = 'resident' AND iqama_expiry BETWEEN $1::date AND $1::date + 90
  UNION ALL
  SELECT subs.*, 'violation', 'iqamaExpired', iqama_expiry, 'iqamaExpired:' || iqama_expiry
    FROM subs
   WHERE 'violation' = ANY(events) AND kind = 'resident' AND iqama_expiry < $1::date
  UNION ALL
  SELECT subs.*, 'violation', 'reentryExpired', v.deadline, 'reentryExpired:' || v.visa_number
    FROM subs
    CROSS JOIN LATERAL (
      SELECT x->>'visaNumber' AS visa_number,
             (least(coalesce((SELECT max(b.at)::date FROM border_events b
                               WHERE b.id_number = subs.id_number AND b.kind = 'exit' AND b.applied
                                 AND b.at::date >= (x->>'issuedOn')::date), (x->>'validUntil')::date),
                    (x->>'validUntil')::date)
               + make_interval(months => coalesce((x->>'months')::int, 0)))::date AS deadline
        FROM jsonb_array_elements(subs.visas_abroad) x
       WHERE x->>'kind' IN ('exitReentrySingle', 'exitReentryMultiple') AND x->>'status' IN ('issued', 'used')
       ORDER BY x->>'issuedOn' DESC LIMIT 1
    ) v
   WHERE 'violation' = ANY(events) AND subs.visas_abroad IS NOT NULL AND v.deadline < $1::date
)
INSERT INTO outgoing_messages (message_id, office_id, channel, recipient, template, params, language, event_kind, event_ref, created_at, next_attempt_at)
SELECT gen_random_uuid(), h.notices_office_id, c.channel, c.recipient, h.template,
       jsonb_build_object('person', $4::text || right(h.id_number, 4), 'day', h.day::text), h.language, h.event, h.id_number || ':' || h.ref, $3, $3
  FROM hits h
  CROSS JOIN LATERAL (VALUES ('sms', h.mobile), ('email', h.email)) AS c(channel, recipient)
 WHERE c.recipient IS NOT NULL
ON CONFLICT (office_id, event_kind, event_ref, template, recipient) WHERE event_ref IS NOT NULL DO NOTHING
RETURNING template`;

/** Runs the day's scan in the caller's transaction (or as one statement on the store); returns what it queued. */
export async function runDailyScan(q: Queryable, options: ScanOptions): Promise<ScanResult> {
  const days = options.passportDays ?? DEFAULT_PASSPORT_DAYS;
  if (!Number.isInteger(days) || days < 0 || days > 365) throw new Error(`passportDays must be a whole number of days (0–365), got ${days}`);
  // The person as every message names them: lastFour's prefix, then the last four digits (right(…, 4)).
  const prefix = lastFour('');
  const rows = await q.query<{ template: string }>(DAILY_SCAN_SQL, [options.today, days, new Date(options.now), prefix]);
  const queued: Record<string, number> = {};
  for (const r of rows) queued[r.template] = (queued[r.template] ?? 0) + 1;
  return { queued, total: rows.length };
}

/** The calendar day (YYYY-MM-DD) at `now` in `timeZone`. */
export function dayIn(timeZone: string, now: number): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface SchedulerOptions {
  readonly clock?: () => number;
  /** Whose calendar decides "a day" (default Asia/Riyadh). */
  readonly timeZone?: string;
  readonly passportDays?: number;
  /** How often it looks whether a new day began (default hourly). */
  readonly checkEveryMs?: number;
  /** The first look, after start (default 10 s: after a restart the devices' pushes come first). */
  readonly firstAfterMs?: number;
  /** Told when messages were queued (the delivery worker's kick). */
  readonly onQueued?: () => void;
  readonly log?: (line: string) => void;
}

/**
 * Runs the scan once for each new day: shortly after start (for the day, if the server was
 * down at midnight), then whenever the day changes. Never blocks start-up; a failed run is
 * logged and tried again at the next look.
 */
export class DailyScheduler {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastDay: IsoDate | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  readonly #clock: () => number;
  readonly #timeZone: string;
  readonly #every: number;

  constructor(
    private readonly store: Store,
    private readonly options: SchedulerOptions = {},
  ) {
    this.#clock = options.clock ?? Date.now;
    this.#timeZone = options.timeZone ?? 'Asia/Riyadh';
    this.#every = options.checkEveryMs ?? 60 * 60_000;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(this.options.firstAfterMs ?? 10_000);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Runs the day's scan unless it already ran today in this process; returns the result, or null when skipped. */
  async tick(): Promise<ScanResult | null> {
    const now = this.#clock();
    const today = dayIn(this.#timeZone, now);
    if (today === this.#lastDay) return null;
    const started = performance.now();
    const result = await this.store.tx((q) => runDailyScan(q, { today, now, ...(this.options.passportDays === undefined ? {} : { passportDays: this.options.passportDays }) }));
    this.#lastDay = today;
    this.options.log?.(`[ishaar] daily scan for ${today}: ${result.total} message(s) queued in ${Math.round(performance.now() - started)} ms`);
    if (result.total > 0) this.options.onQueued?.();
    return result;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.tick()
        .then(() => undefined)
        .catch((err: unknown) => this.options.log?.(`[ishaar] daily scan failed (tried again in an hour): ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.#running = null;
          this.#schedule(this.#every);
        });
    }, delay);
    this.#timer.unref?.();
  }
}
