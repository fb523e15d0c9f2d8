/**
 * An establishment's report as the counter prints it for its representative: people,
 * expiry buckets, visas by state, open violations and the Muqeem quota, in the officer's
 * language. Only this part of the screen goes to the printer (notices.css).
 */
import { EXPIRY_BUCKETS, VISA_STATES, type NoticesReport } from '../../shared/domain/establishmentNotices.ts';
import { useFocusOnMount } from '../../shared/ui/hooks.ts';
import { useI18n, type Translate } from '../../shared/ui/I18nProvider.tsx';
import { formatDay } from '../transaction/format.ts';

export function NoticesReportView({ report, t, onBack }: { report: NoticesReport; t: Translate; onBack: () => void }) {
  const { language } = useI18n();
  const name = language === 'en' ? report.name.en : report.name.ar;
  // Western digits in both languages, as the rest of the counter writes numbers and dates.
  const n = (value: number) => new Intl.NumberFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en').format(value);
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="notices__report-wrap">
      <div class="notices__buttons notices__no-print">
        <button ref={ref} type="button" class="button button--primary" onClick={() => window.print()} data-testid="notices-print-now">
          {t('notices.print')}
        </button>
        <button type="button" class="button" onClick={onBack}>
          {t('notices.backToList')}
        </button>
      </div>
      <article class="notices-report" data-testid="notices-report">
        <h3>{t('notices.report.title')}</h3>
        <p>
          {name} · <bdi>{report.establishmentId}</bdi> · {t('notices.report.day')} <bdi>{formatDay(report.day, language)}</bdi>
        </p>
        <p>{t('notices.report.people', { residents: n(report.counts.residents), visitors: n(report.counts.visitors) })}</p>

        <h4>{t('notices.report.quota')}</h4>
        <p>
          {report.quota.kind === 'comprehensive'
            ? t('notices.report.comprehensive')
            : t('notices.report.operations', { remaining: n(report.quota.remaining ?? 0) })}{' '}
          {t('notices.report.used', { month: n(report.quota.usedInMonth), total: n(report.quota.usedTotal) })}
        </p>

        <h4>{t('notices.report.expiry')}</h4>
        <table class="notices__table">
          <thead>
            <tr>
              <th scope="col">{t('notices.report.document')}</th>
              {EXPIRY_BUCKETS.map((b) => (
                <th scope="col" key={b}>{t(`notices.report.buckets.${b}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(['iqama', 'passport'] as const).map((doc) => (
              <tr key={doc}>
                <th scope="row">{t(`notices.report.${doc}`)}</th>
                {EXPIRY_BUCKETS.map((b) => (
                  <td key={b}>{n(report.expiry[doc][b])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>

        <h4>{t('notices.report.visas')}</h4>
        <table class="notices__table">
          <thead>
            <tr>
              {VISA_STATES.map((s) => (
                <th scope="col" key={s}>{t(`notices.report.visaStates.${s}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {VISA_STATES.map((s) => (
                <td key={s}>{n(report.visas.total[s])}</td>
              ))}
            </tr>
          </tbody>
        </table>

        <h4>{t('notices.report.violations', { count: report.violations.length })}</h4>
        {report.violations.length === 0 ? (
          <p>{t('notices.report.noViolations')}</p>
        ) : (
          <table class="notices__table">
            <thead>
              <tr>
                <th scope="col">{t('notices.number')}</th>
                <th scope="col">{t('notices.report.name')}</th>
                <th scope="col">{t('notices.report.violation')}</th>
                <th scope="col">{t('notices.report.since')}</th>
              </tr>
            </thead>
            <tbody>
              {report.violations.map((v) => (
                <tr key={`${v.idNumber}-${v.kind}`}>
                  <td><bdi>{v.idNumber}</bdi></td>
                  <td>{language === 'en' ? v.name.en : v.name.ar}</td>
                  <td>{t(`notices.report.kinds.${v.kind}`, { amount: n(v.amount ?? 0) })}</td>
                  <td><bdi>{v.since ? formatDay(v.since, language) : ''}</bdi></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </article>
    </div>
  );
}
