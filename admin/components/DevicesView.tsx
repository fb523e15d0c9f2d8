/**
 * The office's devices: name, role, kiosk number, last contact and whether they were
 * revoked, with rename, revoke (after a confirmation) and the enrollment of new devices.
 * A device nobody named is called by its role in the reader's language. A director sees
 * the list only.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { useReadOnly } from '../consoleScope.ts';
import { deviceName } from '../deviceNames.ts';
import { useAdminData } from '../useAdminData.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DataState } from './DataState.tsx';
import { DeviceLabelEditor } from './DeviceLabelEditor.tsx';
import { EnrollmentPanel } from './EnrollmentPanel.tsx';

export function DevicesView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const readOnly = useReadOnly();
  const devices = useAdminData(() => api.devices());
  const when = (ms: number | null): string =>
    ms === null ? t('devices.never') : new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(ms);

  return (
    <div class="devices">
      {!readOnly && <EnrollmentPanel api={api} onCreated={devices.reload} />}
      <section class="panel" aria-labelledby="devices-title">
        <h2 id="devices-title">{t('devices.title')}</h2>
        <DataState state={devices}>
          {devices.data && devices.data.length === 0 && <p>{t('devices.none')}</p>}
          {devices.data && devices.data.length > 0 && (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('devices.label')}</th>
                  <th scope="col">{t('devices.role')}</th>
                  <th scope="col">{t('devices.kioskNo')}</th>
                  <th scope="col">{t('devices.lastSeen')}</th>
                  <th scope="col">{t('devices.state')}</th>
                  {!readOnly && (
                    <th scope="col">
                      <span class="visually-hidden">{t('devices.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {devices.data.map((d) => {
                  const name = deviceName(tc, d);
                  const revoked = d.revokedAt !== null;
                  return (
                    <tr key={d.deviceId} class={revoked ? 'row--muted' : undefined}>
                      <th scope="row">{name}</th>
                      <td>{t(`roles.${d.role}`)}</td>
                      <td>{d.kioskNo ?? '—'}</td>
                      <td>{when(d.lastSeenAt)}</td>
                      <td>{revoked ? <span class="tag tag--danger">{t('devices.revoked')}</span> : <span class="tag">{t('devices.active')}</span>}</td>
                      {!readOnly && (
                        <td>
                          {!revoked && (
                            <div class="actions-cell__buttons">
                              <DeviceLabelEditor api={api} device={d} name={name} onSaved={devices.reload} />
                              <ConfirmButton
                                label={t('devices.revoke')}
                                question={t('devices.revokeQuestion', { name })}
                                confirmLabel={t('devices.revokeYes')}
                                danger
                                onConfirm={async () => {
                                  await api.revokeDevice(d.deviceId);
                                  devices.reload();
                                }}
                              />
                            </div>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </DataState>
      </section>
    </div>
  );
}
