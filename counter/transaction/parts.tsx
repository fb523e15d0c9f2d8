/**
 * What the desk's step screens share: a problem or the rules' refusals in the officer's
 * language, the fee table, digit fields and the primary button, the outcome and the
 * wait for the network. The receipt prints the fee table and the outcome too.
 */
import type { FeeLine, RuleFailure } from '../../shared/domain/rules.ts';
import type { TransactionActorRef, TransactionSnapshot } from '../../shared/machines/transactionMachine.ts';
import { type CounterMessage } from '../../shared/machines/counterTypes.ts';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { useI18n, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { formatDay } from './format.ts';

/** Riyal amounts with thousands separators, in Western digits (as on the fee schedule and the terminal). */
const SAR = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const sar = (amount: number): string => SAR.format(amount);

export interface StepProps {
  readonly snapshot: TransactionSnapshot;
  readonly actor: TransactionActorRef;
  readonly t: Translate;
}

/** A problem in the officer's language, from its code (the English text when no translation exists). */
export function Problem({ problem, t }: { problem: CounterMessage | null; t: Translate }) {
  if (!problem) return null;
  const text = t(`problems.${problem.code}`, { ...problem.params, text: problem.text, defaultValue: problem.text });
  return (
    <p class="desk__problem" role="alert" data-testid="desk-problem" data-code={problem.code}>
      {text}
    </p>
  );
}

/** A failure's parameters in words: an address problem names the field and the problem in the officer's language. */
function paramsOf(f: RuleFailure, t: Translate): Record<string, string | number> {
  if (f.code !== 'invalidAddress') return { ...f.params };
  return { field: t(`form.${String(f.params.field)}`), problem: t(`addressProblems.${String(f.params.problem)}`) };
}

export function Failures({ failures, t }: { failures: readonly RuleFailure[]; t: Translate }) {
  return (
    <ul class="desk__failures" data-testid="desk-failures">
      {failures.map((f, i) => (
        <li key={`${f.code}-${i}`} data-code={f.code}>
          {t(`failures.${f.code}`, { ...paramsOf(f, t), defaultValue: f.code })}
        </li>
      ))}
    </ul>
  );
}

export function FeeTable({ fees, total, t }: { fees: readonly FeeLine[]; total: number; t: Translate }) {
  return (
    <table class="desk__fees" data-testid="desk-fees">
      <caption>{t('fees.title')}</caption>
      <tbody>
        {fees.map((f) => (
          <tr key={f.code}>
            <th scope="row">{t(`fees.${f.code}`, f.params)}</th>
            <td class="ltr">{t('fees.amount', { amount: sar(f.amount) })}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('fees.total')}</th>
          <td class="ltr" data-testid="desk-total">
            {total > 0 ? t('fees.amount', { amount: sar(total) }) : t('fees.free')}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** A field for a number typed from a document (kept left to right, Arabic-Indic digits accepted by the caller). */
export function DigitsField(props: {
  label: string;
  testId: string;
  maxLength: number;
  value: string;
  onValue: (value: string) => void;
  inputRef?: { current: HTMLInputElement | null };
  autoComplete?: string;
  disabled?: boolean;
  code?: boolean;
}) {
  return (
    <label class="field">
      <span class="field__label">{props.label}</span>
      <input
        ref={props.inputRef}
        class={props.code ? 'input input--code ltr' : 'input ltr'}
        inputMode="numeric"
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        data-testid={props.testId}
        value={props.value}
        disabled={props.disabled}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** A button that has the focus when its step opens (Enter runs it). */
export function PrimaryButton({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }) {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <button ref={ref} type="button" class="button button--primary desk__primary" data-testid={testId} onClick={onClick}>
      {label}
    </button>
  );
}


export function Outcome({ outcome, t }: { outcome: { newIqamaExpiry?: string; visaNumber?: string; visaValidUntil?: string; visaMonths?: number; cancelsVisa?: string }; t: Translate }) {
  const { language } = useI18n();
  const lines: string[] = [];
  if (outcome.newIqamaExpiry) lines.push(t('outcome.newIqamaExpiry', { date: formatDay(outcome.newIqamaExpiry, language) }));
  if (outcome.visaNumber) lines.push(t('outcome.visaNumber', { number: outcome.visaNumber }));
  if (outcome.visaValidUntil) lines.push(t('outcome.visaValidUntil', { date: formatDay(outcome.visaValidUntil, language) }));
  if (outcome.visaMonths) lines.push(t('outcome.visaMonths', { count: outcome.visaMonths }));
  if (outcome.cancelsVisa) lines.push(t('outcome.cancelsVisa', { number: outcome.cancelsVisa }));
  if (!lines.length) return null;
  return (
    <ul class="desk__outcome" data-testid="desk-outcome">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** "This step needs the store": shown while a step waits for the network, with a button to try at once. */
export function NetworkWait({ actor, t }: { actor: TransactionActorRef; t: Translate }) {
  return (
    <div class="desk__wait" role="status" data-testid="desk-network-wait">
      <p>{t('wait.offline')}</p>
      <button type="button" class="button" onClick={() => actor.send({ type: 'network.retry' })}>
        {t('wait.retry')}
      </button>
    </div>
  );
}
