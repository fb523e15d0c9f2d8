/**
 * One settings form's state and its way to the server: a draft of one configuration part
 * (started from the office's configuration with defaults filled in), checked with the
 * same rules the store applies (shared/sync/officeConfigCheck.ts) before anything is
 * sent, and the problems, the store's included, kept by field path so each field shows
 * its own. After a failed check the focus goes to the first field with a problem.
 */
import { useRef, useState } from 'preact/hooks';
import type { OfficeConfig } from '../../../shared/domain/office.ts';
import { checkConfigPart, configPartOf } from '../../../shared/sync/officeConfigCheck.ts';
import { PROBLEM_CODES, type ConfigPart, type ConfigPartBody, type ConfigProblem, type ProblemCode } from '../../../shared/sync/officeConfigSchema.ts';
import { AdminApiError, type AdminApi } from '../../adminApi.ts';
import type { ConfigAnswer } from '../../../shared/api/adminTypes.ts';

export type Path = string;

/** `value` with the leaf at `path` ("shifts.1.from") replaced; arrays and objects are copied on the way. */
export function setAt<T>(value: T, path: Path, leaf: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return leaf as T;
  const inner = rest.length === 0 ? leaf : setAt((value as Record<string, unknown>)[head], rest.join('.'), leaf);
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = inner;
    return copy as T;
  }
  return { ...(value as Record<string, unknown>), [head]: inner } as T;
}

/** The leaf at `path`, or undefined. */
export function getAt(value: unknown, path: Path): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** The element id of a field; problems find their field by it. */
export function fieldId(part: ConfigPart, path: Path): string {
  return `cfg-${part}-${path.replace(/\./g, '-')}`;
}

const CODES: ReadonlySet<string> = new Set(PROBLEM_CODES);

/** The store's refusal as a problem of a field, when it names one. */
function problemOfError(error: unknown): ConfigProblem | null {
  if (!(error instanceof AdminApiError)) return null;
  const d = error.details as { field?: unknown; problem?: unknown; params?: unknown } | undefined;
  if (typeof d?.field !== 'string' || typeof d.problem !== 'string' || !CODES.has(d.problem)) return null;
  return { path: d.field, code: d.problem as ProblemCode, params: (d.params ?? {}) as ConfigProblem['params'] };
}

export interface ConfigForm<P extends ConfigPart> {
  readonly part: P;
  readonly config: OfficeConfig;
  /** The part being edited; a number field may hold the text typed until it is a number. */
  readonly draft: ConfigPartBody<P>;
  readonly set: (path: Path, value: unknown) => void;
  readonly update: (change: (draft: ConfigPartBody<P>) => ConfigPartBody<P>) => void;
  readonly problems: readonly ConfigProblem[];
  /** The problem of a field, or of something inside it (a list's entry). */
  readonly problemAt: (path: Path) => ConfigProblem | undefined;
  readonly saving: boolean;
  /** A failure that is no field's (offline, session ended), in the reader's language by code. */
  readonly error: unknown;
  readonly submit: (event: Event) => void;
  readonly formRef: { current: HTMLFormElement | null };
  readonly summaryRef: { current: HTMLDivElement | null };
}

export function useConfigForm<P extends ConfigPart>(
  part: P,
  config: OfficeConfig,
  api: AdminApi,
  onSaved: (answer: ConfigAnswer) => void,
): ConfigForm<P> {
  const [draft, setDraft] = useState<ConfigPartBody<P>>(() => configPartOf(config, part));
  const [problems, setProblems] = useState<readonly ConfigProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const focusFirst = (found: readonly ConfigProblem[]): void => {
    requestAnimationFrame(() => {
      const first = found[0];
      // The field itself, else the nearest field around it ("sections.2" → "sections"), else the summary.
      for (let path = first?.path ?? ''; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
        const element = formRef.current?.querySelector<HTMLElement>(`#${fieldId(part, path)}`);
        if (element) return element.focus();
      }
      summaryRef.current?.focus();
    });
  };

  const submit = (event: Event): void => {
    event.preventDefault();
    if (saving) return;
    const checked = checkConfigPart(part, draft, config);
    setError(null);
    if (!checked.ok) {
      setProblems(checked.problems);
      focusFirst(checked.problems);
      return;
    }
    setProblems([]);
    setSaving(true);
    api.saveConfig(part, checked.value).then(
      (answer) => {
        setSaving(false);
        onSaved(answer);
      },
      (err: unknown) => {
        setSaving(false);
        const problem = problemOfError(err);
        if (problem) {
          setProblems([problem]);
          focusFirst([problem]);
        } else {
          setError(err);
          requestAnimationFrame(() => summaryRef.current?.focus());
        }
      },
    );
  };

  return {
    part,
    config,
    draft,
    set: (path, value) => setDraft((d) => setAt(d, path, value)),
    update: (change) => setDraft((d) => change(d)),
    problems,
    problemAt: (path) => problems.find((p) => p.path === path || p.path.startsWith(`${path}.`)),
    saving,
    error,
    submit,
    formRef,
    summaryRef,
  };
}
