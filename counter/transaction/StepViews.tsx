/**
 * One view per step of the transaction machine, the desk's one place to import them from:
 * the first steps (IdentifySteps.tsx) and the form (FormStep.tsx) have files of their own,
 * the parts they share are in parts.tsx, the last steps (refusal, quote, payment, review)
 * are here. Each puts the focus on the one thing the officer most likely does next, so
 * Enter moves the transaction on: a renewal from the number to the receipt is Enter,
 * code, Enter, and Enter at each step after.
 */
import { useState } from 'preact/hooks';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../shared/sync/transactionArgs.ts';
import { Failures, FeeTable, Outcome, PrimaryButton, sar, type StepProps } from './parts.tsx';
export { Failures, NetworkWait, Outcome, Problem, type StepProps } from './parts.tsx';
export { CodeStep, IdentifyStep, type GivenNumber, type NameSearch } from './IdentifySteps.tsx';
export { FormStep } from './FormStep.tsx';

export function IneligibleStep({ snapshot, actor, t }: StepProps) {
  const { decision, steps } = snapshot.context;
  return (
    <div class="desk__form">
      <h3 class="desk__refused">{t('ineligible.title')}</h3>
      <Failures failures={decision?.failures ?? []} t={t} />
      {steps.form && <PrimaryButton testId="desk-back" label={t('ineligible.back')} onClick={() => actor.send({ type: 'step.back' })} />}
    </div>
  );
}

export function QuoteStep({ snapshot, actor, t }: StepProps) {
  const { decision, steps } = snapshot.context;
  return (
    <div class="desk__form">
      <FeeTable fees={decision?.fees ?? []} total={decision?.total ?? 0} t={t} />
      <div class="desk__buttons">
        <PrimaryButton testId="desk-accept" label={t('fees.accept')} onClick={() => actor.send({ type: 'quote.accept' })} />
        {steps.form && (
          <button type="button" class="button" onClick={() => actor.send({ type: 'step.back' })}>
            {t('review.back')}
          </button>
        )}
      </div>
    </div>
  );
}

export function PaymentStep({ snapshot, actor, t }: StepProps) {
  const total = snapshot.context.decision?.total ?? 0;
  const [method, setMethod] = useState<PaymentMethod>('mada');
  const [reference, setReference] = useState('');
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <form
      class="desk__form"
      onSubmit={(e) => {
        e.preventDefault();
        actor.send({ type: 'payment.record', method, reference: reference.trim() || null });
      }}
    >
      <h3>{t('payment.title', { amount: sar(total) })}</h3>
      <fieldset class="field">
        <legend class="field__label">{t('payment.method')}</legend>
        {PAYMENT_METHODS.map((m) => (
          <label key={m} class="choice">
            <input type="radio" name="method" checked={method === m} onChange={() => setMethod(m)} />
            {t(`payment.${m}`)}
          </label>
        ))}
      </fieldset>
      <label class="field">
        <span class="field__label">{t('payment.reference')}</span>
        <input class="input ltr" maxLength={30} data-testid="desk-payment-reference" value={reference} onInput={(e) => setReference(e.currentTarget.value)} />
      </label>
      <button ref={ref} type="submit" class="button button--primary desk__primary" data-testid="desk-paid">
        {t('payment.confirm')}
      </button>
    </form>
  );
}

export function ReviewStep({ snapshot, actor, t }: StepProps) {
  const { decision, payment } = snapshot.context;
  return (
    <div class="desk__form">
      <h3>{t('review.title')}</h3>
      {decision && decision.total > 0 && <FeeTable fees={decision.fees} total={decision.total} t={t} />}
      {payment && <p data-testid="desk-paid-by">{t('review.paid', { amount: sar(decision?.total ?? 0), method: t(`payment.${payment.method}`) })}</p>}
      <Outcome outcome={decision?.outcome ?? {}} t={t} />
      <div class="desk__buttons">
        <PrimaryButton testId="desk-submit" label={t('review.submit')} onClick={() => actor.send({ type: 'review.submit' })} />
        {!payment && snapshot.can({ type: 'step.back' }) && (
          <button type="button" class="button" onClick={() => actor.send({ type: 'step.back' })}>
            {t('review.back')}
          </button>
        )}
      </div>
    </div>
  );
}

