/**
 * One event about a person → one message per recipient of each establishment that
 * subscribed to that event for the person's number (issue 11). Written in the caller's
 * transaction (the border event, the counter's transaction), so the messages exist
 * exactly when the event does; named by the event (event_kind, event_ref), so an event
 * replayed makes nothing twice. A subscription follows sponsorship: once a person is
 * transferred, the establishment that sponsored them hears nothing more of them.
 */
import type { EventType } from '../establishments/subscriptions.ts';
import type { Queryable } from '../store/index.ts';
import { enqueueMessage, type MessageChannel } from './delivery.ts';
import { lastFour, type TemplateId } from './templates.ts';

export interface PersonEvent {
  readonly idNumber: string;
  readonly event: EventType;
  readonly template: TemplateId;
  /** The template's parameters but the person, which is added as the last four digits. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Unique per event (a border event's id, a transaction's id). */
  readonly eventRef: string;
  readonly now: number;
  /** The office the messages are filed under (the counter's); default: each establishment's notices office. */
  readonly officeId?: string;
}

interface SubscriberRow {
  establishment_id: string;
  mobile: string | null;
  email: string | null;
  language: string;
  notices_office_id: string;
}

/** Queues the event's messages to its subscribers; returns how many were queued (0 for a repeat). */
export async function notifySubscribers(q: Queryable, e: PersonEvent): Promise<number> {
  const subscribers = await q.query<SubscriberRow>(
    `SELECT s.establishment_id, n.mobile, n.email, n.language, n.notices_office_id
       FROM establishment_subscriptions s
       JOIN establishment_notice_settings n ON n.establishment_id = s.establishment_id
       JOIN residents r ON r.id_number = s.id_number AND r.record->'sponsor'->>'establishmentId' = s.establishment_id
      WHERE s.id_number = $1 AND $2 = ANY(s.events)
      ORDER BY s.establishment_id`,
    [e.idNumber, e.event],
  );
  let queued = 0;
  for (const s of subscribers) {
    const to: [MessageChannel, string | null][] = [['sms', s.mobile], ['email', s.email]];
    for (const [channel, recipient] of to) {
      if (!recipient) continue;
      const id = await enqueueMessage(q, {
        officeId: e.officeId ?? s.notices_office_id,
        channel,
        recipient,
        template: e.template,
        language: s.language,
        params: { ...e.params, person: lastFour(e.idNumber) },
        eventKind: e.event,
        eventRef: e.eventRef,
        now: e.now,
      });
      if (id) queued += 1;
    }
  }
  return queued;
}
