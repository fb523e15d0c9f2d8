/**
 * A director's choice of office to read. Every view reads the chosen office (the API adds
 * `?office=`); the note beside it says why nothing here can be changed.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { localized } from '../localized.ts';
import { useAdminData } from '../useAdminData.ts';

export interface OfficePickerProps {
  readonly api: AdminApi;
  readonly value: string | null;
  readonly onChange: (officeId: string) => void;
}

export function OfficePicker({ api, value, onChange }: OfficePickerProps) {
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const offices = useAdminData(() => api.offices());
  return (
    <div class="office-picker">
      <label class="field__label" for="office-picker">
        {tc('office.label')}
      </label>
      <select id="office-picker" class="input" value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)} disabled={!offices.data}>
        {(offices.data ?? []).map((o) => (
          <option key={o.officeId} value={o.officeId}>
            {localized(o.name, language)}
          </option>
        ))}
      </select>
      <span class="office-picker__note">{tc('office.readOnly')}</span>
    </div>
  );
}
