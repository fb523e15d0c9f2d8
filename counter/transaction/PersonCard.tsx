/**
 * The person's record as the officer needs it for the service at hand: who they are,
 * the dates the rules look at, and what the service is about (visas, licence, sponsor).
 */
import type { PersonLookup } from '../../shared/domain/resident.ts';
import type { ServiceId } from '../../shared/domain/catalog.ts';
import { useI18n } from '../../shared/ui/I18nProvider.tsx';
import type { Translate } from '../../shared/ui/I18nProvider.tsx';
import { countryName, formatDay } from './format.ts';

export interface PersonCardProps {
  readonly person: PersonLookup;
  readonly service: ServiceId;
  readonly t: Translate;
  /** Queries show everything; other services only what their rules read. */
  readonly full: boolean;
}

export function PersonCard({ person, service, t, full }: PersonCardProps) {
  const { language } = useI18n();
  const r = person.record;
  const name = language === 'ar' ? r.name.ar : r.name.en;
  const est = person.establishment;
  const showVisas = full || service.startsWith('exitReentry') || service.startsWith('finalExit') || service === 'query.visa';
  const showLicence = full || service === 'query.drivingLicence';
  return (
    <section class="person-card" aria-label={t('person.title')} data-testid="person-card">
      <h3 class="person-card__name">{name}</h3>
      <dl class="person-card__facts">
        <dt>{t('person.number')}</dt>
        <dd>
          <bdi dir="ltr" data-testid="person-number">{r.idNumber}</bdi>
        </dd>
        <dt>{t('person.nationality')}</dt>
        <dd data-testid="person-nationality">{countryName(r.nationality, language)}</dd>
        {r.kind === 'visitor' ? (
          <>
            <dt>{t('person.visitor')}</dt>
            <dd>✓</dd>
          </>
        ) : (
          <>
            <dt>{t('person.iqamaExpiry')}</dt>
            <dd>
              <bdi data-testid="person-iqama-expiry">{formatDay(r.iqamaExpiry, language)}</bdi>
            </dd>
          </>
        )}
        <dt>{t('person.passportExpiry')}</dt>
        <dd>
          <bdi>{formatDay(r.passport.expiry, language)}</bdi>
        </dd>
        <dt>{t('person.profession')}</dt>
        <dd>
          {t(`form.professions.${r.profession.code}`, { defaultValue: r.profession.code })}
          {r.profession.domestic ? ` · ${t('person.domestic')}` : ''}
        </dd>
        {r.dependants > 0 && (
          <>
            <dt>{t('person.dependants')}</dt>
            <dd>{r.dependants}</dd>
          </>
        )}
        {r.abroad && (
          <>
            <dt>{t('person.abroad')}</dt>
            <dd>✓</dd>
          </>
        )}
        {(full || r.unpaidViolations > 0) && (
          <>
            <dt>{t('person.violations')}</dt>
            <dd>{r.unpaidViolations}</dd>
          </>
        )}
        {(full || r.vehicles > 0) && (
          <>
            <dt>{t('person.vehicles')}</dt>
            <dd>{r.vehicles}</dd>
          </>
        )}
        {showLicence && (
          <>
            <dt>{t('person.licence')}</dt>
            <dd>{r.drivingLicence ? `${r.drivingLicence.number} · ${t('person.licenceUntil', { date: formatDay(r.drivingLicence.expiry, language) })}` : t('person.noLicence')}</dd>
          </>
        )}
        {est && (
          <>
            <dt>{t('person.sponsor')}</dt>
            <dd>
              {language === 'ar' ? est.name.ar : est.name.en} ·{' '}
              {est.subscription.kind === 'comprehensive' ? t('person.quotaUnlimited') : t('person.quota', { count: est.subscription.remaining })}
            </dd>
          </>
        )}
      </dl>
      {showVisas && (
        <>
          <h4 class="person-card__sub">{t('person.visas')}</h4>
          {r.visas.length === 0 ? (
            <p>{t('person.noVisas')}</p>
          ) : (
            <ul class="person-card__visas">
              {r.visas.map((v) => (
                <li key={v.visaNumber}>
                  {t('person.visa', {
                    number: v.visaNumber,
                    kind: t(`person.visaKinds.${v.kind}`),
                    status: t(`person.visaStatus.${v.status}`),
                    date: formatDay(v.validUntil, language),
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
