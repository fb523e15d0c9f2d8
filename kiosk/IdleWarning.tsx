/**
 * "Are you still there?": shown when nobody has touched the kiosk for a while, counting
 * down IDLE_GRACE_MS (at least 20 s) before the screen starts over for the next person.
 * A modal alert that takes the focus; any touch or key answers it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { IDLE_GRACE_MS } from './kioskTypes.ts';

export function IdleWarning({ onStillHere }: { onStillHere: () => void }) {
  const t = useT('kiosk');
  const [shownAt] = useState(Date.now);
  const [now, setNow] = useState(Date.now);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  const seconds = Math.max(0, Math.ceil((IDLE_GRACE_MS - (now - shownAt)) / 1000));
  return (
    <div class="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
      <div class="idle-warning__box">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body" data-testid="idle-countdown">
          {t('idle.body', { count: seconds })}
        </p>
        <button ref={button} type="button" class="button button--primary button--large" onClick={onStillHere}>
          {t('idle.stillHere')}
        </button>
      </div>
    </div>
  );
}
