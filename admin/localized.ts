/**
 * Small helpers the console's screens share: a name in the reader's language, ticket
 * statuses in the order of a ticket's life.
 */
import type { LocalizedText } from '../shared/domain/office.ts';
import type { TicketStatus } from '../shared/domain/ticket.ts';

/** Statuses in the order of a ticket's life, for charts and tables. */
export const TICKET_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'noShow', 'cancelled'];

/** A name in the reader's language, English as the fallback. */
export function localized(text: LocalizedText, language: string): string {
  return text[language] ?? text.en;
}
