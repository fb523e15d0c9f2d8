/**
 * Counter officers: who is locked out after wrong PINs, deactivated, or signed in where,
 * with the supervisor's remedies: add an officer, give a new PIN (shown once), end their
 * sessions (e.g. a terminal left signed in), unlock, deactivate and reactivate. Every
 * action that cannot be undone asks first. A director sees the list only.
 */
import { useRef, useState } from 'preact/hooks';
import { useI18n, useT } from '../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../adminApi.ts';
import { localized } from '../localized.ts';
import type { AdminOfficer } from '../../shared/api/adminTypes.ts';
import { useReadOnly } from '../consoleScope.ts';
import { deviceName } from '../deviceNames.ts';
import { useAdminData } from '../useAdminData.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DataState } from './DataState.tsx';
import { OfficerForm } from './OfficerForm.tsx';

export function OfficersView({ api }: { api: AdminApi }) {
  const t = useT('admin');
  const tc = useT('adminConfig');
  const { language } = useI18n();
  const readOnly = useReadOnly();
  const officers = useAdminData(() => api.officers());
  const [shownPin, setShownPin] = useState<{ name: string; pin: string } | null>(null);
  const pinRef = useRef<HTMLDivElement>(null);

  const state = (o: AdminOfficer) => {
    if (!o.active) return <span class="tag tag--danger">{tc('officers.inactive')}</span>;
    return o.locked ? <span class="tag tag--danger">{t('officers.locked')}</span> : <span class="tag">{t('officers.ok')}</span>;
  };

  const actions = (o: AdminOfficer) => {
    const name = localized(o.name, language);
    const run = (action: () => Promise<unknown>) => async () => {
      await action();
      officers.reload();
    };
    return (
      <div class="actions-cell__buttons">
        {o.activeSessions.length > 0 && (
          <ConfirmButton label={t('officers.endSessions')} question={t('officers.endQuestion', { name })} confirmLabel={t('officers.endYes')} danger onConfirm={run(() => api.endSessions(o.badge))} />
        )}
        {o.locked && <ConfirmButton label={t('officers.unlock')} question={t('officers.unlockQuestion', { name })} confirmLabel={t('officers.unlockYes')} onConfirm={run(() => api.unlockOfficer(o.badge))} />}
        <ConfirmButton
          label={tc('officers.newPin')}
          question={tc('officers.newPinQuestion', { name })}
          confirmLabel={tc('officers.newPinYes')}
          onConfirm={run(async () => {
            const made = await api.newPin(o.badge);
            if (made.pin) setShownPin({ name, pin: made.pin });
            requestAnimationFrame(() => pinRef.current?.focus());
          })}
        />
        {o.active ? (
          <ConfirmButton label={tc('officers.deactivate')} question={tc('officers.deactivateQuestion', { name })} confirmLabel={tc('officers.deactivateYes')} danger onConfirm={run(() => api.deactivateOfficer(o.badge))} />
        ) : (
          <ConfirmButton label={tc('officers.reactivate')} question={tc('officers.reactivateQuestion', { name })} confirmLabel={tc('officers.reactivateYes')} onConfirm={run(() => api.reactivateOfficer(o.badge))} />
        )}
      </div>
    );
  };

  return (
    <>
      {!readOnly && <OfficerForm api={api} onAdded={officers.reload} />}
      <section class="panel" aria-label={t('nav.officers')}>
        {shownPin && (
          <div class="secret-once" ref={pinRef} tabIndex={-1} aria-live="polite">
            <p>{tc('officers.newPinShown', { name: shownPin.name })}</p>
            <p class="enrollment__code ltr" data-testid="officer-pin">
              {shownPin.pin}
            </p>
            <button type="button" class="button button--small" onClick={() => setShownPin(null)}>
              {tc('officers.pinNoted')}
            </button>
          </div>
        )}
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
                  {!readOnly && (
                    <th scope="col">
                      <span class="visually-hidden">{t('officers.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {officers.data.map((o) => (
                  <tr key={o.badge} class={o.active ? undefined : 'row--muted'}>
                    <td>
                      <span class="ltr">{o.badge}</span>
                    </td>
                    <th scope="row">{localized(o.name, language)}</th>
                    <td>{state(o)}</td>
                    <td>
                      {o.activeSessions.length === 0
                        ? '—'
                        : o.activeSessions.map((s) => (
                            <span key={s.sessionId} class="session">
                              {t('officers.session', { counter: s.counterId, device: deviceName(tc, { label: s.deviceLabel, role: 'counter' }) })}
                            </span>
                          ))}
                    </td>
                    {!readOnly && <td>{actions(o)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </DataState>
      </section>
    </>
  );
}
