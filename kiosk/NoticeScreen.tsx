/**
 * "Text me when my turn is near" (issue 11): the resident types a Saudi mobile on the
 * keypad; it is checked here (05 and eight digits, in any numerals), then sealed with the
 * ticket's link key for the central store alone. The kiosk keeps nothing of it but the
 * last four digits on the ticket screen, so the resident can see it was taken right.
 */
import { useRef, useState } from 'preact/hooks';
import { toAsciiDigits } from '../shared/domain/identity.ts';
import { useT } from '../shared/ui/I18nProvider.tsx';
import { CodeEntry } from './CodeEntry.tsx';
import { KIOSK_MOBILE } from './kioskTypes.ts';

export interface NoticeScreenProps {
  readonly saving: boolean;
  readonly onSubmit: (mobile: string) => void;
  readonly onBack: () => void;
}

/** "+966 5…" and "9665…" as people also write it, with spaces: the 05… form, or null. */
export function normaliseMobile(typed: string): string | null {
  const digits = toAsciiDigits(typed).replace(/[\s-]/g, '');
  const local = digits.replace(/^(\+?966)(5\d{8})$/, '0$2');
  return KIOSK_MOBILE.test(local) ? local : null;
}

export function NoticeScreen(props: NoticeScreenProps) {
  const t = useT('kiosk');
  const [value, setValue] = useState('');
  // As of the last keystroke: an Enter before the screen drew it must see it (BookingScreen.tsx).
  const typed = useRef('');
  const [problem, setProblem] = useState(false);
  return (
    <CodeEntry
      title={t('notice.title')}
      lead={t('notice.lead')}
      id="notice-mobile"
      label={t('notice.label')}
      value={value}
      problem={problem ? t('notice.problem') : ''}
      onChange={(next) => {
        typed.current = next.slice(0, 16);
        setValue(typed.current);
        setProblem(false);
      }}
      onSubmit={() => {
        const mobile = normaliseMobile(typed.current);
        if (mobile) props.onSubmit(mobile);
        else setProblem(true);
      }}
      kind="digits"
      maxLength={16}
      keypad={{ keys: '1234567890', localDigits: true, deleteLabel: t('identify.delete'), disabled: props.saving }}
    >
      <button type="button" class="button button--large" onClick={props.onBack} disabled={props.saving}>
        {t('back')}
      </button>
      <button type="submit" class="button button--primary button--large" data-testid="submit-mobile" disabled={props.saving}>
        {t('notice.submit')}
      </button>
    </CodeEntry>
  );
}
