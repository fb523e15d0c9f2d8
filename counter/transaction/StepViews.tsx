/**
 * One view per step of the transaction machine. Each puts the focus on the one thing the
 * officer most likely does next, so Enter moves the transaction on: a renewal from the
 * number to the receipt is Enter, code, Enter, and Enter at each step after.
 */
import { useState } from 'preact/hooks';
import { PROFESSION_CODES, defaultRequest } from '../../shared/domain/transactionSteps.ts';
import type { FeeLine, RuleFailure, ServiceRequest } from '../../shared/domain/rules.ts';
import type { ParcelAddress } from '../../shared/domain/address.ts';
import type { TransactionActorRef, TransactionSnapshot } from '../../shared/machines/transactionMachine.ts';
import { messageOf, type CounterMessage } from '../../shared/machines/counterTypes.ts';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { useI18n, type Translate } from '../../shared/ui/I18nProvider.tsx';
import type { NameMatch } from './transactionApi.ts';
import { toAsciiDigits } from '../../shared/domain/identity.ts';
import { PAYMENT_METHODS, type PaymentMethod } from '../../shared/sync/transactionArgs.ts';
import { formatDay } from './format.ts';

/** Riyal amounts with thousands separators, in Western digits (as on the fee schedule and the terminal). */
const SAR = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const sar = (amount: number): string => SAR.format(amount);

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
function DigitsField(props: {
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
function PrimaryButton({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }) {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <button ref={ref} type="button" class="button button--primary desk__primary" data-testid={testId} onClick={onClick}>
      {label}
    </button>
  );
}

export type NameSearch = (name: string) => Promise<{ readonly results: readonly NameMatch[]; readonly more: boolean }>;

/** The number the resident gave at the kiosk for the ticket being served, or null when the desk has no ticket. */
export type GivenNumber = (() => Promise<string>) | null;

export function IdentifyStep({ snapshot, actor, t, search, given }: StepProps & { search: NameSearch; given: GivenNumber }) {
  const { steps } = snapshot.context;
  const { language } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [visaNumber, setVisaNumber] = useState('');
  const [name, setName] = useState('');
  const [matches, setMatches] = useState<{ readonly results: readonly NameMatch[]; readonly more: boolean } | null>(null);
  const [searchProblem, setSearchProblem] = useState<CounterMessage | null>(null);
  const [searching, setSearching] = useState(false);
  const ref = useFocusOnMount<HTMLInputElement>();
  const runSearch = async (): Promise<void> => {
    setSearching(true);
    setSearchProblem(null);
    try {
      setMatches(await search(name.trim()));
    } catch (error) {
      setMatches(null);
      setSearchProblem(messageOf(error));
    } finally {
      setSearching(false);
    }
  };
  return (
    <div class="desk__form">
      <form
        class="desk__form"
        onSubmit={(e) => {
          e.preventDefault();
          const visa = toAsciiDigits(visaNumber).trim();
          if (steps.byVisaNumber && visa && !idNumber.trim()) actor.send({ type: 'FIND_VISA', visaNumber: visa });
          else actor.send({ type: 'IDENTIFY', idNumber: toAsciiDigits(idNumber).trim() });
        }}
      >
        <DigitsField label={t('identify.idNumber')} testId="desk-id-number" maxLength={10} value={idNumber} onValue={setIdNumber} inputRef={ref} />
        {steps.byVisaNumber && (
          <DigitsField label={t('identify.visaNumber')} testId="desk-visa-number" maxLength={10} value={visaNumber} onValue={setVisaNumber} />
        )}
        <p class="desk__hint">{t('identify.hint')}</p>
        <div class="desk__buttons">
          <button type="submit" class="button button--primary desk__primary" data-testid="desk-find">
            {t('identify.find')}
          </button>
          {given && (
            <button
              type="button"
              class="button"
              data-testid="desk-given-number"
              onClick={() => {
                setSearchProblem(null);
                given().then(
                  (idNumber) => actor.send({ type: 'IDENTIFY', idNumber }),
                  (error: unknown) => setSearchProblem(messageOf(error)),
                );
              }}
            >
              {t('identify.given')}
            </button>
          )}
        </div>
      </form>
      <Representative snapshot={snapshot} actor={actor} t={t} />
      <form
        class="desk__search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim().length >= 2) void runSearch();
        }}
      >
        <label class="field">
          <span class="field__label">{t('identify.byName')}</span>
          <input class="input" autoComplete="off" maxLength={100} data-testid="desk-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button" disabled={searching || name.trim().length < 2} data-testid="desk-search">
          {t('identify.search')}
        </button>
      </form>
      <Problem problem={searchProblem} t={t} />
      {matches && (
        <div aria-live="polite">
          {matches.more && <p class="desk__hint">{t('identify.moreMatches')}</p>}
          {matches.results.length === 0 ? (
            <p>{t('identify.noMatches')}</p>
          ) : (
            <ul class="desk__matches" data-testid="desk-matches">
              {matches.results.map((m) => (
                <li key={m.idNumber}>
                  <button type="button" class="button desk__match" onClick={() => actor.send({ type: 'IDENTIFY', idNumber: m.idNumber })}>
                    <span>{language === 'ar' ? m.name.ar : m.name.en}</span>
                    <span class="desk__hint">
                      {m.nationality} · <bdi dir="ltr">{m.idNumber}</bdi>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** "This person is an establishment's representative": the transaction uses the establishment's Muqeem quota. */
function Representative({ snapshot, actor, t }: StepProps) {
  const current = snapshot.context.representativeFor;
  const [value, setValue] = useState(current ?? '');
  return (
    <form
      class="desk__search"
      onSubmit={(e) => {
        e.preventDefault();
        const id = toAsciiDigits(value).trim();
        actor.send({ type: 'REPRESENT', establishmentId: id === '' ? null : id });
      }}
    >
      <DigitsField label={t('identify.representative')} testId="desk-representative" maxLength={10} value={value} onValue={setValue} />
      <button type="submit" class="button" data-testid="desk-represent">
        {t('identify.representativeSet')}
      </button>
      {current && (
        <p class="desk__hint" data-testid="desk-representing">
          {t('identify.representing', { establishment: current })}
        </p>
      )}
    </form>
  );
}

export function CodeStep({ snapshot, actor, t }: StepProps) {
  const { code } = snapshot.context;
  const [digits, setDigits] = useState('');
  const ref = useFocusOnMount<HTMLInputElement>();
  return (
    <form
      class="desk__form"
      onSubmit={(e) => {
        e.preventDefault();
        actor.send({ type: 'CODE', code: toAsciiDigits(digits).trim() });
        setDigits('');
      }}
    >
      <p data-testid="desk-code-sent">{code ? t('code.sent', { mobile: `\u2066${code.sentTo}\u2069` }) : t('code.notSent')}</p>
      <DigitsField
        label={t('code.label')}
        testId="desk-code"
        maxLength={6}
        value={digits}
        onValue={setDigits}
        inputRef={ref}
        autoComplete="one-time-code"
        disabled={!code}
        code
      />
      <div class="desk__buttons">
        <button type="submit" class="button button--primary desk__primary" disabled={!code} data-testid="desk-verify">
          {t('code.verify')}
        </button>
        <button type="button" class="button" data-testid="desk-resend" onClick={() => actor.send({ type: 'RESEND' })}>
          {t('code.resend')}
        </button>
      </div>
    </form>
  );
}

/** The service form, starting from the common case (defaultRequest) or what was filled in before. */
export function FormStep({ snapshot, actor, t }: StepProps) {
  const c = snapshot.context;
  const person = c.person;
  const [request, setRequest] = useState<ServiceRequest | null>(() =>
    c.request ?? (person ? defaultRequest(c.service, person.record, c.fees, c.today) : null),
  );
  const first = useFocusOnMount<HTMLSelectElement & HTMLInputElement>();
  const submitRef = useFocusOnMount<HTMLButtonElement>();
  if (!request || !person) return null;
  const kind = c.steps.form;
  const periods =
    request.service === 'iqama.renew' || request.service === 'iqama.issue'
      ? person.record.profession.domestic
        ? c.fees.iqama.domesticWorkerPeriodsMonths
        : c.fees.iqama.periodsMonths
      : request.service === 'exitReentry.single' || request.service === 'exitReentry.multiple'
        ? Array.from({ length: c.fees.exitReentry[request.service === 'exitReentry.single' ? 'single' : 'multiple'].maxMonths }, (_, i) => i + 1)
        : [];
  return (
    <form
      class="desk__form"
      onSubmit={(e) => {
        e.preventDefault();
        actor.send({ type: 'FILL', request });
      }}
    >
      {kind === 'months' && 'months' in request && (
        <label class="field">
          <span class="field__label">{t('form.months')}</span>
          <select
            class="input"
            data-testid="desk-months"
            value={String(request.months)}
            onChange={(e) => setRequest({ ...request, months: Number(e.currentTarget.value) } as ServiceRequest)}
          >
            {periods.map((m) => (
              <option key={m} value={String(m)}>
                {t('form.monthsOption', { count: m })}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'profession' && request.service === 'profession.change' && (
        <>
          <label class="field">
            <span class="field__label">{t('form.profession')}</span>
            <select
              ref={first}
              class="input"
              data-testid="desk-profession"
              value={request.profession.code}
              onChange={(e) => setRequest({ ...request, profession: { code: e.currentTarget.value, domestic: false } })}
            >
              <option value="">—</option>
              {PROFESSION_CODES.map((p) => (
                <option key={p} value={p}>
                  {t(`form.professions.${p}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {kind === 'sponsor' && request.service === 'sponsorship.transfer' && (
        <>
          <fieldset class="field">
            <legend class="field__label">{t('form.sponsorKind')}</legend>
            {(['establishment', 'person'] as const).map((k) => (
              <label key={k} class="choice">
                <input
                  type="radio"
                  name="sponsorKind"
                  checked={request.newSponsor.kind === k}
                  onChange={() =>
                    setRequest({ ...request, newSponsor: k === 'establishment' ? { kind: k, establishmentId: '' } : { kind: k, idNumber: '' } })
                  }
                />
                {t(k === 'establishment' ? 'form.establishment' : 'form.personSponsor')}
              </label>
            ))}
          </fieldset>
          <label class="field">
            <span class="field__label">{t('form.sponsorNumber')}</span>
            <input
              ref={first}
              class="input ltr"
              inputMode="numeric"
              maxLength={10}
              data-testid="desk-sponsor"
              value={request.newSponsor.kind === 'establishment' ? request.newSponsor.establishmentId : request.newSponsor.idNumber}
              onInput={(e) => {
                const value = toAsciiDigits(e.currentTarget.value).trim();
                setRequest({
                  ...request,
                  newSponsor: request.newSponsor.kind === 'establishment' ? { kind: 'establishment', establishmentId: value } : { kind: 'person', idNumber: value },
                });
              }}
            />
          </label>
        </>
      )}
      {kind === 'address' && request.service === 'parcel.add' && <AddressFields address={request.address} t={t} onChange={(address) => setRequest({ ...request, address })} />}
      <button ref={kind === 'months' ? submitRef : undefined} type="submit" class="button button--primary desk__primary" data-testid="desk-continue">
        {t('form.continue')}
      </button>
    </form>
  );
}

const NATIONAL_FIELDS = ['buildingNumber', 'street', 'district', 'city', 'postalCode', 'additionalNumber'] as const;

function AddressFields({ address, onChange, t }: { address: ParcelAddress; onChange: (a: ParcelAddress) => void; t: Translate }) {
  const first = useFocusOnMount<HTMLInputElement>();
  return (
    <>
      <fieldset class="field">
        <legend class="field__label">{t('form.addressKind')}</legend>
        <label class="choice">
          <input type="radio" name="addressKind" checked={address.kind === 'short'} onChange={() => onChange({ kind: 'short', shortAddress: '' })} />
          {t('form.shortAddress')}
        </label>
        <label class="choice">
          <input
            type="radio"
            name="addressKind"
            checked={address.kind === 'national'}
            onChange={() => onChange({ kind: 'national', buildingNumber: '', street: '', district: '', city: '', postalCode: '', additionalNumber: '' })}
          />
          {t('form.nationalAddress')}
        </label>
      </fieldset>
      {address.kind === 'short' ? (
        <label class="field">
          <span class="field__label">{t('form.shortAddress')}</span>
          <input
            ref={first}
            class="input ltr"
            maxLength={8}
            data-testid="desk-short-address"
            value={address.shortAddress}
            onInput={(e) => onChange({ kind: 'short', shortAddress: e.currentTarget.value.toUpperCase().trim() })}
          />
        </label>
      ) : (
        NATIONAL_FIELDS.map((f) => (
          <label key={f} class="field">
            <span class="field__label">{t(`form.${f}`)}</span>
            <input class="input" data-testid={`desk-address-${f}`} value={address[f]} onInput={(e) => onChange({ ...address, [f]: e.currentTarget.value })} />
          </label>
        ))
      )}
    </>
  );
}

export function IneligibleStep({ snapshot, actor, t }: StepProps) {
  const { decision, steps } = snapshot.context;
  return (
    <div class="desk__form">
      <h3 class="desk__refused">{t('ineligible.title')}</h3>
      <Failures failures={decision?.failures ?? []} t={t} />
      {steps.form && <PrimaryButton testId="desk-back" label={t('ineligible.back')} onClick={() => actor.send({ type: 'BACK' })} />}
    </div>
  );
}

export function QuoteStep({ snapshot, actor, t }: StepProps) {
  const { decision, steps } = snapshot.context;
  return (
    <div class="desk__form">
      <FeeTable fees={decision?.fees ?? []} total={decision?.total ?? 0} t={t} />
      <div class="desk__buttons">
        <PrimaryButton testId="desk-accept" label={t('fees.accept')} onClick={() => actor.send({ type: 'ACCEPT' })} />
        {steps.form && (
          <button type="button" class="button" onClick={() => actor.send({ type: 'BACK' })}>
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
        actor.send({ type: 'PAID', method, reference: reference.trim() || null });
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
        <PrimaryButton testId="desk-submit" label={t('review.submit')} onClick={() => actor.send({ type: 'SUBMIT' })} />
        {!payment && snapshot.can({ type: 'BACK' }) && (
          <button type="button" class="button" onClick={() => actor.send({ type: 'BACK' })}>
            {t('review.back')}
          </button>
        )}
      </div>
    </div>
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
      <button type="button" class="button" onClick={() => actor.send({ type: 'RETRY' })}>
        {t('wait.retry')}
      </button>
    </div>
  );
}
