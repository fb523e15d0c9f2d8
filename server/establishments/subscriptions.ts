/**
 * Establishment subscriptions (Ishaar, issue 11): which events an establishment hears of,
 * per resident iqama or visitor border number it sponsors, and where it hears them.
 * Contacts are per establishment (one mobile and/or one e-mail, one language): an
 * establishment that changes its mobile changes it once, for every number.
 *
 * The establishment API (routes/establishments.ts) calls these functions, and so will the
 * counter when a representative manages the same subscriptions after the one-time code:
 * each checks and normalises its own input (valibot), runs in the caller's transaction and
 * refuses with an HttpError (which rolls the whole request back), so a batch with one bad
 * number adds none and names it.
 */
import * as v from 'valibot';
import { NOTICE_EVENT_TYPES, type NoticeEventType } from '../../shared/domain/establishmentNotices.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { HttpError, toJsonb, validate } from '../http/errors.ts';
import type { Queryable } from '../store/index.ts';

/** The event types, one list for the store and the counter's screen. */
export const EVENT_TYPES = NOTICE_EVENT_TYPES;
export type EventType = NoticeEventType;

/** Numbers one request may add or change at once. */
export const MAX_BATCH = 500;

/** A Saudi mobile as people write it (05xxxxxxxx or +9665xxxxxxxx, spaces and dashes allowed) → 05xxxxxxxx, the form the registry and the SMS channel use. */
export function normaliseMobile(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '');
  const match = /^(?:\+966|00966|0)(5\d{8})$/.exec(compact);
  return match ? `0${match[1]}` : null;
}

export const mobileSchema = v.pipe(
  v.string(),
  v.maxLength(20, 'must be a Saudi mobile: 05xxxxxxxx or +9665xxxxxxxx'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const mobile = normaliseMobile(dataset.value);
    if (mobile === null) {
      addIssue({ message: 'must be a Saudi mobile: 05xxxxxxxx or +9665xxxxxxxx' });
      return NEVER;
    }
    return mobile;
  }),
);

export const emailSchema = v.pipe(v.string(), v.trim(), v.maxLength(254, 'must be an e-mail address'), v.email('must be an e-mail address'));

/** A resident's iqama (2…) or a visitor's border number (3…, 4…), with its check digit. */
export const subscribableNumberSchema = v.pipe(
  v.string(),
  v.maxLength(20, 'must be a 10-digit iqama or border number'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const checked = checkIdNumber(dataset.value);
    if (!checked.ok) {
      addIssue({ message: `must be a valid 10-digit iqama or border number (${checked.problem})` });
      return NEVER;
    }
    if (checked.kind === 'citizen') {
      addIssue({ message: 'a citizen’s ID cannot be subscribed: only a resident’s iqama (2…) or a visitor’s border number (3… or 4…)' });
      return NEVER;
    }
    return checked.number;
  }),
);

export const eventsSchema = v.pipe(
  v.array(v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`)),
  v.minLength(1, 'choose at least one event type'),
  v.transform((events) => EVENT_TYPES.filter((e) => events.includes(e))),
);

export const contactsSchema = v.strictObject({
  mobile: v.optional(v.nullable(mobileSchema)),
  email: v.optional(v.nullable(emailSchema)),
  language: v.optional(v.picklist(['ar', 'en'], 'must be "ar" or "en"')),
});
/** Contacts as a caller sends them (a mobile in either form); the functions below check and normalise them themselves. */
export type ContactsChange = v.InferInput<typeof contactsSchema>;

export const subscriptionsSchema = v.pipe(
  v.array(v.strictObject({ idNumber: subscribableNumberSchema, events: eventsSchema })),
  v.minLength(1, 'name at least one number'),
  v.maxLength(MAX_BATCH, `at most ${MAX_BATCH} numbers at once`),
);
export type SubscriptionInput = v.InferInput<typeof subscriptionsSchema>[number];

export interface Contacts {
  readonly mobile: string | null;
  readonly email: string | null;
  readonly language: 'ar' | 'en';
}

export interface Subscription {
  readonly idNumber: string;
  readonly events: readonly EventType[];
  readonly updatedAt: number;
}

/** Who is changing the subscriptions: the office their notices are filed under if none is yet, and the time. */
export interface SubscriptionContext {
  readonly establishmentId: string;
  readonly officeId: string;
  readonly now: number;
}

/** The establishment must exist in the registry (404 otherwise); locks its settings row so changes to one establishment queue up. */
async function lockEstablishment(q: Queryable, establishmentId: string): Promise<Contacts | null> {
  const rows = await q.query<{ found: boolean; mobile: string | null; email: string | null; language: 'ar' | 'en' | null }>(
    `SELECT true AS found, n.mobile, n.email, n.language FROM establishments e
       LEFT JOIN establishment_notice_settings n ON n.establishment_id = e.establishment_id
      WHERE e.establishment_id = $1 FOR UPDATE OF e`,
    [establishmentId],
  );
  const row = rows[0];
  if (!row) throw new HttpError(404, 'establishment_unknown', 'no establishment with this number is in the registry');
  return row.language === null ? null : { mobile: row.mobile, email: row.email, language: row.language };
}

/** The establishment's contacts, or null when it never set any. */
export async function getContacts(q: Queryable, establishmentId: string): Promise<Contacts | null> {
  const [row] = await q.query<Contacts>(
    'SELECT mobile, email, language FROM establishment_notice_settings WHERE establishment_id = $1',
    [establishmentId],
  );
  return row ?? null;
}

/**
 * Changes the contacts (a field left out keeps its value; null removes it). Refused when
 * neither a mobile nor an e-mail would remain while numbers are subscribed: their notices
 * would have nowhere to go.
 */
export async function setContacts(q: Queryable, ctx: SubscriptionContext, input: ContactsChange): Promise<Contacts> {
  const change = validate(contactsSchema, input);
  const before = await lockEstablishment(q, ctx.establishmentId);
  const next: Contacts = {
    mobile: change.mobile === undefined ? (before?.mobile ?? null) : change.mobile,
    email: change.email === undefined ? (before?.email ?? null) : change.email,
    language: change.language ?? before?.language ?? 'ar',
  };
  if (next.mobile === null && next.email === null) {
    const [subscribed] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM establishment_subscriptions WHERE establishment_id = $1', [
      ctx.establishmentId,
    ]);
    if (!before || (subscribed?.n ?? 0) > 0) {
      throw new HttpError(422, 'no_contact', 'give a mobile or an e-mail (or both): the notices need somewhere to go');
    }
  }
  await q.query(
    `INSERT INTO establishment_notice_settings (establishment_id, mobile, email, language, notices_office_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (establishment_id) DO UPDATE SET mobile = EXCLUDED.mobile, email = EXCLUDED.email, language = EXCLUDED.language,
       updated_at = EXCLUDED.updated_at`,
    [ctx.establishmentId, next.mobile, next.email, next.language, ctx.officeId, new Date(ctx.now)],
  );
  return next;
}

/** The establishment's subscriptions, by number. */
export async function listSubscriptions(q: Queryable, establishmentId: string): Promise<Subscription[]> {
  const rows = await q.query<{ id_number: string; events: EventType[]; updated_at: Date }>(
    'SELECT id_number, events, updated_at FROM establishment_subscriptions WHERE establishment_id = $1 ORDER BY id_number',
    [establishmentId],
  );
  return rows.map((r) => ({ idNumber: r.id_number, events: r.events, updatedAt: r.updated_at.getTime() }));
}

export async function getSubscription(q: Queryable, establishmentId: string, idNumber: string): Promise<Subscription | null> {
  const [row] = await q.query<{ events: EventType[]; updated_at: Date }>(
    'SELECT events, updated_at FROM establishment_subscriptions WHERE establishment_id = $1 AND id_number = $2',
    [establishmentId, idNumber],
  );
  return row ? { idNumber, events: row.events, updatedAt: row.updated_at.getTime() } : null;
}

/**
 * Subscribes numbers, or changes the event types of numbers already subscribed, all or
 * nothing. Every number must be in the registry and sponsored by this establishment; the
 * refusal names each number that is not (with why), and nothing is applied.
 */
export async function subscribe(q: Queryable, ctx: SubscriptionContext, input: readonly SubscriptionInput[]): Promise<{ added: number; changed: number }> {
  const entries = validate(subscriptionsSchema, input);
  const contacts = await lockEstablishment(q, ctx.establishmentId);
  if (!contacts || (contacts.mobile === null && contacts.email === null)) {
    throw new HttpError(422, 'no_contact', 'set a mobile or an e-mail for the notices first (PUT …/contacts)');
  }
  const seen = new Set<string>();
  const repeated = entries.filter((e) => seen.size === seen.add(e.idNumber).size).map((e) => e.idNumber);
  if (repeated.length) throw new HttpError(400, 'duplicate_number', `a number appears twice: ${repeated.join(', ')}`, { numbers: repeated });
  const numbers = entries.map((e) => e.idNumber);
  const sponsors = await q.query<{ id_number: string; sponsor: string | null }>(
    `SELECT id_number, record->'sponsor'->>'establishmentId' AS sponsor FROM residents
      WHERE id_number IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [toJsonb(numbers)],
  );
  const sponsorOf = new Map(sponsors.map((r) => [r.id_number, r.sponsor]));
  const unknown = numbers.filter((n) => !sponsorOf.has(n));
  const notSponsored = numbers.filter((n) => sponsorOf.has(n) && sponsorOf.get(n) !== ctx.establishmentId);
  if (unknown.length || notSponsored.length) {
    const parts = [
      ...(notSponsored.length ? [`not sponsored by this establishment: ${notSponsored.join(', ')}`] : []),
      ...(unknown.length ? [`not in the registry: ${unknown.join(', ')}`] : []),
    ];
    throw new HttpError(422, notSponsored.length ? 'not_sponsored' : 'person_unknown', `nothing was changed; ${parts.join('; ')}`, {
      notSponsored,
      unknown,
    });
  }
  const at = new Date(ctx.now);
  const rows = await q.query<{ inserted: boolean }>(
    `INSERT INTO establishment_subscriptions (establishment_id, id_number, events, created_at, updated_at)
     SELECT $1, x.n, string_to_array(x.e, ','), $3, $3 FROM jsonb_to_recordset($2::jsonb) AS x(n text, e text)
     ON CONFLICT (establishment_id, id_number) DO UPDATE SET events = EXCLUDED.events, updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted`,
    [ctx.establishmentId, toJsonb(entries.map((e) => ({ n: e.idNumber, e: e.events.join(',') }))), at],
  );
  const added = rows.filter((r) => r.inserted).length;
  return { added, changed: rows.length - added };
}

/** Unsubscribes a number; false when it was not subscribed. */
export async function unsubscribe(q: Queryable, ctx: SubscriptionContext, input: string): Promise<boolean> {
  const idNumber = validate(subscribableNumberSchema, input);
  await lockEstablishment(q, ctx.establishmentId);
  const rows = await q.query('DELETE FROM establishment_subscriptions WHERE establishment_id = $1 AND id_number = $2 RETURNING id_number', [
    ctx.establishmentId,
    idNumber,
  ]);
  return rows.length > 0;
}
