/**
 * Where messages go (issue 11): the local inbox (the default: the message is kept in the
 * store and shown in the console, so the demo needs no gateway) and an HTTP SMS gateway.
 * E-mail over SMTP is not built yet: with no mail channel configured, an e-mail goes to
 * the inbox too.
 */
import { DeliveryError, type Channel, type RenderedMessage } from './delivery.ts';

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
