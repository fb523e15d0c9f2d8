/**
 * Supervisor console API, part 3: what is happening on the floor today (counts by state,
 * section and service group; open counters; the latest ticket events) and the writes the
 * server refused, so a supervisor can see when a device is out of step.
 */
import type { Hono } from 'hono';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import type { TicketStatus } from '../../shared/domain/ticket.ts';
import type { RejectionReason } from '../../shared/sync/protocol.ts';
import type { DeviceRole } from '../../shared/sync/mutations.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { methodNotAllowed, queryInt } from '../http/routing.ts';

export interface StatusCounts {
  issued: number;
  waiting: number;
  called: number;
  serving: number;
  parked: number;
  done: number;
  noShow: number;
  cancelled: number;
}

function emptyCounts(): StatusCounts {
  return { issued: 0, waiting: 0, called: 0, serving: 0, parked: 0, done: 0, noShow: 0, cancelled: 0 };
}

function add(counts: StatusCounts, status: TicketStatus, n: number): void {
  counts[status] += n;
  counts.issued += n;
}

export function registerAdminReportRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/today', sup, async (c) => {
    const officeId = officeOf(c);
    const result = await deps.store.tx(async (q) => {
      const office = (await q.query<{ version: number; config: OfficeConfig }>('SELECT version, config FROM offices WHERE office_id = $1', [officeId]))[0];
      if (!office) throw new Error(`office ${officeId} vanished`);
      const day = serviceDayOf(deps.clock(), office.config.settings.timeZone);
      const groups = await q.query<{ section_id: string; service_group: string; status: TicketStatus; n: number }>(
        `SELECT section_id, service_group, status, count(*) AS n FROM tickets
          WHERE office_id = $1 AND service_day = $2::date GROUP BY section_id, service_group, status`,
        [officeId, day],
      );
      const counters = await q.query<{ counter_id: number; type: 'open' | 'close'; officer_badge: string | null; server_time: Date }>(
        `SELECT DISTINCT ON (counter_id) counter_id, type, officer_badge, server_time FROM counter_events
          WHERE office_id = $1 AND service_day = $2::date ORDER BY counter_id, version DESC`,
        [officeId, day],
      );
      const events = await q.query<{
        type: string; ticket_id: string; display_number: string; section_id: string; counter_id: number | null;
        officer_badge: string | null; server_time: Date; device_time: number; version: number;
      }>(
        `SELECT e.type, e.ticket_id, t.display_number, t.section_id, e.counter_id, e.officer_badge, e.server_time, e.device_time, e.version
           FROM ticket_events e JOIN tickets t ON t.office_id = e.office_id AND t.ticket_id = e.ticket_id
          WHERE e.office_id = $1 AND e.service_day = $2::date ORDER BY e.version DESC LIMIT 20`,
        [officeId, day],
      );
      return { office, day, groups, counters, events };
    });

    const totals = emptyCounts();
    const bySection: Record<string, StatusCounts> = {};
    const byServiceGroup: Record<string, StatusCounts> = {};
    for (const s of result.office.config.sections) bySection[s.id] = emptyCounts();
    for (const g of result.office.config.serviceGroups) byServiceGroup[g] = emptyCounts();
    for (const g of result.groups) {
      add(totals, g.status, g.n);
      add((bySection[g.section_id] ??= emptyCounts()), g.status, g.n);
      add((byServiceGroup[g.service_group] ??= emptyCounts()), g.status, g.n);
    }
    const sectionOf = new Map(result.office.config.counters.map((x) => [x.id, x.sectionId]));
    return c.json({
      serviceDay: result.day,
      version: result.office.version,
      totals,
      bySection,
      byServiceGroup,
      openCounters: result.counters
        .filter((x) => x.type === 'open')
        .map((x) => ({ counterId: x.counter_id, sectionId: sectionOf.get(x.counter_id) ?? null, officerBadge: x.officer_badge, since: x.server_time.getTime() })),
      latestEvents: result.events.map((e) => ({
        type: e.type,
        ticketId: e.ticket_id,
        displayNumber: e.display_number,
        sectionId: e.section_id,
        counterId: e.counter_id,
        officerBadge: e.officer_badge,
        serverTime: e.server_time.getTime(),
        deviceTime: e.device_time,
        version: e.version,
      })),
    } satisfies ResponseOf<typeof adminRoutes.today>);
  });

  app.get('/api/admin/rejections', sup, async (c) => {
    const limit = queryInt(c.req.query('limit'), 'limit', 50, 1, 500);
    const rows = await deps.store.query<{
      device_id: string; label: string | null; role: DeviceRole; kiosk_no: number | null; seq: number; name: string; reason: RejectionReason;
      officer_badge: string | null; device_time: number | null; server_time: Date; version: number;
    }>(
      `SELECT m.device_id, d.label, d.role, d.kiosk_no, m.seq, m.name, m.reason, m.officer_badge, m.device_time, m.server_time, m.version
         FROM applied_mutations m JOIN devices d ON d.office_id = m.office_id AND d.device_id = m.device_id
        WHERE m.office_id = $1 AND m.status = 'rejected'
        ORDER BY m.server_time DESC, m.version DESC, m.seq DESC LIMIT $2`,
      [officeOf(c), limit],
    );
    return c.json({
      rejections: rows.map((r) => ({
        deviceId: r.device_id,
        deviceLabel: r.label,
        deviceRole: r.role,
        deviceKioskNo: r.kiosk_no,
        seq: r.seq,
        name: r.name,
        reason: r.reason,
        officerBadge: r.officer_badge,
        deviceTime: r.device_time,
        serverTime: r.server_time.getTime(),
        version: r.version,
      })),
    } satisfies ResponseOf<typeof adminRoutes.rejections>);
  });

  methodNotAllowed(app, ['/api/admin/today', '/api/admin/rejections']);
}
