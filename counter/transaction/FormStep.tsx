/**
 * The request's own form: the period (only those the fee schedule allows, from
 * allowedPeriods, as the rules check), a new profession, a new sponsor, a parcel's
 * national address.
 */
import { useState } from 'preact/hooks';
import { PROFESSION_CODES, defaultRequest } from '../../shared/domain/transactionSteps.ts';
import type { ServiceRequest } from '../../shared/domain/rules.ts';
import type { ParcelAddress } from '../../shared/domain/address.ts';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { type Translate } from '../../shared/ui/I18nProvider.tsx';
import { toAsciiDigits } from '../../shared/domain/identity.ts';
import type { StepProps } from './parts.tsx';
import { allowedPeriods } from '../../shared/domain/fees.ts';

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
  const periods = allowedPeriods(c.fees, request.service, person.record.profession.domestic);
  return (
    <form
      class="desk__form"
      onSubmit={(e) => {
        e.preventDefault();
        actor.send({ type: 'form.fill', request });
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

