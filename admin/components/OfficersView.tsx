/**
 * Counter officers: who is locked out after wrong PINs and who has sessions open, with
 * the two supervisor remedies: end their sessions (e.g. a terminal left signed in) and
 * unlock them.
 */
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { localized } from '../adminTypes.ts';
import { useAdminData } from '../useAdminData.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DataState } from './DataState.tsx';

export function OfficersView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const { language } = useI18n();
  const officers = useAdminData(() => api.officers());

  return (
    <section class="panel" aria-label={t('nav.officers')}>
      <DataState state={officers}>
        {officers.data && officers.data.length === 0 && <p>{t('officers.none')}</p>}
        {officers.data && officers.data.length > 0 && (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('officers.badge')}</th>
                <th scope="col">{t('officers.name')}</th>
                <th scope="col">{t('officers.state')}</th>
                <th scope="col">{t('officers.sessions')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('officers.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {officers.data.map((o) => (
                <tr key={o.badge}>
                  <td>
                    <span class="ltr">{o.badge}</span>
                  </td>
                  <th scope="row">{localized(o.name, language)}</th>
                  <td>{o.locked ? <span class="tag tag--danger">{t('officers.locked')}</span> : <span class="tag">{t('officers.ok')}</span>}</td>
                  <td>
                    {o.activeSessions.length === 0
                      ? '—'
                      : o.activeSessions.map((s) => (
                          <span key={s.sessionId} class="session">
                            {t('officers.session', { counter: s.counterId, device: s.deviceLabel })}
                          </span>
                        ))}
                  </td>
                  <td>
                    <div class="actions-cell__buttons">
                      {o.activeSessions.length > 0 && (
                        <ConfirmButton
                          label={t('officers.endSessions')}
                          question={t('officers.endQuestion', { name: localized(o.name, language) })}
                          confirmLabel={t('officers.endYes')}
                          danger
                          onConfirm={async () => {
                            await api.endSessions(o.badge);
                            officers.reload();
                          }}
                        />
                      )}
                      {o.locked && (
                        <ConfirmButton
                          label={t('officers.unlock')}
                          question={t('officers.unlockQuestion', { name: localized(o.name, language) })}
                          confirmLabel={t('officers.unlockYes')}
                          onConfirm={async () => {
                            await api.unlockOfficer(o.badge);
                            officers.reload();
                          }}
                        />
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
    </section>
  );
}
