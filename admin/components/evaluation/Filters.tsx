/**
 * The evaluation's filters: the days (the whole pilot by default), and optionally one
 * section, service, shift, counter, officer or kiosk language. Choices come from what the
 * office has; "Apply" (or Enter) asks for the slice, "Whole pilot" clears everything.
 */
import { useEffect, useState } from 'preact/hooks';
import { useI18n, useT } from '../../../shared/ui/I18nProvider.tsx';
import { LANGUAGE_NAMES, type Language } from '../../../shared/i18n/index.ts';
import { localized } from '../../localized.ts';
import type { FilterOptions, MetricsFilter, PilotWindow } from '../../../shared/api/metricsTypes.ts';

export interface FiltersProps {
  readonly filter: Partial<MetricsFilter>;
  readonly options: FilterOptions | null;
  readonly pilot: PilotWindow | null;
  readonly onApply: (filter: Partial<MetricsFilter>) => void;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export function Filters({ filter, options, pilot, onApply }: FiltersProps) {
  const t = useT('pilot');
  const services = useT('services');
  const { language } = useI18n();
  const [draft, setDraft] = useState<Partial<MetricsFilter>>(filter);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(filter), [filter]);

  const set = (key: keyof MetricsFilter, value: string): void => {
    setDraft((d) => {
      const next: Record<string, unknown> = { ...d };
      if (value === '') delete next[key];
      else next[key] = key === 'counterId' ? Number(value) : value;
      return next as Partial<MetricsFilter>;
    });
  };
  const submit = (e: Event): void => {
    e.preventDefault();
    const from = draft.from ?? pilot?.startDate;
    const to = draft.to ?? pilot?.today;
    if ((draft.from && !DAY_RE.test(draft.from)) || (draft.to && !DAY_RE.test(draft.to))) return setProblem(t('filters.badDate'));
    if (from && to && from > to) return setProblem(t('filters.fromAfterTo'));
    setProblem(null);
    onApply(draft);
  };
  const select = (key: keyof MetricsFilter, label: string, choices: readonly { value: string; label: string }[]) => (
    <div class="field">
      <label class="field__label" for={`filter-${key}`}>
        {label}
      </label>
      <select id={`filter-${key}`} class="input" value={draft[key] === undefined ? '' : String(draft[key])} onChange={(e) => set(key, e.currentTarget.value)}>
        <option value="">{t('filters.all')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form class="panel filters" onSubmit={submit} aria-labelledby="filters-title" data-testid="filters">
      <h2 id="filters-title" class="visually-hidden">
        {t('filters.title')}
      </h2>
      <div class="field">
        <label class="field__label" for="filter-from">
          {t('filters.from')}
        </label>
        <input id="filter-from" class="input" type="date" value={draft.from ?? ''} min={pilot?.startDate} max={pilot?.today} onChange={(e) => set('from', e.currentTarget.value)} />
      </div>
      <div class="field">
        <label class="field__label" for="filter-to">
          {t('filters.to')}
        </label>
        <input id="filter-to" class="input" type="date" value={draft.to ?? ''} min={pilot?.startDate} max={pilot?.today} onChange={(e) => set('to', e.currentTarget.value)} />
      </div>
      {select('sectionId', t('filters.section'), (options?.sections ?? []).map((s) => ({ value: s.id, label: localized(s.name, language) })))}
      {select('service', t('filters.service'), (options?.services ?? []).map((s) => ({ value: s, label: services(`catalog.${s}`, { defaultValue: s }) })))}
      {select('shift', t('filters.shift'), ['morning', 'evening'].map((s) => ({ value: s, label: t(`shifts.${s}`) })))}
      {select('counterId', t('filters.counter'), (options?.counters ?? []).map((c) => ({ value: String(c.id), label: t('floor.counters.counter', { id: c.id }) })))}
      {select('officerBadge', t('filters.officer'), (options?.officers ?? []).map((o) => ({ value: o.badge, label: `${localized(o.name, language)} · ${o.badge}` })))}
      {select('language', t('filters.language'), (options?.languages ?? []).map((l) => ({ value: l, label: LANGUAGE_NAMES[l as Language] ?? l })))}
      <div class="filters__buttons">
        <button type="submit" class="button button--primary">
          {t('filters.apply')}
        </button>
        <button type="button" class="button" onClick={() => onApply({})}>
          {t('filters.wholePilot')}
        </button>
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
