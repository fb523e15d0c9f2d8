/**
 * A kiosk screen where a resident types something short (an identity number, a booking
 * code): a title and a line of help, a large field that a keyboard can fill, the problem
 * with what was typed (announced), the on-screen keypad, and the screen's buttons.
 */
import type { ComponentChildren } from 'preact';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { Keypad, type KeypadProps } from './Keypad.tsx';

export interface CodeEntryProps {
  readonly title: string;
  readonly lead: string;
  /** The field's id; its problem line is `${id}-problem`. */
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly problem: string;
  readonly onChange: (value: string) => void;
  readonly onSubmit: () => void;
  /** What the field takes: digits (a numeric keyboard) or a code of letters and digits. */
  readonly kind: 'digits' | 'code';
  readonly maxLength: number;
  readonly keypad: Pick<KeypadProps, 'keys' | 'wide' | 'localDigits' | 'deleteLabel' | 'disabled'>;
  /** The buttons under the keypad; the one that submits is a `type="submit"` button. */
  readonly children: ComponentChildren;
}

export function CodeEntry(props: CodeEntryProps) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const problemId = `${props.id}-problem`;
  return (
    <main class="kiosk-screen kiosk-screen--form">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      <p class="kiosk-lead">{props.lead}</p>
      <form
        class="code-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <label class="code-form__label" for={props.id}>
          {props.label}
        </label>
        <input
          id={props.id}
          class={props.kind === 'code' ? 'code-form__input code-form__input--code' : 'code-form__input'}
          inputMode={props.kind === 'digits' ? 'numeric' : 'text'}
          autoCapitalize={props.kind === 'code' ? 'characters' : 'off'}
          maxLength={props.maxLength}
          dir="ltr"
          autoComplete="off"
          spellcheck={false}
          value={props.value}
          aria-invalid={props.problem ? 'true' : undefined}
          aria-describedby={problemId}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
        <p id={problemId} class="code-form__problem" role="alert">
          {props.problem}
        </p>
        <Keypad
          {...props.keypad}
          label={props.label}
          onKey={(key) => props.onChange(props.value + key)}
          onDelete={() => props.onChange(props.value.slice(0, -1))}
        />
        <div class="kiosk-actions">{props.children}</div>
      </form>
    </main>
  );
}
