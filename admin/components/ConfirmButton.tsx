/**
 * A button for an action that cannot be undone (revoke a device, end an officer's
 * sessions): the first press asks, the second confirms, Cancel or Escape backs out.
 * While the action runs the button is busy; its error is shown next to it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../../shared/ui/I18nProvider.tsx';
import { errorText } from '../adminErrors.ts';

export interface ConfirmButtonProps {
  readonly label: string;
  /** The question, e.g. "Revoke kiosk 2? It stops working at once." */
  readonly question: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => Promise<void>;
  readonly danger?: boolean;
}

export function ConfirmButton({ label, question, confirmLabel, onConfirm, danger = false }: ConfirmButtonProps) {
  const t = useT('admin');
  const [phase, setPhase] = useState<'idle' | 'asking' | 'working'>('idle');
  const [error, setError] = useState<string | null>(null);
  const yesRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (phase === 'asking') yesRef.current?.focus();
  }, [phase]);

  const run = async (): Promise<void> => {
    setPhase('working');
    setError(null);
    try {
      await onConfirm();
      setPhase('idle');
    } catch (e) {
      setError(errorText(t, e));
      setPhase('idle');
    }
  };

  if (phase === 'idle') {
    return (
      <span class="confirm">
        <button ref={startRef} type="button" class={`button button--small${danger ? ' button--danger' : ''}`} onClick={() => setPhase('asking')}>
          {label}
        </button>
        {error && (
          <span class="field__error" role="alert">
            {error}
          </span>
        )}
      </span>
    );
  }
  return (
    <span
      class="confirm confirm--asking"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setPhase('idle');
      }}
    >
      <span class="confirm__question">{question}</span>
      <button ref={yesRef} type="button" class="button button--small button--danger" onClick={() => void run()} disabled={phase === 'working'}>
        {phase === 'working' ? t('working') : confirmLabel}
      </button>
      <button type="button" class="button button--small" onClick={() => setPhase('idle')} disabled={phase === 'working'}>
        {t('cancel')}
      </button>
    </span>
  );
}
