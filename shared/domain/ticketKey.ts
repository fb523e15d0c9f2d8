/**
 * The key that lets a resident take their own ticket out of the queue (issue 12, point 10).
 * The ticket's public code is printed as text and opens its status page; leaving the queue
 * also needs this key, which only the QR code's link carries (after `#`, so it never
 * reaches a server log either). A kiosk derives it from its own secret and the ticket, so
 * it can print it again without storing it; the store keeps only its SHA-256, and boards
 * and counters never see either.
 */
import { CODE_ALPHABET } from './ticket.ts';

export const TICKET_KEY_LENGTH = 16;

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The ticket's key, from the issuing kiosk's secret (its device token) and the ticket id. */
export async function ticketKey(kioskSecret: string, ticketId: string): Promise<string> {
  const bytes = await sha256(`${kioskSecret}|${ticketId}|leave`);
  return [...bytes.slice(0, TICKET_KEY_LENGTH)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length] ?? '2').join('');
}

/** What the store keeps of a key. */
export async function ticketKeyHash(key: string): Promise<string> {
  return hex(await sha256(key));
}
