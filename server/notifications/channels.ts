/**
 * Where messages go (issue 11): the local inbox (the default: the message is kept in the
 * store and shown in the console, so the demo needs no gateway), an HTTP SMS gateway and
 * e-mail over SMTP (nodemailer). With no channel configured for SMS or e-mail, those
 * messages go to the inbox.
 */
import { createTransport } from 'nodemailer';
import { DeliveryError, type Channel, type RenderedMessage } from './delivery.ts';
import { subject } from './templates.ts';

/**
 * The local inbox: the message stays in the store, delivered. In the demo the server also
 * prints a line for it (only the mobile's last four digits), which is how a person trying
 * the counter reads a security code.
 */
export function inboxChannel(print?: (line: string) => void): Channel {
  return {
    async send(message: RenderedMessage) {
      if (print) {
        const summary = message.template === 'securityCode' ? `security code ${String(message.params.code)}` : message.text;
        print(`[${message.channel}] to …${message.recipient.slice(-4)}: ${summary} (demo only: nothing leaves the server)`);
      }
      return { delivered: true };
    },
  };
}

export interface SmsGatewayOptions {
  readonly url: string;
  readonly apiKey: string;
  /** The sender name registered with the gateway: at most 11 characters. */
  readonly sender: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A registered SMS sender name: 1–11 letters, digits, spaces, dots or hyphens. */
export const SENDER_RE = /^[A-Za-z0-9 .-]{1,11}$/;

/**
 * An HTTP SMS gateway: POST {sender, to, text, correlationId} with the API key; our
 * message id is the correlation id, so the gateway answers a repeated one (409, or 2xx
 * saying so) as already accepted. 429, 5xx, timeouts and network errors are retried;
 * any other answer is a refusal.
 */
export function smsGatewayChannel(options: SmsGatewayOptions): Channel {
  if (!SENDER_RE.test(options.sender)) throw new Error(`SMS_SENDER must be 1–11 letters or digits, got "${options.sender}"`);
  const doFetch = options.fetch ?? fetch;
  return {
    async send(message: RenderedMessage) {
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
          body: JSON.stringify({ sender: options.sender, to: message.recipient, text: message.text, correlationId: message.messageId }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new DeliveryError(`the gateway did not answer: ${err instanceof Error ? err.message : String(err)}`, true);
      }
      const body = (await response.json().catch(() => ({}))) as { id?: unknown };
      const gatewayRef = typeof body.id === 'string' ? body.id.slice(0, 100) : undefined;
      if (response.ok || response.status === 409) return gatewayRef ? { gatewayRef } : {};
      const retryable = response.status === 429 || response.status >= 500;
      throw new DeliveryError(`the gateway answered ${response.status}`, retryable);
    },
  };
}

export interface SmtpOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer's connection URL). */
  readonly url: string;
  /** The From address, e.g. `"الجوازات" <no-reply@jawazat.example.sa>`. */
  readonly from: string;
  /** Connection, greeting and socket timeouts; keep it under the worker's lease (60 s). */
  readonly timeoutMs?: number;
}

/** Network-level failures nodemailer names by code: the server may answer on a later try. */
const RETRYABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an SMTP failure is worth another try: a reply code decides when there is one
 * (4xx, e.g. 421 "try later" or 451 greylisting: yes; 5xx, e.g. 550 "no such mailbox":
 * no); otherwise network errors and timeouts are retried and anything else (a malformed
 * address, a message nodemailer cannot build) is a refusal.
 */
export function smtpRetryable(err: unknown): boolean {
  const { responseCode, code } = (err ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number' && responseCode >= 400) return responseCode < 500;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/** The domain of the From address, for the Message-ID (a Message-ID's right side names the sender's domain). */
function fromDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'jawazat.invalid';
}

/**
 * E-mail over SMTP: subject and text per template, in the recipient's language. Our
 * message id is the Message-ID (`<id@from-domain>`), so a message sent again after a
 * worker died mid-send is recognisable as the same message to the mail system and the
 * reader's client. Reply codes 4xx, timeouts and network errors are retried; 5xx is a
 * refusal (the message is dead, with the server's reply as the reason).
 */
export function smtpChannel(options: SmtpOptions): Channel {
  const timeout = options.timeoutMs ?? 20_000;
  const transport = createTransport({ url: options.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  const domain = fromDomain(options.from);
  return {
    async send(message: RenderedMessage) {
      const language = message.language === 'en' ? 'en' : 'ar';
      try {
        const info = (await transport.sendMail({
          from: options.from,
          to: message.recipient,
          subject: subject(message.template, message.language),
          text: message.text,
          textEncoding: 'base64', // shorter than quoted-printable for Arabic
          messageId: `<${message.messageId}@${domain}>`,
          headers: { 'Content-Language': language },
        })) as { response?: unknown };
        return typeof info.response === 'string' ? { gatewayRef: info.response.slice(0, 100) } : {};
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new DeliveryError(`the mail server refused or did not answer: ${reason}`.slice(0, 400), smtpRetryable(err));
      }
    },
  };
}
