/**
 * Appointment check-in: the resident types the booking code from their confirmation
 * message. The kiosk checks it against today's bookings it holds (as hashes, so it works
 * offline) and says plainly when it is too early, too late, unknown or already used.
 */
import { useState } from 'preact/hooks';
import { BOOKING_CODE_LENGTH, normaliseBookingCode } from '../shared/domain/appointments.ts';
import { CODE_ALPHABET } from '../shared/domain/ticket.ts';
import type { BookingLookup } from '../shared/db/index.ts';
import { intlLocale } from '../shared/i18n/index.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { Keypad } from './Keypad.tsx';

export interface BookingScreenProps {
  readonly problem: Exclude<BookingLookup, { kind: 'found' }> | null;
  readonly checking: boolean;
  readonly timeZone: string;
  readonly onSubmit: (code: string) => void;
  readonly onOrdinary: () => void;
  readonly onBack: () => void;
}

export function BookingScreen(props: BookingScreenProps) {
  const t = useT('kiosk');
  const { language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [value, setValue] = useState('');
  const [edited, setEdited] = useState(false);
  const code = normaliseBookingCode(value);
  const edit = (next: string): void => {
    setValue(next.toUpperCase().slice(0, BOOKING_CODE_LENGTH + 2));
    setEdited(true);
  };
  const problem = edited ? null : props.problem;
  const sameDay = (at: number): boolean =>
    new Intl.DateTimeFormat('en-CA', { timeZone: props.timeZone }).format(at) === new Intl.DateTimeFormat('en-CA', { timeZone: props.timeZone }).format(Date.now());
  const time = (at: number): string =>
    new Intl.DateTimeFormat(intlLocale(language, 'gregory'), {
      timeStyle: 'short',
      ...(sameDay(at) ? {} : { dateStyle: 'medium' }),
      timeZone: props.timeZone,
    }).format(at);
  let message = '';
  if (problem?.kind === 'early') message = t('booking.problems.early', { slot: time(problem.slotAt), opens: time(problem.opensAt) });
  else if (problem?.kind === 'late') message = t('booking.problems.late', { slot: time(problem.slotAt) });
  else if (problem) message = t(`booking.problems.${problem.kind}`);
  return (
    <main class="kiosk-screen kiosk-screen--form">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {t('booking.title')}
      </h1>
      <p class="kiosk-lead">{t('booking.body')}</p>
      <form
        class="code-form"
        onSubmit={(e) => {
          e.preventDefault();
          setEdited(false);
          props.onSubmit(code);
        }}
      >
        <label class="code-form__label" for="booking-code">
          {t('booking.label')}
        </label>
        <input
          id="booking-code"
          class="code-form__input code-form__input--code"
          dir="ltr"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={BOOKING_CODE_LENGTH + 2}
          value={value}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby="booking-problem"
          onInput={(e) => edit(e.currentTarget.value)}
        />
        <p id="booking-problem" class="code-form__problem" role="alert">
          {props.checking ? t('booking.checking') : message}
        </p>
        <Keypad
          keys={CODE_ALPHABET}
          wide
          label={t('booking.label')}
          deleteLabel={t('booking.delete')}
          disabled={props.checking}
          onKey={(key) => edit(value + key)}
          onDelete={() => edit(value.slice(0, -1))}
        />
        <div class="kiosk-actions">
          <button type="button" class="button button--large" onClick={props.onBack}>
            {t('back')}
          </button>
          {problem && problem.kind !== 'format' && (
            <button type="button" class="button button--large" onClick={props.onOrdinary}>
              {t('booking.ordinary')}
            </button>
          )}
          <button type="submit" class="button button--primary button--large" disabled={props.checking}>
            {t('booking.checkIn')}
          </button>
        </div>
      </form>
    </main>
  );
}
