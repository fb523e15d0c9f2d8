/**
 * The floor's alerts, oldest first, each in words with what to do about it: acknowledge
 * (this occurrence is handled; it comes back if the condition starts again) or snooze
 * (quiet for 30 minutes). Both are recorded with the supervisor's name.
 */
import { useState } from 'preact/hooks';
import type { FloorAlert } from '../../../shared/domain/floor.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { AdminApi } from '../../adminApi.ts';
import { errorText } from '../../adminErrors.ts';
import { useReadOnly } from '../../consoleScope.ts';
import { useFormats } from '../../format.ts';

const SNOOZE_MINUTES = 30;

export function AlertList({ api, alerts, silenced, onChange }: { api: AdminApi; alerts: readonly FloorAlert[]; silenced: number; onChange: () => void }) {
  const t = useT('pilot');
  const ta = useT('admin');
  const f = useFormats();
  const readOnly = useReadOnly();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const silence = async (alert: FloorAlert, action: 'acknowledge' | 'snooze'): Promise<void> => {
    setBusy(alert.key);
    setError(null);
    try {
      await api.silenceAlert({ key: alert.key, since: alert.since, action, ...(action === 'snooze' ? { minutes: SNOOZE_MINUTES } : {}) });
      onChange();
    } catch (err) {
      setError(errorText(ta, err));
    } finally {
      setBusy(null);
    }
  };

  const text = (a: FloorAlert): string => {
    const p = a.params;
    const section = t(`sections.${String(p.section ?? '')}`, { defaultValue: String(p.section ?? '') });
    const device = p.role === 'kiosk' ? t('floor.devices.kiosk', { no: p.kioskNo }) : p.device || t(`floor.devices.${String(p.role)}`);
    return t(`floor.alerts.${a.kind}`, { ...p, section, group: t(`groups.${String(p.group ?? '')}`, { defaultValue: '' }), device, count: Number(p.minutes ?? 0) });
  };

  return (
    <section class="panel" aria-labelledby="floor-alerts" data-testid="floor-alerts">
      <h2 id="floor-alerts">{t('floor.alerts.title', { count: alerts.length })}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {alerts.length === 0 ? (
        <p>{t('floor.alerts.none')}</p>
      ) : (
        <ul class="alert-list" aria-live="polite">
          {alerts.map((a) => (
            <li key={`${a.key}@${a.since}`} class={`alert-item alert-item--${a.kind}`}>
              <span class="alert-item__text">
                <span class="muted">{f.clock(a.since)}</span> {text(a)}
              </span>
              {!readOnly && (
              <span class="alert-item__buttons">
                <button type="button" class="button button--small" disabled={busy !== null} onClick={() => void silence(a, 'acknowledge')}>
                  {t('floor.alerts.acknowledge')}
                </button>
                <button type="button" class="button button--small" disabled={busy !== null} onClick={() => void silence(a, 'snooze')}>
                  {t('floor.alerts.snooze', { count: SNOOZE_MINUTES })}
                </button>
              </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {silenced > 0 && <p class="muted">{t('floor.alerts.silenced', { count: silenced })}</p>}
    </section>
  );
}
