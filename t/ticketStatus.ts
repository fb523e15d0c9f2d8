/**
 * Reading a ticket's public status for the phone page, and remembering the last answer
 * on the phone so that with no signal (mall basements, car parks) it can still show
 * where things stood and since when.
 */
import { routes, send as sendRoute, type RequestOf, type ResponseOf, type Route } from '../shared/api/contract.ts';
import { ApiRequestError } from '../shared/api/request.ts';
import type { PublicTicketStatus } from '../shared/sync/protocol.ts';

/** A ticket's public code: 10 characters from the code alphabet. */
const CODE = /^[2-9A-HJ-NP-Z]{10}$/;

/** The code from `/t/<code>` (also `/t/<code>/`), or null when the link is broken. */
export function codeFromPath(pathname: string): string | null {
  const match = /^\/t\/([^/]+)\/?$/.exec(pathname);
  const code = match?.[1] ? decodeURIComponent(match[1]).toUpperCase() : '';
  return CODE.test(code) ? code : null;
}

export interface KnownStatus {
  readonly status: PublicTicketStatus;
  /** When this phone got it (the phone's clock; only shown, never compared). */
  readonly fetchedAt: number;
}

export type Lookup =
  | { readonly kind: 'ok'; readonly known: KnownStatus }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'error' };

export async function fetchTicketStatus(code: string, now: number = Date.now()): Promise<Lookup> {
  let body: PublicTicketStatus | null;
  try {
    body = await sendRoute(routes.publicTicket, { code }, { headers: { accept: 'application/json' } });
  } catch (e) {
    if (!(e instanceof ApiRequestError)) throw e;
    if (e.status === 0) return { kind: 'offline' };
    return e.status === 404 ? { kind: 'notFound' } : { kind: 'error' };
  }
  if (!body || 'error' in body) return { kind: 'error' };
  const known = { status: body, fetchedAt: now };
  rememberStatus(code, known);
  return { kind: 'ok', known };
}

const statusKey = (code: string): string => `jawazat.ticket.${code}`;

export function rememberedStatus(code: string): KnownStatus | null {
  try {
    const raw = localStorage.getItem(statusKey(code));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<KnownStatus>;
    return value.status && typeof value.fetchedAt === 'number' ? (value as KnownStatus) : null;
  } catch {
    return null;
  }
}

function rememberStatus(code: string, known: KnownStatus): void {
  try {
    localStorage.setItem(statusKey(code), JSON.stringify(known));
  } catch {
    // Storage full or private mode: the page still works, only without the offline copy.
  }
}

const LANGUAGE_KEY = 'jawazat.ticket.language';

/** The language this phone chose earlier on the page, if it is one of `supported`. */
export function storedLanguage(supported: readonly string[]): string | null {
  try {
    const lng = localStorage.getItem(LANGUAGE_KEY);
    return lng && supported.includes(lng) ? lng : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lng: string): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lng);
  } catch {
    // Not remembered; the page still switched.
  }
}

export type ActionResult = 'ok' | 'refused' | 'offline' | 'limited';

/**
 * The key the ticket's QR link carries after `#` (issue 12, point 10): leaving the queue
 * needs it, the printed code alone does not do. Kept on this phone for the ticket, and
 * taken out of the address bar so a shared screenshot or link does not carry it.
 */
export function ticketKeyOf(code: string): string | null {
  const storageKey = `ticketKey:${code}`;
  const fromLink = window.location.hash.replace(/^#/, '').toUpperCase();
  try {
    if (/^[2-9A-HJ-NP-Z]{16}$/.test(fromLink)) {
      localStorage.setItem(storageKey, fromLink);
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
    }
    return localStorage.getItem(storageKey);
  } catch {
    return /^[2-9A-HJ-NP-Z]{16}$/.test(fromLink) ? fromLink : null; // storage blocked (private mode): this visit only
  }
}

/** The resident's actions on a ticket, routes of the REST contract. */
const ticketActions = { leave: routes.leaveQueue, answer: routes.answerTurn, survey: routes.answerSurvey } as const;
type TicketAction = keyof typeof ticketActions;

/** POSTs a resident's action on their ticket (leave, survey); never cached, never retried by itself. */
export async function postTicketAction<A extends TicketAction>(code: string, action: A, body: RequestOf<(typeof ticketActions)[A]>): Promise<ActionResult> {
  return (await postTicketActionFor(code, action, body)).result;
}

/** The same, with the answer's body (the answer to "on your way?" says how far the ticket moved). */
export async function postTicketActionFor<A extends TicketAction>(
  code: string,
  action: A,
  body: RequestOf<(typeof ticketActions)[A]>,
): Promise<{ result: ActionResult; body: ResponseOf<(typeof ticketActions)[A]> | null }> {
  const route = ticketActions[action] as Route<{ code: string }, RequestOf<(typeof ticketActions)[A]>, ResponseOf<(typeof ticketActions)[A]>>;
  try {
    const answer = await sendRoute(route, { code }, { body, headers: { accept: 'application/json' } });
    return { result: 'ok', body: typeof answer === 'object' && answer !== null ? answer : null };
  } catch (error) {
    if (!(error instanceof ApiRequestError)) throw error;
    return { result: error.code === 'offline' ? 'offline' : error.status === 429 ? 'limited' : 'refused', body: null };
  }
}
