/**
 * What the office is judged by: the service-level target the floor works to, and the
 * pilot's evaluation as the directorate set it: its window, its targets, what a
 * counter-hour costs, and a regular office's figures to compare with (empty: unknown).
 */
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import { FormFrame, NumberField, TextField } from './fields.tsx';
import type { PartFormProps } from './SectionsForm.tsx';
import { useConfigForm } from './useConfigForm.ts';

const TARGETS = ['serviceLevelShare', 'serviceLevelMinutes', 'satisfaction', 'noShowMax', 'transactionsPerCounterHour', 'costPerTransactionMax'] as const;
const BASELINE = ['serviceLevelShare', 'medianWaitMinutes', 'satisfaction', 'noShowShare', 'transactionsPerCounterHour', 'costPerTransaction'] as const;
/** Figures written as a share from 0 to 1. */
const SHARES: ReadonlySet<string> = new Set(['serviceLevelShare', 'noShowMax', 'noShowShare']);

export function TargetsForm({ api, config, onSaved }: PartFormProps) {
  const tc = useT('adminConfig');
  const form = useConfigForm('targets', config, api, onSaved);
  const hint = (key: string): string | undefined => (SHARES.has(key) ? tc('targets.shareHint') : undefined);

  return (
    <FormFrame form={form} title={tc('targets.title')}>
      <div class="settings-grid">
        <NumberField form={form} path="serviceLevelTargetMinutes" label={tc('targets.serviceLevelTargetMinutes')} hint={tc('targets.serviceLevelTargetHint')} />
      </div>
      <fieldset class="settings-grid">
        <legend>{tc('targets.pilot')}</legend>
        <TextField form={form} path="pilot.startDate" label={tc('targets.startDate')} attrs={{ type: 'date', dir: 'ltr' }} />
        <NumberField form={form} path="pilot.months" label={tc('targets.months')} />
        <NumberField form={form} path="pilot.staffCostPerCounterHour" label={tc('targets.staffCostPerCounterHour')} />
      </fieldset>
      <fieldset class="settings-grid">
        <legend>{tc('targets.targets')}</legend>
        {TARGETS.map((key) => (
          <NumberField key={key} form={form} path={`pilot.targets.${key}`} label={tc(`targets.target.${key}`)} hint={hint(key)} />
        ))}
      </fieldset>
      <fieldset class="settings-grid">
        <legend>{tc('targets.baseline')}</legend>
        <TextField form={form} path="pilot.baseline.label" label={tc('targets.baselineLabel')} attrs={{ maxLength: 120 }} />
        {BASELINE.map((key) => (
          <NumberField key={key} form={form} path={`pilot.baseline.${key}`} label={tc(`targets.base.${key}`)} hint={hint(key) ?? tc('targets.unknownHint')} nullable />
        ))}
      </fieldset>
    </FormFrame>
  );
}
