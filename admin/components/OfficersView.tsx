/**
 * Counter officers: who is locked out after wrong PINs and who has sessions open, with
 * the two supervisor remedies: end their sessions (e.g. a terminal left signed in) and
 * unlock them.
 */
import { useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { useAdminData } from '../useAdminData.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DataState } from './DataState.tsx';

export function OfficersView({ api }: { api: AdminApi }) {
  const t = useT('admin');
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
                  <td class="ltr-cell">{o.badge}</td>
                  <th scope="row">{o.name}</th>
                  <td>{o.locked ? <span class="tag tag--danger">{t('officers.locked')}</span> : <span class="tag">{t('officers.ok')}</span>}</td>
                  <td>{o.activeSessions}</td>
                  <td class="actions-cell">
                    {o.activeSessions > 0 && (
                      <ConfirmButton
                        label={t('officers.endSessions')}
                        question={t('officers.endQuestion', { name: o.name })}
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
                        question={t('officers.unlockQuestion', { name: o.name })}
                        confirmLabel={t('officers.unlockYes')}
                        onConfirm={async () => {
                          await api.unlockOfficer(o.badge);
                          officers.reload();
                        }}
                      />
                    )}
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
