/**
 * The optional iqama / border number, so the officer has the record ready. Checked here
 * (10 digits, the right first digit, Luhn) with the problem said in the reader's
 * language; never looked up: the kiosk shows nothing about anyone, whatever is typed.
 */
import { useRef, useState } from 'preact/hooks';
import { checkIdNumber, ID_NUMBER_LENGTH, toAsciiDigits, type IdNumberProblem } from '../shared/domain/identity.ts';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { CodeEntry } from './CodeEntry.tsx';

export interface IdentifyScreenProps {
  readonly onSubmit: (idNumber: string) => void;
  readonly onSkip: () => void;
  readonly onBack: () => void;
}

/** Room for spaces people type between groups; checkIdNumber drops them. */
const MAX_TYPED = ID_NUMBER_LENGTH + 4;

export function IdentifyScreen(props: IdentifyScreenProps) {
  const t = useT('kiosk');
  const [value, setValue] = useState('');
  // As of the last keystroke: an Enter before the screen drew it must see it (BookingScreen.tsx).
  const typed = useRef('');
  const [problem, setProblem] = useState<IdNumberProblem | null>(null);
  const typedDigits = toAsciiDigits(value).replace(/\D/g, '').length;
  return (
    <CodeEntry
      title={t('identify.title')}
      lead={t('identify.body')}
      id="id-number"
      label={t('identify.label')}
      value={value}
      problem={problem ? t(`identify.problems.${problem}`, { count: typedDigits }) : ''}
      onChange={(next) => {
        typed.current = next.slice(0, MAX_TYPED);
        setValue(typed.current);
        setProblem(null);
      }}
      onSubmit={() => {
        const check = checkIdNumber(typed.current);
        if (check.ok) props.onSubmit(check.number);
        else setProblem(check.problem);
      }}
      kind="digits"
      maxLength={MAX_TYPED}
      keypad={{ keys: '1234567890', localDigits: true, deleteLabel: t('identify.delete') }}
    >
      <button type="button" class="button button--large" onClick={props.onBack}>
        {t('back')}
      </button>
      <button type="button" class="button button--large" data-testid="skip-number" onClick={props.onSkip}>
        {t('identify.skip')}
      </button>
      <button type="submit" class="button button--primary button--large" data-testid="submit-number">
        {t('identify.continue')}
      </button>
    </CodeEntry>
  );
}
