/**
 * The pilot's scorecard: each target as people write it ("85 % served within 15
 * minutes"), where it stands, its weekly trend, where that trend lands at the end of month
 * six (with a 90 % interval), next to a regular office's figures and the other offices in
 * the store; then the recommendation (roll out, extend, stop) with its reasons, and the
 * whole pilot's charts below. "Print the report" prints it as A4 pages (print.css rules in
 * admin.css), right-to-left in Arabic. A director sees every office side by side.
 */
import { useCallback } from 'preact/hooks';
import type { TargetId, TargetResult } from '../../../shared/domain/metrics/types.ts';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { localized } from '../../localized.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { useFormats, type Formats } from '../../format.ts';
import type { ScorecardResponse } from '../../../shared/api/metricsTypes.ts';
import { useAdminData } from '../../useAdminData.ts';
import { DataState } from '../DataState.tsx';
import { EvaluationCharts } from '../evaluation/EvaluationCharts.tsx';
import { Sparkline } from './Sparkline.tsx';

/** How each target's values read. */
export function targetFormat(id: TargetId, f: Formats): (v: number | null) => string {
  switch (id) {
    case 'serviceLevel':
    case 'noShow':
      return (v) => f.percent(v);
    case 'satisfaction':
      return (v) => f.decimal(v, 0);
    case 'transactionsPerCounterHour':
      return (v) => f.decimal(v, 2);
    case 'costPerTransaction':
      return (v) => f.money(v === null ? null : Math.round(v));
  }
}

const BASELINE_OF: Record<TargetId, keyof ScorecardResponse['baseline']> = {
  serviceLevel: 'serviceLevelShare',
  satisfaction: 'satisfaction',
  noShow: 'noShowShare',
  transactionsPerCounterHour: 'transactionsPerCounterHour',
  costPerTransaction: 'costPerTransaction',
};

export default function ScorecardView({ api }: { api: AdminApi }) {
  const director = useReadOnly();
  const card = useAdminData(useCallback(() => api.scorecard(), [api]));
  const whole = useAdminData(useCallback(() => api.metrics({}), [api]));
  const t = useT('pilot');
  const f = useFormats();
  const data = card.data;
  return (
    <DataState state={card}>
      {data && (
        <div class="scorecard report" data-testid="scorecard">
          <div class="report__tools no-print">
            <button type="button" class="button button--primary" onClick={() => window.print()}>
              {t('scorecard.print')}
            </button>
          </div>
          <ScorecardBody data={data} f={f} />
          {director && <DirectorTable api={api} />}
          {whole.data && (
            <section class="report__charts" aria-labelledby="report-charts">
              <h2 id="report-charts">{t('scorecard.charts')}</h2>
              <EvaluationCharts evaluation={whole.data.evaluation} targetMinutes={whole.data.targetMinutes} targetShare={whole.data.targetShare} f={f} />
            </section>
          )}
        </div>
      )}
    </DataState>
  );
}

function ScorecardBody({ data, f }: { data: ScorecardResponse; f: Formats }) {
  const t = useT('pilot');
  const { language } = useI18n();
  const { scorecard, baseline, others } = data;
  const pilot = scorecard.pilot;
  const decision = scorecard.recommendation.decision;
  return (
    <>
      <header class="report__header">
        <h2>{localized(data.officeName, language)}</h2>
        <p>{t('scorecard.window', { from: f.date(pilot.startDate), to: f.date(pilot.endDate), months: pilot.months })}</p>
        <label class="report__progress">
          <span>{t('scorecard.weeks', { elapsed: pilot.weeksElapsed, total: pilot.weeksTotal })}</span>
          <progress max={pilot.weeksTotal} value={Math.min(pilot.weeksElapsed, pilot.weeksTotal)} />
        </label>
      </header>
      <section class={`panel recommendation recommendation--${decision}`} aria-labelledby="recommendation" data-testid="recommendation">
        <h2 id="recommendation">{t(`scorecard.decision.${decision}`)}</h2>
        <ul>
          {scorecard.recommendation.reasons.map((r, i) => (
            <li key={i}>{reasonText(t, r.code, r.params, f)}</li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="targets">
        <h2 id="targets">{t('scorecard.targets')}</h2>
        <div class="table-scroll">
          <table class="table scorecard__table" data-testid="targets">
            <thead>
              <tr>
                <th scope="col">{t('scorecard.target')}</th>
                <th scope="col">{t('scorecard.now')}</th>
                <th scope="col">{t('scorecard.trend')}</th>
                <th scope="col">{t('scorecard.projection')}</th>
                <th scope="col">{t('scorecard.status')}</th>
                <th scope="col">{baseline.label || t('scorecard.baseline')}</th>
                {others && <th scope="col">{t('scorecard.others', { count: others.offices })}</th>}
              </tr>
            </thead>
            <tbody>
              {scorecard.targets.map((target) => (
                <TargetRow
                  key={target.id}
                  target={target}
                  f={f}
                  minutes={data.serviceLevelMinutes}
                  baseline={baseline[BASELINE_OF[target.id]] as number | null}
                  other={others?.values[target.id] ?? null}
                  showOthers={others !== null}
                />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

interface TargetRowProps {
  readonly target: TargetResult;
  readonly f: Formats;
  readonly minutes: number;
  readonly baseline: number | null;
  readonly other: number | null;
  readonly showOthers: boolean;
}

function TargetRow({ target, f, minutes, baseline, other, showOthers }: TargetRowProps) {
  const t = useT('pilot');
  const format = targetFormat(target.id, f);
  const p = target.projection;
  return (
    <tr data-target={target.id}>
      <th scope="row">{t(`scorecard.goal.${target.id}`, { value: format(target.target), minutes })}</th>
      <td>{format(target.current)}</td>
      <td>
        <Sparkline weekly={target.weekly} target={target.target} format={format} label={t('scorecard.trendLabel', { name: t(`scorecard.name.${target.id}`) })} />
      </td>
      <td>{p ? t('scorecard.projected', { value: format(p.value), low: format(p.low), high: format(p.high) }) : t('scorecard.notYet')}</td>
      <td>
        <span class={`tag tag--${target.status}`}>{t(`scorecard.statuses.${target.status}`)}</span>
      </td>
      <td>{format(baseline)}</td>
      {showOthers && <td>{format(other)}</td>}
    </tr>
  );
}

/** A recommendation reason in words: the target's name, its value and the target. */
export function reasonText(t: (key: string, o?: Record<string, unknown>) => string, code: string, params: Readonly<Record<string, string | number>>, f: Formats): string {
  const id = typeof params.id === 'string' ? (params.id as TargetId) : null;
  const format = id ? targetFormat(id, f) : (v: number | null) => f.decimal(v, 2);
  const num = (key: string): string => (typeof params[key] === 'number' ? format(params[key] as number) : String(params[key] ?? ''));
  return t(`scorecard.reasons.${code}`, {
    name: id ? t(`scorecard.name.${id}`) : '',
    value: num('value'),
    goal: num('target'),
    baseline: num('baseline'),
    projected: num('projected'),
    defaultValue: code,
  });
}

function DirectorTable({ api }: { api: AdminApi }) {
  const all = useAdminData(useCallback(() => api.scorecards(), [api]));
  const t = useT('pilot');
  const { language } = useI18n();
  const f = useFormats();
  const offices = all.data?.offices ?? [];
  const ids = offices[0]?.scorecard.targets.map((x) => x.id) ?? [];
  return (
    <section class="panel" aria-labelledby="all-offices" data-testid="all-offices">
      <h2 id="all-offices">{t('scorecard.allOffices')}</h2>
      <DataState state={all}>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <td />
                {offices.map((o) => (
                  <th key={o.officeId} scope="col">
                    {localized(o.officeName, language)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('scorecard.recommendation')}</th>
                {offices.map((o) => (
                  <td key={o.officeId}>{t(`scorecard.decision.${o.scorecard.recommendation.decision}`)}</td>
                ))}
              </tr>
              {ids.map((id) => (
                <tr key={id}>
                  <th scope="row">{t(`scorecard.name.${id}`)}</th>
                  {offices.map((o) => {
                    const target = o.scorecard.targets.find((x) => x.id === id);
                    return (
                      <td key={o.officeId}>
                        {target ? targetFormat(id, f)(target.current) : '—'} {target && <span class={`tag tag--${target.status}`}>{t(`scorecard.statuses.${target.status}`)}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </DataState>
    </section>
  );
}
