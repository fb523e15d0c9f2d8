/**
 * Which services of the catalogue the office offers (a group with none offered leaves the
 * kiosk), and the fee schedule in whole riyals. The kiosk's ranges and the counter's
 * quotes are computed from these amounts, on every device after its next update.
 */
import { DEFAULT_CATALOG, type ServiceId } from '../../../shared/domain/catalog.ts';
import { SERVICE_GROUPS } from '../../../shared/domain/services.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import { FieldProblem, FormFrame, ListField, NumberField } from './fields.tsx';
import type { PartFormProps } from './SectionsForm.tsx';
import { fieldId, useConfigForm } from './useConfigForm.ts';

/** Amounts and limits by group, as paths into the fee schedule; labels are `services.fees.<path>`. */
const FEES: readonly { readonly title: string; readonly numbers: readonly string[]; readonly lists?: readonly string[] }[] = [
  {
    title: 'iqama',
    numbers: ['iqama.residenceFeePerYear', 'iqama.workPermitLevyPerMonth', 'iqama.dependantFeePerMonth', 'iqama.domesticWorkerLevyPerMonth', 'iqama.lateGraceDays'],
    lists: ['iqama.periodsMonths', 'iqama.domesticWorkerPeriodsMonths', 'iqama.latePenalties'],
  },
  {
    title: 'exitReentry',
    numbers: [
      'exitReentry.single.baseFee',
      'exitReentry.single.baseMonths',
      'exitReentry.single.perExtraMonth',
      'exitReentry.single.maxMonths',
      'exitReentry.multiple.baseFee',
      'exitReentry.multiple.baseMonths',
      'exitReentry.multiple.perExtraMonth',
      'exitReentry.multiple.maxMonths',
      'exitReentry.cancel',
      'exitReentry.reprint',
    ],
  },
  { title: 'finalExit', numbers: ['finalExit.issue', 'finalExit.validityDays', 'finalExit.expiredCancellation', 'finalExit.reprint'] },
  { title: 'other', numbers: ['professionChange', 'parcelDelivery', 'query'], lists: ['sponsorshipTransfer'] },
];

export function ServicesForm({ api, config, onSaved }: PartFormProps) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const services = useT('services');
  const form = useConfigForm('services', config, api, onSaved);
  const offered: readonly string[] = form.draft.offered;

  const toggle = (id: ServiceId, on: boolean): void =>
    form.update((d) => ({ ...d, offered: on ? DEFAULT_CATALOG.map((e) => e.id).filter((x) => x === id || d.offered.includes(x)) : d.offered.filter((x) => x !== id) }));

  return (
    <FormFrame form={form} title={tc('services.title')}>
      <div id={fieldId('services', 'offered')} tabIndex={-1} class="settings-list">
        <h3>{tc('services.offered')}</h3>
        <FieldProblem form={form} path="offered" />
        {SERVICE_GROUPS.map((group) => (
          <fieldset key={group} class="settings-checks">
            <legend class="field__label">{t(`groups.${group}`)}</legend>
            {DEFAULT_CATALOG.filter((e) => e.group === group).map((e) => (
              <label key={e.id} class="radio">
                <input type="checkbox" checked={offered.includes(e.id)} onChange={(ev) => toggle(e.id, ev.currentTarget.checked)} />
                {services(`catalog.${e.id}`, { defaultValue: e.id })}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <h3>{tc('services.fees')}</h3>
      <p class="field__hint">{tc('services.feesHint')}</p>
      {FEES.map((block) => (
        <fieldset key={block.title} class="settings-grid">
          <legend>{tc(`services.feeGroups.${block.title}`)}</legend>
          {block.numbers.map((path) => (
            <NumberField key={path} form={form} path={`fees.${path}`} label={tc(`services.fee.${path}`)} />
          ))}
          {block.lists?.map((path) => (
            <ListField key={path} form={form} path={`fees.${path}`} label={tc(`services.fee.${path}`)} hint={tc('services.listHint')} />
          ))}
        </fieldset>
      ))}
    </FormFrame>
  );
}
