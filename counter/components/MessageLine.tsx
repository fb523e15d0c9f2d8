/**
 * One message from the counter machine in the officer's language: translated by its code,
 * falling back to the plain English the server or the rules gave.
 */
import type { CounterMessage } from '../../shared/machines/counterTypes.ts';
import { useT, type Translate } from '../../shared/ui/I18nProvider.tsx';

/** Codes that are news rather than trouble. */
const CALM: readonly string[] = ['nobody_waiting', 'session_expired', 'session_ended'];

export function messageText(t: Translate, message: CounterMessage): string {
  return t(`messages.${message.code}`, { ...message.params, text: message.text, defaultValue: message.text });
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
  const calm = CALM.includes(message.code);
  return (
    <div class={`counter-message${calm ? ' counter-message--calm' : ''}`} role={calm ? 'status' : 'alert'} data-code={message.code}>
      <p class="counter-message__text">
        <span data-testid="counter-message">{messageText(t, message)}</span>
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
