/**
 * Each enrolled device's health as its heartbeats tell it: heard from lately or not,
 * changes waiting to be sent and how old the oldest is, the version it runs, and how far
 * its clock is off (events it records are dated with that correction).
 */
import type { FloorDeviceHealth } from '../../../shared/domain/floor.ts';
import { useT } from '../../../shared/ui/I18nProvider.tsx';
import type { Formats } from '../../format.ts';

export function deviceName(t: (key: string, options?: Record<string, unknown>) => string, d: Pick<FloorDeviceHealth, 'role' | 'label' | 'kioskNo'>): string {
  if (d.label) return d.label;
  return d.role === 'kiosk' ? t('floor.devices.kiosk', { no: d.kioskNo ?? '' }) : t(`floor.devices.${d.role}`);
}

export function DeviceHealth({ devices, now, f }: { devices: readonly FloorDeviceHealth[]; now: number; f: Formats }) {
  const t = useT('pilot');
  const ago = (ms: number | null): string => (ms === null ? t('floor.devices.never') : t('floor.devices.ago', { count: Math.max(0, Math.round((now - ms) / 60_000)) }));
  return (
    <section class="panel" aria-labelledby="floor-devices">
      <h2 id="floor-devices">{t('floor.devices.title')}</h2>
      {devices.length === 0 ? (
        <p>{t('floor.devices.none')}</p>
      ) : (
        <table class="table" data-testid="floor-devices">
          <thead>
            <tr>
              <th scope="col">{t('floor.devices.device')}</th>
              <th scope="col">{t('floor.devices.state')}</th>
              <th scope="col">{t('floor.devices.lastHeard')}</th>
              <th scope="col">{t('floor.devices.unsent')}</th>
              <th scope="col">{t('floor.devices.version')}</th>
              <th scope="col">{t('floor.devices.clock')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.deviceId}>
                <th scope="row">{deviceName(t, d)}</th>
                <td>
                  <span class={`tag ${d.online ? 'tag--ok' : 'tag--danger'}`}>{t(d.online ? 'floor.devices.online' : 'floor.devices.offline')}</span>
                </td>
                <td>{ago(d.reportedAt)}</td>
                <td>
                  {d.outboxDepth ? t('floor.devices.waitingChanges', { count: d.outboxDepth, oldest: ago(d.oldestUnsentAt) }) : t('floor.devices.allSent')}
                </td>
                <td class="ltr">{d.appVersion ?? '—'}</td>
                <td>{d.clockOffsetMs === null ? '—' : t('floor.devices.offset', { seconds: f.decimal(-d.clockOffsetMs / 1000, 1) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
