/**
 * An establishment's notices (Ishaar, issue 11) as the counter edits them: the event types,
 * the store's answer, and the change set a draft makes (a pure function, so the machine
 * stays a flow and the rule is tested on its own). The store checks everything again.
 */

/** The events an establishment may hear of, per number (the store's list, in this order). */
export const NOTICE_EVENT_TYPES = [
  'entry', 'exit', 'passportExpiring', 'passportRenewed', 'iqamaExpiring', 'visaIssued', 'visaStatusChanged', 'violation',
] as const;
export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];

export interface NoticeContacts {
  readonly mobile: string | null;
  readonly email: string | null;
  readonly language: 'ar' | 'en';
}

export interface NoticeSubscription {
  readonly idNumber: string;
  readonly events: readonly NoticeEventType[];
}

/** GET/PUT /api/counter/establishments/:id/notices: the establishment, its contacts (null: never set) and subscriptions. */
export interface EstablishmentNotices {
  readonly establishment: {
    readonly establishmentId: string;
    readonly name: { readonly ar: string; readonly en: string };
    readonly subscription: { readonly kind: 'comprehensive' } | { readonly kind: 'operations'; readonly remaining: number };
  };
  readonly contacts: NoticeContacts | null;
  readonly subscriptions: readonly NoticeSubscription[];
}

/** PUT /api/counter/establishments/:id/notices: the notices after the change, and how many numbers it added, changed and removed. */
export type NoticesSaved = EstablishmentNotices & { readonly added: number; readonly changed: number; readonly removed: number };

/** What the counter sends: numbers to drop, contacts to change, numbers to add or change. */
export interface NoticesChange {
  readonly unsubscribe?: readonly string[];
  readonly contacts?: { readonly mobile?: string | null; readonly email?: string | null; readonly language?: 'ar' | 'en' };
  readonly subscribe?: readonly NoticeSubscription[];
}

/** The officer's draft: the contacts as typed and the subscriptions as they should be. */
export interface NoticesDraft {
  readonly contacts: { readonly mobile: string; readonly email: string; readonly language: 'ar' | 'en' };
  readonly subscriptions: readonly NoticeSubscription[];
}

export function draftOf(notices: EstablishmentNotices): NoticesDraft {
  const c = notices.contacts;
  return {
    contacts: { mobile: c?.mobile ?? '', email: c?.email ?? '', language: c?.language ?? 'ar' },
    subscriptions: notices.subscriptions.map((s) => ({ idNumber: s.idNumber, events: [...s.events] })),
  };
}

const sameEvents = (a: readonly NoticeEventType[], b: readonly NoticeEventType[]): boolean =>
  a.length === b.length && a.every((e) => b.includes(e));

/** The change set from what the store has to the draft; null when nothing changed. Events keep the store's order. */
export function changeSet(saved: EstablishmentNotices, draft: NoticesDraft): NoticesChange | null {
  const draftNumbers = new Set(draft.subscriptions.map((s) => s.idNumber));
  const unsubscribe = saved.subscriptions.filter((s) => !draftNumbers.has(s.idNumber)).map((s) => s.idNumber);
  const subscribe = draft.subscriptions
    .filter((d) => {
      const before = saved.subscriptions.find((s) => s.idNumber === d.idNumber);
      return !before || !sameEvents(before.events, d.events);
    })
    .map((d) => ({ idNumber: d.idNumber, events: NOTICE_EVENT_TYPES.filter((e) => d.events.includes(e)) }));
  const was = draftOf(saved).contacts;
  const typed = { mobile: draft.contacts.mobile.trim(), email: draft.contacts.email.trim(), language: draft.contacts.language };
  const contacts = {
    ...(typed.mobile !== was.mobile ? { mobile: typed.mobile || null } : {}),
    ...(typed.email !== was.email ? { email: typed.email || null } : {}),
    ...(typed.language !== was.language || (saved.contacts === null && (typed.mobile || typed.email)) ? { language: typed.language } : {}),
  };
  const change: NoticesChange = {
    ...(unsubscribe.length ? { unsubscribe } : {}),
    ...(Object.keys(contacts).length ? { contacts } : {}),
    ...(subscribe.length ? { subscribe } : {}),
  };
  return Object.keys(change).length ? change : null;
}

/** Toggles one event of one number in the draft (a number keeps at least one event: the store refuses none). */
export function toggleEvent(draft: NoticesDraft, idNumber: string, event: NoticeEventType): NoticesDraft {
  return {
    ...draft,
    subscriptions: draft.subscriptions.map((s) => {
      if (s.idNumber !== idNumber) return s;
      const events = s.events.includes(event) ? s.events.filter((e) => e !== event) : NOTICE_EVENT_TYPES.filter((e) => e === event || s.events.includes(e));
      return events.length ? { ...s, events } : s;
    }),
  };
}

/** How long a one-time code verified for an establishment keeps it open at the counter (the store's rule). */
export const NOTICES_OPEN_MS = 30 * 60_000;

export const EXPIRY_BUCKETS = ['expired', 'within30', 'within60', 'within90', 'later'] as const;
export const VISA_STATES = ['issued', 'used', 'cancelled', 'expired', 'notReturned'] as const;

/** GET /api/counter/establishments/:id/report: the parts of the store's report the counter prints. */
export interface NoticesReport {
  readonly establishmentId: string;
  readonly name: { readonly ar: string; readonly en: string };
  readonly day: string;
  readonly quota: { readonly kind: 'comprehensive' | 'operations'; readonly remaining: number | null; readonly usedInMonth: number; readonly usedTotal: number };
  readonly counts: { readonly residents: number; readonly visitors: number };
  readonly expiry: {
    readonly iqama: Readonly<Record<(typeof EXPIRY_BUCKETS)[number], number>>;
    readonly passport: Readonly<Record<(typeof EXPIRY_BUCKETS)[number], number>>;
  };
  readonly visas: { readonly total: Readonly<Record<(typeof VISA_STATES)[number], number>> };
  readonly violations: readonly {
    readonly idNumber: string;
    readonly name: { readonly ar: string; readonly en: string };
    readonly kind: 'unpaidViolations' | 'iqamaExpired' | 'notReturned';
    readonly amount: number | null;
    readonly since: string | null;
  }[];
}
