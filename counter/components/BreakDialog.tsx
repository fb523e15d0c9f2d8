/**
 * Taking a break: the officer picks why (prayer, a meal, a short rest, a meeting, or
 * their own words). The reason goes with the counter's state to the store, where the
 * pilot's figures separate break time from idle time. A modal <dialog> like the step
 * dialogs: focus moves in, Escape cancels, Enter confirms.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';

/** Reasons offered as buttons; anything else is typed. Stored as these words. */
export const BREAK_REASONS = ['prayer', 'meal', 'rest', 'meeting'] as const;

export interface BreakDialogProps {
  readonly onBreak: (reason: string) => void;
  readonly onClose: () => void;
}

export function BreakDialog({ onBreak, onClose }: BreakDialogProps) {
  const t = useT('counter');
  const ref = useRef<HTMLDialogElement>(null);
  const [choice, setChoice] = useState<string>(BREAK_REASONS[0]);
  const [other, setOther] = useState('');
  const [tried, setTried] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const reason = choice === 'other' ? other.trim() : choice;
  const submit = (event: Event): void => {
    event.preventDefault();
    setTried(true);
    if (reason.length > 0) onBreak(reason);
  };

  return (
    <dialog ref={ref} class="step-dialog" aria-labelledby="break-title" onCancel={onClose} onClose={onClose}>
      <form method="dialog" onSubmit={submit}>
        <h2 id="break-title">{t('break.title')}</h2>
        <p>{t('break.intro')}</p>
        <fieldset class="field">
          <legend>{t('break.reason')}</legend>
          {[...BREAK_REASONS, 'other'].map((r, i) => (
            <label key={r} class="radio">
              <input type="radio" name="break-reason" value={r} checked={choice === r} autoFocus={i === 0} onChange={() => setChoice(r)} />
              {t(`break.reasons.${r}`)}
            </label>
          ))}
        </fieldset>
        {choice === 'other' && (
          <label class="field">
            <span>{t('break.otherReason')}</span>
            <input
              type="text"
              value={other}
              maxLength={200}
              required
              aria-invalid={tried && reason.length === 0}
              onInput={(e) => setOther((e.currentTarget as HTMLInputElement).value)}
              autoFocus
            />
          </label>
        )}
        <div class="step-dialog__buttons">
          <button type="button" class="button" onClick={onClose}>
            {t('break.cancel')}
          </button>
          <button type="submit" class="button button--primary">
            {t('break.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
