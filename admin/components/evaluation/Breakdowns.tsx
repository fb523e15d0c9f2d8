/**
 * The evaluation's tables: morning against evening side by side, each officer's figures,
 * transactions by service with revenue, refusals by rule, cancelled transactions by step
 * and reason, and the kiosk languages used. Bars where people compare sizes; each bar
 * chart reads as a list to screen readers (BarChart).
 */
import type { Evaluation, Figures } from '../../../shared/domain/metrics/types.ts';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import { LANGUAGE_NAMES, type Language } from '../../../shared/i18n/index.ts';
import type { Formats } from '../../format.ts';
import type { OfficerName } from '../../../shared/api/metricsTypes.ts';
import { BarChart } from '../BarChart.tsx';
import { officerLabel } from '../floor/FloorView.tsx';

export function ShiftTable({ evaluation, f }: { evaluation: Evaluation; f: Formats }) {
  const t = useT('pilot');
  const rows: [string, (x: Figures) => string][] = [
    [t('figures.tickets'), (x) => f.count(x.tickets.tickets)],
    [t('figures.served'), (x) => f.count(x.tickets.served)],
    [t('figures.wait'), (x) => f.minutes(x.tickets.wait.median)],
    [t('charts.waitP90'), (x) => f.minutes(x.tickets.wait.p90)],
    [t('figures.serviceLevel', { minutes: evaluation.figures.tickets.serviceLevel.targetMinutes }), (x) => f.percent(x.tickets.serviceLevel.share)],
    [t('figures.noShowRate'), (x) => f.percent(x.tickets.noShowRate)],
    [t('figures.utilisation'), (x) => f.percent(x.counters.utilisation)],
    [t('figures.transactionsPerCounterHour'), (x) => f.decimal(x.counters.transactionsPerCounterHour, 2)],
    [t('figures.csat'), (x) => f.decimal(x.tickets.satisfaction.csat, 0)],
  ];
  return (
    <section class="panel" aria-labelledby="shift-title" data-testid="shifts">
      <h2 id="shift-title">{t('breakdowns.shifts')}</h2>
      <table class="table">
        <thead>
          <tr>
            <td />
            {evaluation.shifts.map((s) => (
              <th key={s.shift} scope="col">
                {t(`shifts.${s.shift}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {evaluation.shifts.map((s) => (
                <td key={s.shift}>{value(s.figures)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function OfficerTable({ evaluation, officers, f }: { evaluation: Evaluation; officers: readonly OfficerName[]; f: Formats }) {
  const t = useT('pilot');
  const { language } = useI18n();
  return (
    <section class="panel" aria-labelledby="officers-title" data-testid="officers">
      <h2 id="officers-title">{t('breakdowns.officers')}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('breakdowns.officer')}</th>
              <th scope="col">{t('figures.served')}</th>
              <th scope="col">{t('figures.service')}</th>
              <th scope="col">{t('figures.staffedHours')}</th>
              <th scope="col">{t('figures.utilisation')}</th>
              <th scope="col">{t('figures.completed')}</th>
              <th scope="col">{t('figures.refused')}</th>
              <th scope="col">{t('figures.csat')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.officers.map((o) => (
              <tr key={o.officerBadge}>
                <th scope="row">{officerLabel(officers, o.officerBadge, language)}</th>
                <td>{f.count(o.served)}</td>
                <td>{f.minutes(o.service.median)}</td>
                <td>{f.hours(o.staffedHours)}</td>
                <td>{f.percent(o.utilisation)}</td>
                <td>{f.count(o.transactions)}</td>
                <td>{f.count(o.refused)}</td>
                <td>{f.decimal(o.csat, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TransactionTables({ evaluation, f }: { evaluation: Evaluation; f: Formats }) {
  const t = useT('pilot');
  const services = useT('services');
  const x = evaluation.figures.transactions;
  return (
    <>
      <section class="panel" aria-labelledby="tx-title" data-testid="transactions">
        <h2 id="tx-title">{t('breakdowns.transactions')}</h2>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('filters.service')}</th>
                <th scope="col">{t('figures.completed')}</th>
                <th scope="col">{t('figures.refused')}</th>
                <th scope="col">{t('figures.revenue')}</th>
              </tr>
            </thead>
            <tbody>
              {x.byService.map((s) => (
                <tr key={s.service}>
                  <th scope="row">{services(`catalog.${s.service}`, { defaultValue: s.service })}</th>
                  <td>{f.count(s.completed)}</td>
                  <td>{f.count(s.refused)}</td>
                  <td>{f.money(s.revenue)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('breakdowns.total')}</th>
                <td>{f.count(x.completed)}</td>
                <td>{f.count(x.refused)}</td>
                <td>{f.money(x.revenue)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <div class="charts charts--two">
        <BarChart
          title={t('breakdowns.refusalsByRule')}
          bars={x.refusalsByRule.slice(0, 10).map((r) => ({ key: r.rule, label: t(`rules.${r.rule}`, { defaultValue: r.rule }), value: r.count, color: '#a10e0e' }))}
        />
        <BarChart
          title={t('breakdowns.cancellationsByStep')}
          bars={x.cancellationsByStep.map((s) => ({ key: s.step, label: t(`steps.${s.step}`, { defaultValue: s.step }), value: s.count, color: '#7a4a00' }))}
        />
        <BarChart title={t('breakdowns.cancellationsByReason')} bars={x.cancellationsByReason.slice(0, 10).map((r) => ({ key: r.reason, label: r.reason, value: r.count, color: '#5c5c5c' }))} />
        <BarChart
          title={t('breakdowns.languages')}
          bars={evaluation.figures.tickets.languages.map((l) => ({ key: l.language, label: LANGUAGE_NAMES[l.language as Language] ?? l.language, value: l.tickets }))}
        />
      </div>
    </>
  );
}
