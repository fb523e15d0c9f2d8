/**
 * An on-screen keypad for kiosks without a keyboard: big keys, each also a real button a
 * keyboard or switch user can reach. Digits may show in the reader's numerals; what they
 * type is the ASCII character.
 */
import { intlLocale } from '../shared/i18n/index.ts';
import { useI18n } from '../shared/ui/I18nProvider.tsx';

export interface KeypadProps {
  readonly keys: string;
  readonly onKey: (key: string) => void;
  readonly onDelete: () => void;
  readonly deleteLabel: string;
  readonly label: string;
  readonly disabled?: boolean;
  readonly wide?: boolean;
  /** Show digits in the reader's numerals (identity numbers); codes keep their own characters. */
  readonly localDigits?: boolean;
}

export function Keypad(props: KeypadProps) {
  const { language } = useI18n();
  const number = new Intl.NumberFormat(intlLocale(language), { useGrouping: false });
  const shown = (key: string): string => (props.localDigits && /\d/.test(key) ? number.format(Number(key)) : key);
  return (
    <div class={`keypad${props.wide ? ' keypad--wide' : ''}`} role="group" aria-label={props.label} dir="ltr">
      {[...props.keys].map((key) => (
        <button key={key} type="button" class="keypad__key" disabled={props.disabled} onClick={() => props.onKey(key)}>
          {shown(key)}
        </button>
      ))}
      <button type="button" class="keypad__key keypad__key--delete" disabled={props.disabled} aria-label={props.deleteLabel} onClick={props.onDelete}>
        <span aria-hidden="true">⌫</span>
      </button>
    </div>
  );
}
