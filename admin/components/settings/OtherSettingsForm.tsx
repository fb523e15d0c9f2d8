/**
 * The rest of the office's settings: how soon a counter locks and a session ends, how
 * many wrong PINs lock an officer out, the queue's limits and the appointment check-in
 * window. Counters apply the lock and queue limits when they next start.
 */
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import { FormFrame, NumberField } from './fields.tsx';
import type { PartFormProps } from './SectionsForm.tsx';
import { useConfigForm } from './useConfigForm.ts';

const ACCOUNTS = ['idleLockMinutes', 'sessionHours', 'maxPinAttempts'] as const;
const QUEUE = [
  'starvationMinutes',
  'appointmentGraceMinutes',
  'maxRecalls',
  'noShowAfterSeconds',
  'defaultServiceMinutes',
  'turnNearPosition',
  'turnNearMinutes',
  'moreTimePlaces',
] as const;
const APPOINTMENTS = ['checkInEarlyMinutes', 'checkInLateMinutes'] as const;

export function OtherSettingsForm({ api, config, onSaved }: PartFormProps) {
  const tc = useT('adminConfig');
  const form = useConfigForm('settings', config, api, onSaved);
  return (
    <FormFrame form={form} title={tc('other.title')}>
      <fieldset class="settings-grid">
        <legend>{tc('other.accounts')}</legend>
        {ACCOUNTS.map((key) => (
          <NumberField key={key} form={form} path={key} label={tc(`other.${key}`)} />
        ))}
      </fieldset>
      <fieldset class="settings-grid">
        <legend>{tc('other.queue')}</legend>
        {QUEUE.map((key) => (
          <NumberField key={key} form={form} path={`queue.${key}`} label={tc(`other.queueField.${key}`)} />
        ))}
      </fieldset>
      <fieldset class="settings-grid">
        <legend>{tc('other.appointments')}</legend>
        {APPOINTMENTS.map((key) => (
          <NumberField key={key} form={form} path={`appointments.${key}`} label={tc(`other.appointmentField.${key}`)} />
        ))}
      </fieldset>
    </FormFrame>
  );
}
