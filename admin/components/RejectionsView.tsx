/**
 * Changes the server refused today, with the device that sent them and the reason in
 * the supervisor's language: the trace of every race two counters lost while offline.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import { rejectionText } from '../../shared/ui/rejectionText.ts';
import type { AdminApi } from '../adminApi.ts';
import { deviceName } from '../deviceNames.ts';
import { useAdminData } from '../useAdminData.ts';
import { DataState } from './DataState.tsx';

export function RejectionsView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const common = useT('common');
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const rejections = useAdminData(() => api.rejections());
  const when = (ms: number): string =>
    new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }).format(ms);

  return (
    <section class="panel" aria-label={t('nav.rejections')}>
      <DataState state={rejections}>
        {rejections.data && rejections.data.length === 0 && <p>{t('rejections.none')}</p>}
        {rejections.data && rejections.data.length > 0 && (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('rejections.time')}</th>
                <th scope="col">{t('rejections.device')}</th>
                <th scope="col">{t('rejections.change')}</th>
                <th scope="col">{t('rejections.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {rejections.data.map((r) => (
                <tr key={`${r.deviceId}-${r.seq}`}>
                  <td>{when(r.serverTime)}</td>
                  <td>{deviceName(tc, { label: r.deviceLabel, role: r.deviceRole, kioskNo: r.deviceKioskNo })}</td>
                  <td>
                    {t(`mutations.${r.name}`, { defaultValue: r.name })}
                    {r.officerBadge && <span class="muted"> · {t('rejections.officer', { badge: r.officerBadge })}</span>}
                  </td>
                  <td>{rejectionText(common, r.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
    </section>
  );
}
