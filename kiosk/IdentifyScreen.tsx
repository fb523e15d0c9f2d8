/**
 * The optional iqama / border number, so the officer has the record ready. Checked here
 * (10 digits, the right first digit, Luhn) with the problem said in the reader's
 * language; never looked up: the kiosk shows nothing about anyone, whatever is typed.
 */
import { useState } from 'preact/hooks';
import { checkIdNumber, ID_NUMBER_LENGTH, toAsciiDigits, type IdNumberProblem } from '../shared/domain/identity.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { Keypad } from './Keypad.tsx';

export interface IdentifyScreenProps {
  readonly onSubmit: (idNumber: string) => void;
  readonly onSkip: () => void;
  readonly onBack: () => void;
}

const DIGITS = '1234567890';
/** Room for spaces people type between groups; checkIdNumber drops them. */
const MAX_TYPED = ID_NUMBER_LENGTH + 4;

export function IdentifyScreen(props: IdentifyScreenProps) {
  const t = useT('kiosk');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<IdNumberProblem | null>(null);
  const edit = (next: string): void => {
    setValue(next.slice(0, MAX_TYPED));
    setProblem(null);
  };
  const submit = (): void => {
    const check = checkIdNumber(value);
    if (check.ok) props.onSubmit(check.number);
    else setProblem(check.problem);
  };
  const typedDigits = toAsciiDigits(value).replace(/\D/g, '').length;
  return (
    <main class="kiosk-screen kiosk-screen--form">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {t('identify.title')}
      </h1>
      <p class="kiosk-lead">{t('identify.body')}</p>
      <form
        class="code-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label class="code-form__label" for="id-number">
          {t('identify.label')}
        </label>
        <input
          id="id-number"
          class="code-form__input"
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
          spellcheck={false}
          maxLength={MAX_TYPED}
          value={value}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby="id-number-problem"
          onInput={(e) => edit(e.currentTarget.value)}
        />
        <p id="id-number-problem" class="code-form__problem" role="alert">
          {problem ? t(`identify.problems.${problem}`, { count: typedDigits }) : ''}
        </p>
        <Keypad
          keys={DIGITS}
          localDigits
          label={t('identify.label')}
          deleteLabel={t('identify.delete')}
          onKey={(key) => edit(value + key)}
          onDelete={() => edit(value.slice(0, -1))}
        />
        <div class="kiosk-actions">
          <button type="button" class="button button--large" onClick={props.onBack}>
            {t('back')}
          </button>
          <button type="button" class="button button--large" data-testid="skip-number" onClick={props.onSkip}>
            {t('identify.skip')}
          </button>
          <button type="submit" class="button button--primary button--large" data-testid="submit-number">
            {t('identify.continue')}
          </button>
        </div>
      </form>
    </main>
  );
}
