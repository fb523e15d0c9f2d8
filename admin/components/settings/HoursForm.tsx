/**
 * Opening hours: the morning and evening periods of every day (the mall's hours), in
 * office time, and the office's time zone, which decides which day a ticket belongs to.
 */
import { SHIFT_IDS, type Shift } from '../../../shared/domain/office.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import { FieldProblem, FormFrame, TextField } from './fields.tsx';
import type { PartFormProps } from './SectionsForm.tsx';
import { fieldId, useConfigForm } from './useConfigForm.ts';

const USUAL: Record<Shift['id'], Shift> = {
  morning: { id: 'morning', from: '09:00', to: '12:00' },
  evening: { id: 'evening', from: '16:00', to: '22:00' },
};

export function HoursForm({ api, config, onSaved }: PartFormProps) {
  const tc = useT('adminConfig');
  const form = useConfigForm('hours', config, api, onSaved);
  const shifts = form.draft.shifts;

  // Shifts stay in the day's order, so a problem's path ("shifts.1.from") finds its field.
  const setOpen = (id: Shift['id'], open: boolean): void =>
    form.update((d) => {
      const others = d.shifts.filter((x) => x.id !== id);
      const next = open ? [...others, d.shifts.find((x) => x.id === id) ?? USUAL[id]] : others;
      return { ...d, shifts: SHIFT_IDS.flatMap((s) => next.filter((x) => x.id === s)) };
    });

  return (
    <FormFrame form={form} title={tc('hours.title')}>
      <TextField form={form} path="timeZone" label={tc('hours.timeZone')} hint={tc('hours.timeZoneHint')} attrs={{ dir: 'ltr', autoComplete: 'off', spellcheck: false }} />
      <div id={fieldId('hours', 'shifts')} tabIndex={-1} class="settings-list">
        <FieldProblem form={form} path="shifts" exact />
        {SHIFT_IDS.map((id) => {
          const i = shifts.findIndex((s) => s.id === id);
          const toggleId = `cfg-hours-open-${id}`;
          return (
            <fieldset key={id} class="settings-row">
              <legend>{tc(`hours.shift.${id}`)}</legend>
              <label class="radio" for={toggleId}>
                <input id={toggleId} type="checkbox" checked={i >= 0} onChange={(e) => setOpen(id, e.currentTarget.checked)} />
                {tc('hours.open')}
              </label>
              {i >= 0 && (
                <>
                  <TextField form={form} path={`shifts.${i}.from`} label={tc('hours.from')} attrs={{ type: 'time', dir: 'ltr' }} />
                  <TextField form={form} path={`shifts.${i}.to`} label={tc('hours.to')} attrs={{ type: 'time', dir: 'ltr' }} />
                  <FieldProblem form={form} path={`shifts.${i}.id`} />
                </>
              )}
            </fieldset>
          );
        })}
      </div>
    </FormFrame>
  );
}
