/**
 * The short wait while the ticket is written on the device, and the plain apology when
 * it could not be (storage full or broken): the resident can try again or ask staff.
 */
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useT } from '../shared/ui/I18nProvider.tsx';

export function IssuingScreen() {
  const t = useT('kiosk');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main class="kiosk-screen kiosk-screen--center" aria-busy="true">
      <h1 ref={heading} tabIndex={-1}>
        {t('issuing')}
      </h1>
    </main>
  );
}

export function FailedScreen({ onRetry, onDone }: { onRetry: () => void; onDone: () => void }) {
  const t = useT('kiosk');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main class="kiosk-screen kiosk-screen--center">
      <h1 ref={heading} tabIndex={-1} role="alert">
        {t('failed.title')}
      </h1>
      <p class="kiosk-lead">{t('failed.body')}</p>
      <div class="kiosk-actions">
        <button type="button" class="button button--primary button--large" onClick={onRetry}>
          {t('failed.retry')}
        </button>
        <button type="button" class="button button--large" onClick={onDone}>
          {t('done')}
        </button>
      </div>
    </main>
  );
}
