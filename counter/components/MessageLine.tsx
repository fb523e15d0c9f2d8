/**
 * One message from the counter machine in the officer's language: translated by its code
 * (the counter's own messages, then the refusal reasons every app shares), falling back
 * to the plain English the server or the rules gave.
 */
import type { CounterMessage } from '../../shared/machines/counterTypes.ts';
import { useT, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { rejectionText } from '../../shared/ui/rejectionText.ts';

/** Codes that are news rather than trouble. */
const CALM: readonly string[] = ['nobody_waiting', 'session_expired', 'session_ended'];

/** `t` speaks the counter namespace, `common` the shared one (refusal reasons). */
export function messageText(t: Translate, common: Translate, message: CounterMessage): string {
  const shared = rejectionText(common, { code: message.code, message: message.text, params: message.params });
  return t(`messages.${message.code}`, { ...message.params, text: message.text, defaultValue: shared });
}

export interface MessageLineProps {
  readonly message: CounterMessage;
  /** Shows an OK button that hides the message. */
  readonly onDismiss?: () => void;
  /** A second line, e.g. "Call the next ticket." after a lost race. */
  readonly hint?: string;
}

export function MessageLine({ message, onDismiss, hint }: MessageLineProps) {
  const t = useT('counter');
  const common = useT('common');
  const calm = CALM.includes(message.code);
  return (
    <div class={`counter-message${calm ? ' counter-message--calm' : ''}`} role={calm ? 'status' : 'alert'} data-code={message.code}>
      <p class="counter-message__text">
        <span data-testid="counter-message">{messageText(t, common, message)}</span>
        {hint && <span class="counter-message__hint">{hint}</span>}
      </p>
      {onDismiss && (
        <button type="button" class="button button--small" onClick={onDismiss}>
          {t('messages.dismiss')}
        </button>
      )}
    </div>
  );
}
