/**
 * The notification outbox's delivery (issue 11). Messages are written to
 * `outgoing_messages` in the same transaction as the change that causes them
 * (`enqueueMessage`); this worker claims the due ones, renders each in its language, and
 * hands it to its channel with the message id as the gateway's correlation id.
 *
 * - A claim is a lease (`sending` until `next_attempt_at`): a worker killed mid-send
 *   leaves the message to be claimed again when the lease runs out; the gateway answers a
 *   repeated id as already accepted, so a message is sent once, not lost and not doubled.
 * - Network errors, timeouts, 429 and 5xx are retried after a delay that doubles with each
 *   try, with jitter (so a gateway coming back is not hit by every message at once); any
 *   other refusal, or the last try, makes the message dead: listed in the console, which
 *   can send it again.
 * - A message past its `expires_at` (a code no longer valid, a turn already called) is
 *   dropped, never sent late.
 * - Reminders wait out the quiet hours and notices and reminders are limited per
 *   recipient (pacing.ts, by the template's kind): a held message goes back to the queue
 *   until it may go, without using a try.
 * Claims use FOR UPDATE SKIP LOCKED, so two server processes on one PostgreSQL never claim
 * the same message.
 */
import type { Queryable, Store } from '../store/index.ts';
import { toJsonb } from '../http/errors.ts';
import { newId } from '../security/secrets.ts';
import { DEFAULT_QUIET_HOURS, DEFAULT_RECIPIENT_LIMIT, holdUntil, type PacingRules, type QuietHours, type RecipientLimit } from './pacing.ts';
import { isTemplateId, render, TEMPLATE_KIND, type TemplateId, type TemplateKind } from './templates.ts';

export type MessageChannel = 'sms' | 'email';

/** A message as a channel sends it: already rendered. */
export interface RenderedMessage {
  readonly messageId: string;
  readonly channel: MessageChannel;
  readonly recipient: string;
  readonly template: TemplateId;
  readonly params: Readonly<Record<string, unknown>>;
  readonly language: string;
  readonly text: string;
}

export interface Channel {
  /** Resolves when the gateway took the message (delivered: the channel knows it arrived); throws DeliveryError otherwise. */
  send(message: RenderedMessage): Promise<{ readonly gatewayRef?: string; readonly delivered?: boolean }>;
}

/** A failed send; `retryable` for network errors, timeouts, 429 and 5xx. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface NewMessage {
  readonly officeId: string;
  readonly channel: MessageChannel;
  readonly recipient: string;
  readonly template: TemplateId;
  readonly params: Readonly<Record<string, unknown>>;
  readonly language?: string;
  /** What caused it, so every message can be traced to its event; one event, one message per recipient and template. */
  readonly eventKind: string;
  readonly eventRef: string;
  readonly now: number;
  /** After this the message is pointless and is dropped rather than sent late. */
  readonly expiresAt?: number;
}

/** Writes a message in the caller's transaction; returns its id, or null when this event already made it. */
export async function enqueueMessage(q: Queryable, m: NewMessage): Promise<string | null> {
  const id = newId();
  const rows = await q.query<{ message_id: string }>(
    `INSERT INTO outgoing_messages (message_id, office_id, channel, recipient, template, params, language, event_kind, event_ref,
       created_at, next_attempt_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $10, $11)
     ON CONFLICT (office_id, event_kind, event_ref, template, recipient) WHERE event_ref IS NOT NULL DO NOTHING
     RETURNING message_id`,
    [id, m.officeId, m.channel, m.recipient, m.template, toJsonb(m.params), m.language ?? 'ar', m.eventKind, m.eventRef, new Date(m.now),
      m.expiresAt === undefined ? null : new Date(m.expiresAt)],
  );
  return rows[0]?.message_id ?? null;
}

export interface DeliveryOptions {
  readonly clock?: () => number;
  readonly random?: () => number;
  /** Messages claimed at once. */
  readonly batch?: number;
  /** How long a claim holds before another worker may take the message again. */
  readonly leaseMs?: number;
  /** Tries before a message is dead. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How often the worker looks for due messages when nothing kicks it. */
  readonly pollMs?: number;
  /** Messages in flight at once (default 4). */
  readonly concurrency?: number;
  /** When reminders are held (default 22:00–07:00 Asia/Riyadh); null: never. */
  readonly quietHours?: QuietHours | null;
  /** At most so many notices and reminders to one recipient in a window (default 5 an hour); null: no limit. */
  readonly recipientLimit?: RecipientLimit | null;
  /** Each template's kind, which decides the above (default TEMPLATE_KIND in templates.ts). */
  readonly templateKinds?: Readonly<Record<TemplateId, TemplateKind>>;
  /** The address in front of a message's `path` (a ticket's status page): PUBLIC_URL, or the server's own. */
  readonly linkBase?: string;
  readonly log?: (line: string) => void;
}

interface ClaimedRow {
  message_id: string;
  channel: MessageChannel;
  recipient: string;
  template: string;
  params: Record<string, unknown>;
  language: string;
  attempts: number;
}

export class DeliveryWorker {
  readonly #clock: () => number;
  readonly #random: () => number;
  readonly #batch: number;
  readonly #leaseMs: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #pollMs: number;
  readonly #concurrency: number;
  readonly #pacing: PacingRules;
  readonly #log: (line: string) => void;
  readonly #linkBase: string;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<number> | null = null;
  #again = false;
  #stopped = true;

  constructor(
    private readonly store: Store,
    private readonly channels: Readonly<Record<MessageChannel, Channel>>,
    options: DeliveryOptions = {},
  ) {
    this.#clock = options.clock ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#batch = options.batch ?? 20;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#baseDelayMs = options.baseDelayMs ?? 10_000;
    this.#maxDelayMs = options.maxDelayMs ?? 30 * 60_000;
    this.#pollMs = options.pollMs ?? 5_000;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#pacing = {
      quietHours: options.quietHours === undefined ? DEFAULT_QUIET_HOURS : options.quietHours,
      recipientLimit: options.recipientLimit === undefined ? DEFAULT_RECIPIENT_LIMIT : options.recipientLimit,
      kinds: options.templateKinds ?? TEMPLATE_KIND,
    };
    this.#log = options.log ?? (() => {});
    this.#linkBase = (options.linkBase ?? 'http://localhost:8080').replace(/\/+$/, '');
  }

  /** Delivers what is due now and whenever kicked, and looks again every few seconds. */
  start(): void {
    this.#stopped = false;
    this.kick();
  }

  /** Something was queued: deliver now rather than at the next look. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = this.runOnce()
      .catch((err: unknown) => {
        this.#log(`[messages] delivery round failed: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      })
      .finally(() => {
        this.#running = null;
        if (this.#stopped) return;
        if (this.#again) {
          this.#again = false;
          this.kick();
        } else {
          this.#timer = setTimeout(() => this.kick(), this.#pollMs);
          this.#timer.unref?.();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** The delay before try `attempts + 1`: doubling from the base, capped, with full jitter over its upper half. */
  delayAfter(attempts: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  /** One round: drops what expired, claims what is due, sends it; returns how many were sent. */
  async runOnce(): Promise<number> {
    const now = this.#clock();
    await this.store.query(
      `UPDATE outgoing_messages SET status = 'dropped', failure = 'expired before it could be sent'
        WHERE status IN ('queued', 'sending') AND expires_at IS NOT NULL AND expires_at <= $1`,
      [new Date(now)],
    );
    // A ticket's notice its ticket no longer needs: "your turn is near" once it was called, its link once it ended.
    await this.store.query(
      `UPDATE outgoing_messages m SET status = 'dropped', failure = 'the ticket was called or ended before it could be sent'
         FROM tickets t
        WHERE m.status = 'queued' AND m.event_kind = 'ticket' AND t.office_id = m.office_id AND t.ticket_id::text = m.event_ref
          AND (t.status IN ('done', 'noShow', 'cancelled') OR (m.template = 'turnNear' AND t.status <> 'waiting'))`,
    );
    const claimed = await this.store.tx((q) =>
      q.query<ClaimedRow>(
        `UPDATE outgoing_messages m SET status = 'sending', attempts = m.attempts + 1, next_attempt_at = $2
          WHERE m.message_id IN (
            SELECT message_id FROM outgoing_messages
             WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING m.message_id, m.channel, m.recipient, m.template, m.params, m.language, m.attempts`,
        [new Date(now), new Date(now + this.#leaseMs), this.#batch],
      ),
    );
    let sent = 0;
    // A few at a time: the gateway's answers overlap, it is not flooded, and a kill leaves only those in flight to their leases.
    const waiting = [...claimed];
    const lane = async (): Promise<void> => {
      for (let row = waiting.shift(); row; row = waiting.shift()) if (await this.#deliver(row)) sent += 1;
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, waiting.length) }, lane));
    if (claimed.length === this.#batch) this.#again = true;
    return sent;
  }

  async #deliver(row: ClaimedRow): Promise<boolean> {
    const finish = (sql: string, params: readonly (string | number | Date | null)[]) =>
      // Guarded by status: a message whose lease ran out and was claimed again is settled once.
      this.store.query(`${sql} WHERE message_id = $1 AND status = 'sending'`, [row.message_id, ...params]);
    if (!isTemplateId(row.template)) {
      await finish(`UPDATE outgoing_messages SET status = 'dead', failure = $2`, [`unknown template ${row.template}`]);
      return false;
    }
    const hold = await holdUntil(this.store, { messageId: row.message_id, recipient: row.recipient, template: row.template }, this.#clock(), this.#pacing);
    if (hold) {
      // Back in the queue until it may go; a hold is not a try.
      await finish(`UPDATE outgoing_messages SET status = 'queued', attempts = attempts - 1, next_attempt_at = $2, failure = $3`, [new Date(hold.until), hold.reason]);
      return false;
    }
    const params = typeof row.params.path === 'string' ? { ...row.params, link: `${this.#linkBase}${row.params.path}` } : row.params;
    const message: RenderedMessage = {
      messageId: row.message_id,
      channel: row.channel,
      recipient: row.recipient,
      template: row.template,
      params,
      language: row.language,
      text: render(row.template, params, row.language),
    };
    try {
      const channel = this.channels[row.channel];
      const result = await channel.send(message);
      const at = new Date(this.#clock());
      await finish(
        `UPDATE outgoing_messages SET status = $2, sent_at = $3, delivered_at = $4, gateway_ref = $5, failure = NULL`,
        [result.delivered ? 'delivered' : 'sent', at, result.delivered ? at : null, result.gatewayRef ?? null],
      );
      return true;
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const retryable = err instanceof DeliveryError ? err.retryable : true; // an unexpected error is treated as passing
      if (retryable && row.attempts < this.#maxAttempts) {
        await finish(`UPDATE outgoing_messages SET status = 'queued', next_attempt_at = $2, failure = $3`, [
          new Date(this.#clock() + this.delayAfter(row.attempts)),
          reason,
        ]);
      } else {
        await finish(`UPDATE outgoing_messages SET status = 'dead', failure = $2`, [retryable ? `gave up after ${row.attempts} tries: ${reason}` : reason]);
        this.#log(`[messages] ${row.message_id} is dead: ${reason}`);
      }
      return false;
    }
  }
}
