/**
 * The first steps of a transaction: who the person is (their number, or a name search,
 * or the number the ticket brought), an establishment's representative, and the one-time
 * code sent to the person's registered mobile.
 */
import { useState } from 'preact/hooks';
import { messageOf, type CounterMessage } from '../../shared/machines/counterTypes.ts';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { useI18n } from '../../shared/ui/I18nProvider.tsx';
import type { NameMatch } from '../../shared/api/counterTypes.ts';
import { toAsciiDigits } from '../../shared/domain/identity.ts';
import { DigitsField, Problem, type StepProps } from './parts.tsx';

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
          if (steps.byVisaNumber && visa && !idNumber.trim()) actor.send({ type: 'person.findVisa', visaNumber: visa });
          else actor.send({ type: 'person.identify', idNumber: toAsciiDigits(idNumber).trim() });
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
                  (idNumber) => actor.send({ type: 'person.identify', idNumber }),
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
                  <button type="button" class="button desk__match" onClick={() => actor.send({ type: 'person.identify', idNumber: m.idNumber })}>
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
        actor.send({ type: 'person.represent', establishmentId: id === '' ? null : id });
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
        actor.send({ type: 'code.enter', code: toAsciiDigits(digits).trim() });
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
        <button type="button" class="button" data-testid="desk-resend" onClick={() => actor.send({ type: 'code.resend' })}>
          {t('code.resend')}
        </button>
      </div>
    </form>
  );
}

/** The service form, starting from the common case (defaultRequest) or what was filled in before. */
