/**
 * The pieces every settings form is built from: the form frame (summary of problems,
 * Save, read-only for a director), and labelled fields that show their own problem in
 * the reader's language. Number fields keep what was typed until it is a number, so
 * "0." on the way to "0.85" is not snapped back, and an empty nullable field means
 * "unknown" (null).
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConfigPart, ConfigProblem } from '../../../shared/sync/officeConfigSchema.ts';
import { useT, type Translate } from '../../../shared/ui/I18nProvider.tsx';
import { consoleErrorText } from '../../adminErrors.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { fieldId, getAt, type ConfigForm, type Path } from './useConfigForm.ts';
import { useLatest } from '../../../shared/ui/useLatest.ts';

/** What a field needs of its form, whichever part it edits. */
type AnyForm = Pick<ConfigForm<ConfigPart>, 'part' | 'draft' | 'set' | 'problemAt' | 'problems' | 'error' | 'saving' | 'submit' | 'formRef' | 'summaryRef'>;

export function problemText(tc: Translate, p: ConfigProblem): string {
  return tc(`problems.${p.code}`, { ...p.params });
}

/**
 * A problem under a field or a list, tied to it for screen readers. A list's own problem
 * (`exact`) leaves its entries' problems to their fields.
 */
export function FieldProblem({ form, path, exact = false }: { form: AnyForm; path: Path; exact?: boolean }) {
  const tc = useT('adminConfig');
  const problem = exact ? form.problems.find((p) => p.path === path) : form.problemAt(path);
  if (!problem) return null;
  return (
    <span class="field__error" id={`${fieldId(form.part, path)}-error`}>
      {problemText(tc, problem)}
    </span>
  );
}

function describedBy(form: AnyForm, path: Path, hint: boolean): string | undefined {
  const id = fieldId(form.part, path);
  const ids = [hint ? `${id}-hint` : '', form.problemAt(path) ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export interface FieldProps {
  readonly form: AnyForm;
  readonly path: Path;
  readonly label: string;
  readonly hint?: string;
}

function Field({ form, path, label, hint, children }: FieldProps & { children: ComponentChildren }) {
  const id = fieldId(form.part, path);
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children}
      {hint && (
        <span class="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldProblem form={form} path={path} />
    </div>
  );
}

function inputProps(form: AnyForm, path: Path, hint: boolean) {
  return {
    id: fieldId(form.part, path),
    class: 'input',
    'aria-invalid': form.problemAt(path) ? ('true' as const) : undefined,
    'aria-describedby': describedBy(form, path, hint),
  };
}

export function TextField({ attrs, ...props }: FieldProps & { attrs?: JSX.InputHTMLAttributes<HTMLInputElement> }) {
  const { form, path, hint } = props;
  const value = getAt(form.draft, path);
  return (
    <Field {...props}>
      <input {...inputProps(form, path, !!hint)} value={typeof value === 'string' ? value : ''} onInput={(e) => form.set(path, e.currentTarget.value)} {...attrs} />
    </Field>
  );
}

function numberText(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
}

/** What typed text stands for: a number, null (empty and nullable), or the text itself (the check then says why). */
function parseNumber(text: string, nullable: boolean): unknown {
  const trimmed = text.trim().replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660));
  if (trimmed === '') return nullable ? null : text;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}

export function NumberField({ nullable = false, ...props }: FieldProps & { nullable?: boolean }) {
  const { form, path, hint } = props;
  const value = getAt(form.draft, path);
  const [text, setText] = useState(numberText(value));
  const typed = useLatest(text);
  // A value changed from outside (a row removed above this one) replaces the text; our own typing does not.
  useEffect(() => {
    if (parseNumber(typed.current, nullable) !== value && !(value === null && typed.current.trim() === '')) setText(numberText(value));
  }, [value, nullable, typed]);
  return (
    <Field {...props}>
      <input
        {...inputProps(form, path, !!hint)}
        inputMode="decimal"
        dir="ltr"
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          form.set(path, parseNumber(e.currentTarget.value, nullable));
        }}
      />
    </Field>
  );
}

/** A short list of whole numbers typed as "3, 6, 9, 12". */
export function ListField(props: FieldProps) {
  const { form, path, hint } = props;
  const value = getAt(form.draft, path);
  const [text, setText] = useState(Array.isArray(value) ? value.join(', ') : '');
  return (
    <Field {...props}>
      <input
        {...inputProps(form, path, !!hint)}
        dir="ltr"
        value={text}
        onInput={(e) => {
          const typed = e.currentTarget.value;
          setText(typed);
          const items = typed.split(/[,،\s]+/).filter(Boolean);
          form.set(path, items.map((item) => parseNumber(item, false)));
        }}
      />
    </Field>
  );
}

/** The form around a part: problems first, the fields (disabled for a director), then Save. */
export function FormFrame({ form, title, children }: { form: AnyForm; title: string; children: ComponentChildren }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const readOnly = useReadOnly();
  const titleId = `cfg-${form.part}-title`;
  return (
    <form ref={form.formRef} class="settings-form" noValidate onSubmit={form.submit} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <div ref={form.summaryRef} tabIndex={-1} class="settings-form__summary" role="alert">
        {form.problems.length > 0 && <p class="error">{tc('problemsFound', { count: form.problems.length })}</p>}
        {form.error !== null && <p class="error">{consoleErrorText(t, tc, form.error)}</p>}
      </div>
      <fieldset class="settings-form__body" disabled={readOnly || form.saving}>
        {children}
      </fieldset>
      {!readOnly && (
        <div class="settings-form__actions">
          <button type="submit" class="button button--primary" disabled={form.saving}>
            {form.saving ? tc('saving') : tc('save')}
          </button>
        </div>
      )}
    </form>
  );
}
