/**
 * When a message may go (issue 11): reminders wait out the night, and no one gets more than
 * a few notices an hour. The delivery worker asks `holdUntil` after it claims a message and
 * puts a held one back in the queue until the returned moment (a hold is not a try, and
 * nothing is dropped). What is held depends on the template's kind (templates.ts):
 *
 * | kind       | quiet hours | per-recipient limit |
 * |------------|-------------|---------------------|
 * | `code`     | sent        | exempt, not counted |
 * | `turn`     | sent        | exempt, not counted |
 * | `notice`   | sent        | counted and limited |
 * | `reminder` | held        | counted and limited |
 *
 * The limit counts, per recipient across offices (a person's phone is one phone whichever
 * office writes), the limited messages sent in the last window plus those being sent now
 * that were claimed before this one (by lease end, then age, then id: one order every
 * worker agrees on); so when two workers send to one person at once, the earlier claim
 * goes and the later one waits, and the limit holds without a lock.
 */
import { addDays } from '../../shared/domain/dates.ts';
import { officeClock, officeMoment } from '../../shared/domain/metrics/clock.ts';
import type { Queryable } from '../store/index.ts';
import { TEMPLATE_IDS, TEMPLATE_KIND, type TemplateId, type TemplateKind } from './templates.ts';

export interface QuietHours {
  /** Minutes after local midnight the quiet starts (22:00 = 1320) and ends (07:00 = 420); start > end spans midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
  readonly timeZone: string;
}

export interface RecipientLimit {
  /** At most this many limited messages to one recipient … */
  readonly count: number;
  /** … within this long. */
  readonly windowMs: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 22 * 60, endMinute: 7 * 60, timeZone: 'Asia/Riyadh' };
export const DEFAULT_RECIPIENT_LIMIT: RecipientLimit = { count: 5, windowMs: 3_600_000 };

/** The templates the per-recipient limit counts: notices and reminders. */
export function limitedTemplates(kinds: Readonly<Record<TemplateId, TemplateKind>> = TEMPLATE_KIND): TemplateId[] {
  return TEMPLATE_IDS.filter((t) => kinds[t] === 'notice' || kinds[t] === 'reminder');
}

/**
 * "22:00-07:00" or "22:00-07:00 Asia/Riyadh" (the zone defaults to Asia/Riyadh); "off" (or
 * an empty value with `fallback` null) for none. Throws on anything else, naming the value.
 */
export function parseQuietHours(value: string | undefined, fallback: QuietHours | null = DEFAULT_QUIET_HOURS): QuietHours | null {
  if (value === undefined || value.trim() === '') return fallback;
  if (/^(off|none|no|0)$/i.test(value.trim())) return null;
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})(?:\s+(\S+))?\s*$/.exec(value);
  const minute = (h?: string, mi?: string) => (Number(h) < 24 && Number(mi) < 60 ? Number(h) * 60 + Number(mi) : Number.NaN);
  const start = minute(m?.[1], m?.[2]);
  const end = minute(m?.[3], m?.[4]);
  const timeZone = m?.[5] ?? DEFAULT_QUIET_HOURS.timeZone;
  let zoneOk = true;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    zoneOk = false;
  }
  if (!m || Number.isNaN(start) || Number.isNaN(end) || start === end || !zoneOk) {
    throw new Error(`quiet hours must look like "22:00-07:00" or "22:00-07:00 Asia/Riyadh" (or "off"), got "${value}"`);
  }
  return { startMinute: start, endMinute: end, timeZone };
}

/** When the quiet hours around `now` end, or null when `now` is not in them. */
export function quietUntil(now: number, quiet: QuietHours): number | null {
  const { day, minuteOfDay } = officeClock(now, quiet.timeZone);
  const { startMinute: start, endMinute: end } = quiet;
  if (start < end) return minuteOfDay >= start && minuteOfDay < end ? officeMoment(day, end, quiet.timeZone) : null;
  if (minuteOfDay >= start) return officeMoment(addDays(day, 1), end, quiet.timeZone);
  if (minuteOfDay < end) return officeMoment(day, end, quiet.timeZone);
  return null;
}

export interface PacingRules {
  readonly quietHours: QuietHours | null;
  readonly recipientLimit: RecipientLimit | null;
  /** Each template's kind (TEMPLATE_KIND; a test may class a template otherwise). */
  readonly kinds: Readonly<Record<TemplateId, TemplateKind>>;
}

/** The claimed message as the rules see it. */
export interface Claimed {
  readonly messageId: string;
  readonly recipient: string;
  readonly template: TemplateId;
}

/**
 * Whether a claimed message must wait, and until when, with the reason written to its
 * `failure` column meanwhile (the console shows it); null when it may go now.
 */
export async function holdUntil(q: Queryable, m: Claimed, now: number, rules: PacingRules): Promise<{ until: number; reason: string } | null> {
  const kind = rules.kinds[m.template];
  if (kind === 'reminder' && rules.quietHours) {
    const until = quietUntil(now, rules.quietHours);
    if (until !== null) return { until, reason: 'held for the quiet hours' };
  }
  const limit = rules.recipientLimit;
  if (!limit || (kind !== 'notice' && kind !== 'reminder')) return null;
  const since = new Date(now - limit.windowMs);
  const [row] = await q.query<{ counted: number; oldest: Date | string | null }>(
    `SELECT count(*)::int AS counted, min(o.sent_at) AS oldest
       FROM outgoing_messages o, (SELECT next_attempt_at, created_at, message_id FROM outgoing_messages WHERE message_id = $1) me
      WHERE o.recipient = $2 AND o.template = ANY($3::text[]) AND o.message_id <> me.message_id
        AND ((o.status IN ('sent', 'delivered') AND o.sent_at > $4)
          OR (o.status = 'sending' AND (o.next_attempt_at, o.created_at, o.message_id) < (me.next_attempt_at, me.created_at, me.message_id)))`,
    [m.messageId, m.recipient, `{${limitedTemplates(rules.kinds).join(',')}}`, since], // template ids are plain words: a safe array literal
  );
  if (!row || row.counted < limit.count) return null;
  // Again when the oldest counted message leaves the window; one in flight counts as sent now
  // (if it then fails, this one waits longer than it had to: later, never lost).
  const until = (row.oldest === null ? now : new Date(row.oldest).getTime()) + limit.windowMs;
  return { until: Math.max(until, now + 1000), reason: `held: ${limit.count} messages to this recipient within ${Math.round(limit.windowMs / 60_000)} min` };
}
