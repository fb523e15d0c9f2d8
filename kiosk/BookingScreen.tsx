/**
 * Appointment check-in: the resident types the booking code from their confirmation
 * message. The kiosk checks it against today's bookings it holds (as hashes, so it works
 * offline) and says plainly when it is too early, too late, unknown or already used.
 */
import { useRef, useState } from 'preact/hooks';
import { BOOKING_CODE_LENGTH, normaliseBookingCode } from '../shared/domain/appointments.ts';
import { serviceDayOf } from '../shared/domain/office.ts';
import { CODE_ALPHABET } from '../shared/domain/ticket.ts';
import type { BookingLookup } from '../shared/db/index.ts';
import { formatTime, intlLocale } from '../shared/i18n/index.ts';
import { useI18n, useT } from '../shared/ui/I18nProvider.tsx';
import { CodeEntry } from './CodeEntry.tsx';

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
  const [value, setValue] = useState('');
  // What was typed, as of the last keystroke: an Enter pressed before the screen has drawn
  // that keystroke (a fast typist, a code scanner) must send the whole code, not the last render's.
  const typed = useRef('');
  // The last answer stays until the resident types again.
  const [edited, setEdited] = useState(false);
  const problem = edited ? null : props.problem;
  const time = (at: number): string =>
    serviceDayOf(at, props.timeZone) === serviceDayOf(Date.now(), props.timeZone)
      ? formatTime(language, at, props.timeZone)
      : `${new Intl.DateTimeFormat(intlLocale(language, 'gregory'), { dateStyle: 'medium', timeZone: props.timeZone }).format(at)} ${formatTime(language, at, props.timeZone)}`;
  let message = '';
  if (props.checking) message = t('booking.checking');
  else if (problem?.kind === 'early') message = t('booking.problems.early', { slot: time(problem.slotAt), opens: time(problem.opensAt) });
  else if (problem?.kind === 'late') message = t('booking.problems.late', { slot: time(problem.slotAt) });
  else if (problem) message = t(`booking.problems.${problem.kind}`);
  return (
    <CodeEntry
      title={t('booking.title')}
      lead={t('booking.body')}
      id="booking-code"
      label={t('booking.label')}
      value={value}
      problem={message}
      onChange={(next) => {
        typed.current = next.toUpperCase().slice(0, BOOKING_CODE_LENGTH + 2);
        setValue(typed.current);
        setEdited(true);
      }}
      onSubmit={() => {
        setEdited(false);
        props.onSubmit(normaliseBookingCode(typed.current));
      }}
      kind="code"
      maxLength={BOOKING_CODE_LENGTH + 2}
      keypad={{ keys: CODE_ALPHABET, wide: true, deleteLabel: t('booking.delete'), disabled: props.checking }}
    >
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
    </CodeEntry>
  );
}
