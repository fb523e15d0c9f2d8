/**
 * The services of the chosen group, each with what to bring and its fee range, from the
 * office's configuration (catalogue and fee schedule). Tapping one goes on to the ticket.
 */
import type { CatalogEntry, ServiceId } from '../shared/domain/catalog.ts';
import { feeRange, type FeeRange, type FeeSchedule } from '../shared/domain/fees.ts';
import { intlLocale } from '../shared/i18n/index.ts';
import { useFocusOnMount } from '../shared/ui/hooks.ts';
import { useI18n, useT, type Translate } from '../shared/ui/I18nProvider.tsx';

export interface CatalogScreenProps {
  readonly entries: readonly CatalogEntry[];
  readonly fees: FeeSchedule;
  readonly groupName: string;
  readonly onSelect: (service: ServiceId) => void;
  readonly onBack: () => void;
}

/**
 * "SAR 200 to 1,200, plus fees for dependants" in the reader's language: whole sentences
 * from each language's own templates (`fees.withExtras` joins the amount and the extras,
 * which are bare noun phrases, so no conjunction or Latin comma is doubled), and
 * Intl.ListFormat only on the extras themselves. A range from 0 reads "free, or up to".
 */
export function feeText(range: FeeRange, services: Translate, language: string): string {
  const amount =
    range.max === 0
      ? services('fees.free')
      : range.min === range.max
        ? services('fees.exact', { amount: range.min })
        : range.min === 0
          ? services('fees.upTo', { max: range.max })
          : services('fees.range', { min: range.min, max: range.max });
  if (range.extras.length === 0) return amount;
  const list = new Intl.ListFormat(intlLocale(language), { type: 'conjunction' });
  return services('fees.withExtras', { amount, extras: list.format(range.extras.map((e) => services(`fees.extras.${e}`))) });
}

export function CatalogScreen(props: CatalogScreenProps) {
  const t = useT('kiosk');
  const services = useT('services');
  const { language } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  // 'conjunction', not 'unit': ICU's Urdu unit list mixes a Latin comma with the Arabic one (review C2).
  const list = new Intl.ListFormat(intlLocale(language), { type: 'conjunction' });
  return (
    <main class="kiosk-screen">
      <h1 class="kiosk-title" ref={heading} tabIndex={-1}>
        {t('catalog.title')}
        <span class="kiosk-title__second">{props.groupName}</span>
      </h1>
      <ul class="choice-grid choice-grid--catalog" role="list">
        {props.entries.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              class="choice choice--catalog"
              data-service={entry.id}
              aria-label={services(`catalog.${entry.id}`)}
              aria-describedby={`bring-${entry.id} fee-${entry.id}`}
              onClick={() => props.onSelect(entry.id)}
            >
              <span class="choice__text">
                <span class="choice__label">{services(`catalog.${entry.id}`)}</span>
                <span class="catalog__line" id={`bring-${entry.id}`}>
                  <span class="catalog__key">{t('catalog.bring')}: </span>
                  {list.format(entry.bring.map((d) => services(`documents.${d}`)))}
                </span>
                <span class="catalog__line" id={`fee-${entry.id}`}>
                  <span class="catalog__key">{t('catalog.fee')}: </span>
                  {feeText(feeRange(entry.id, props.fees), services, language)}
                </span>
              </span>
              <span class="catalog__take" aria-hidden="true">
                {t('catalog.take')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div class="kiosk-actions">
        <button type="button" class="button button--large" onClick={props.onBack}>
          {t('back')}
        </button>
      </div>
    </main>
  );
}
