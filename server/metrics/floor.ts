/**
 * Reads today's floor for one office (the rows shared/domain/floor.ts decides from): the
 * tickets still in the building, each counter's latest state change, when each counter last
 * finished with someone, every device's latest heartbeat, and the alerts already
 * acknowledged or snoozed. Everything is today's and small, so plain rows are fine here.
 */
import {
  DEFAULT_ALERTS,
  floorOf,
  openAlerts,
  type AlertAck,
  type Floor,
  type FloorCounterEvent,
  type FloorDevice,
  type FloorTicket,
} from '../../shared/domain/floor.ts';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { officeClock } from '../../shared/domain/metrics/clock.ts';
import { minutesOfClock, officeTime, serviceDayOf, shiftsOf, type OfficeConfig, type Shift } from '../../shared/domain/office.ts';

/** Inside a shift, or within a quarter of an hour after one ends (closing up). */
function openAt(minuteOfDay: number, shifts: readonly Shift[]): boolean {
  return shifts.some((s) => minuteOfDay >= minutesOfClock(s.from) && minuteOfDay < minutesOfClock(s.to) + 15);
}
import type { ServiceGroup } from '../../shared/domain/services.ts';
import type { Queryable } from '../store/index.ts';

export interface FloorView extends Floor {
  readonly serviceDay: string;
  /** Alerts acknowledged or snoozed (hidden from `alerts`), for the record on screen. */
  readonly silenced: number;
}

export async function readFloor(q: Queryable, officeId: string, config: OfficeConfig, now: number): Promise<FloorView> {
  const timeZone = config.settings.timeZone;
  const day = serviceDayOf(now, timeZone);
  const dayStart = new Date(officeTime(day, 0, timeZone));
  const tickets = await q.query<{
    ticket_id: string; display_number: string; section_id: string; service_group: ServiceGroup; service: string | null;
    status: FloorTicket['status']; counter_id: number | null; officer_badge: string | null; issued: Date | null; called: Date | null;
    started: Date | null;
  }>(
    `SELECT t.ticket_id, t.display_number, t.section_id, t.service_group, t.service, t.status, t.counter_id, t.officer_badge,
            min(e.at) FILTER (WHERE e.type = 'issued') AS issued,
            max(e.at) FILTER (WHERE e.type IN ('called', 'recalled')) AS called,
            max(e.at) FILTER (WHERE e.type IN ('started', 'resumed')) AS started
       FROM tickets t JOIN ticket_events e ON e.office_id = t.office_id AND e.ticket_id = t.ticket_id
      WHERE t.office_id = $1 AND t.service_day = $2::date AND t.status IN ('waiting', 'called', 'serving', 'parked')
      GROUP BY t.ticket_id, t.display_number, t.section_id, t.service_group, t.service, t.status, t.counter_id, t.officer_badge`,
    [officeId, day],
  );
  const counterEvents = await q.query<{ counter_id: number; type: FloorCounterEvent['type']; at: Date | null; server_time: Date; officer_badge: string | null; session_id: string | null; reason: string | null }>(
    `SELECT DISTINCT ON (counter_id) counter_id, type, at, server_time, officer_badge, session_id, reason
       FROM counter_events WHERE office_id = $1 AND server_time >= $2 ORDER BY counter_id, version DESC`,
    [officeId, dayStart],
  );
  const ends = await q.query<{ counter_id: number; at: Date | null; server_time: Date }>(
    `SELECT DISTINCT ON (counter_id) counter_id, at, server_time FROM ticket_events
      WHERE office_id = $1 AND service_day = $2::date AND counter_id IS NOT NULL
        AND type IN ('completed', 'noShow', 'transferred', 'parked')
      ORDER BY counter_id, version DESC`,
    [officeId, day],
  );
  const devices = await q.query<{
    device_id: string; role: FloorDevice['role']; label: string | null; kiosk_no: number | null; reported_at: Date | null;
    outbox_depth: number | null; oldest_unsent_at: number | null; app_version: string | null; clock_offset_ms: number | null;
    session_id: string | null; counter_id: number | null;
  }>(
    `SELECT d.device_id, d.role, d.label, d.kiosk_no, st.reported_at, st.outbox_depth, st.oldest_unsent_at, st.app_version,
            st.clock_offset_ms, st.session_id, st.counter_id
       FROM devices d LEFT JOIN device_status st ON st.office_id = d.office_id AND st.device_id = d.device_id
      WHERE d.office_id = $1 AND d.revoked_at IS NULL ORDER BY d.role, d.kiosk_no, d.created_at`,
    [officeId],
  );
  const acks = await q.query<{ alert_key: string; since: number; action: AlertAck['action']; until: Date | null }>(
    'SELECT alert_key, since, action, until FROM alert_acks WHERE office_id = $1 AND at >= $2',
    [officeId, dayStart],
  );

  const floor = floorOf({
    now,
    counters: config.counters.map((c) => ({ id: c.id, sectionId: c.sectionId })),
    tickets: tickets.map((t) => ({
      ticketId: t.ticket_id,
      displayNumber: t.display_number,
      sectionId: t.section_id,
      serviceGroup: t.service_group,
      service: t.service,
      status: t.status,
      issuedAt: t.issued?.getTime() ?? now,
      calledAt: t.called?.getTime() ?? null,
      startedAt: t.started?.getTime() ?? null,
      counterId: t.counter_id,
      officerBadge: t.officer_badge,
    })),
    counterEvents: counterEvents.map((e) => ({
      counterId: e.counter_id,
      type: e.type,
      at: (e.at ?? e.server_time).getTime(),
      officerBadge: e.officer_badge,
      sessionId: e.session_id,
      reason: e.reason,
    })),
    lastTicketEnd: new Map(ends.map((e) => [e.counter_id, (e.at ?? e.server_time).getTime()])),
    devices: devices.map((d) => ({
      deviceId: d.device_id,
      role: d.role,
      label: d.label,
      kioskNo: d.kiosk_no,
      reportedAt: d.reported_at?.getTime() ?? null,
      outboxDepth: d.outbox_depth,
      oldestUnsentAt: d.oldest_unsent_at === null ? null : Number(d.oldest_unsent_at) + Number(d.clock_offset_ms ?? 0),
      appVersion: d.app_version,
      clockOffsetMs: d.clock_offset_ms === null ? null : Number(d.clock_offset_ms),
      sessionId: d.session_id,
      counterId: d.counter_id,
    })),
    targetMinutes: config.settings.serviceLevelTargetMinutes,
    alerts: { ...DEFAULT_ALERTS, ...config.settings.alerts },
    presenceTimeoutMs: PRESENCE_TIMEOUT_MS,
    openNow: openAt(officeClock(now, timeZone).minuteOfDay, shiftsOf(config.settings)),
    dayStart: dayStart.getTime(),
  });
  const shown = openAlerts(
    floor.alerts,
    acks.map((a) => ({ key: a.alert_key, since: Number(a.since), action: a.action, until: a.until?.getTime() ?? null })),
    now,
  );
  return { ...floor, alerts: shown, silenced: floor.alerts.length - shown.length, serviceDay: day };
}
