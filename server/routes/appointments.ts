/**
 * Appointments: a supervisor books one (POST /api/admin/appointments; the code is shown
 * once), lists a day's bookings without codes or numbers, and kiosks fetch what they need
 * to check residents in offline (GET /api/kiosk/day: booking-code hashes and the key that
 * seals a typed identity number).
 */
import type { Hono } from 'hono';
import type { AdminAppointment } from '../../shared/api/adminTypes.ts';
import type { adminRoutes, routes, ResponseOf } from '../../shared/api/contract/index.ts';
import * as v from 'valibot';
import { isServiceId, catalogOf } from '../../shared/domain/catalog.ts';
import { appointmentSettingsOf } from '../../shared/domain/appointments.ts';
import { isIsoDate } from '../../shared/domain/dates.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { appointmentOutcome } from '../../shared/domain/metrics/appointments.ts';
import type { AppointmentFact } from '../../shared/domain/metrics/types.ts';
import { serviceDayOf, type OfficeConfig } from '../../shared/domain/office.ts';
import { createBooking, kioskBookings } from '../appointments.ts';
import { officeOf, requireDevice, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { officeSealKey } from '../security/sealing.ts';
import type { KioskDayAnswer } from '../../shared/sync/protocol.ts';

const DAY_MS = 86_400_000;
/** How far ahead a booking may be made. */
const BOOKING_HORIZON_DAYS = 90;

const bookingSchema = v.strictObject({
  sectionId: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(40)),
  service: v.pipe(v.string(), v.check((s) => isServiceId(s), 'is not a service of the catalogue')),
  slotAt: v.pipe(v.number('must be a time in epoch milliseconds'), v.integer('must be whole milliseconds')),
  idNumber: v.optional(v.nullable(v.pipe(v.string(), v.check((s) => checkIdNumber(s).ok, 'is not a valid iqama or border number (10 digits, Luhn)')))),
});

const dayQuery = /^\d{4}-\d{2}-\d{2}$/;

async function officeConfig(deps: AppDeps, officeId: string): Promise<OfficeConfig> {
  const rows = await deps.store.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [officeId]);
  const config = rows[0]?.config;
  if (!config) throw new HttpError(404, 'unknown_office', 'no such office');
  return config;
}

export function registerAppointmentRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.post('/api/admin/appointments', sup, async (c) => {
    const body = await readJson(c, bookingSchema);
    const s = c.get('supervisor');
    const now = deps.clock();
    const config = await officeConfig(deps, s.officeId);
    if (!config.sections.some((x) => x.id === body.sectionId)) throw new HttpError(400, 'invalid_request', `sectionId: no section "${body.sectionId}"`);
    if (!catalogOf(config).some((e) => e.id === body.service)) throw new HttpError(400, 'invalid_request', `service: "${body.service}" is not offered here`);
    if (body.slotAt < now - 3_600_000) throw new HttpError(400, 'invalid_request', 'slotAt: is in the past');
    if (body.slotAt > now + BOOKING_HORIZON_DAYS * DAY_MS) throw new HttpError(400, 'invalid_request', `slotAt: is more than ${BOOKING_HORIZON_DAYS} days ahead`);
    const idNumber = body.idNumber ? checkIdNumber(body.idNumber) : null;
    const booking = await deps.store.tx((q) =>
      createBooking(q, config, {
        officeId: s.officeId,
        sectionId: body.sectionId,
        service: body.service,
        slotAt: body.slotAt,
        idNumber: idNumber?.ok ? idNumber.number : null,
        bookedBy: s.username,
        now,
      }),
    );
    if (!booking) throw new Error('a random booking code cannot be refused');
    return c.json(booking satisfies ResponseOf<typeof adminRoutes.book>, 201);
  });

  app.get('/api/admin/appointments', sup, async (c) => {
    const officeId = officeOf(c);
    const config = await officeConfig(deps, officeId);
    const day = c.req.query('day') ?? serviceDayOf(deps.clock(), config.settings.timeZone);
    if (!dayQuery.test(day) || !isIsoDate(day)) throw new HttpError(400, 'invalid_request', 'day: must be a real date as YYYY-MM-DD');
    const now = deps.clock();
    const lateMinutes = appointmentSettingsOf(config.settings).checkInLateMinutes;
    const rows = await deps.store.query<{
      appointment_id: string; slot_at: Date; section_id: string; service: string; status: AdminAppointment['status']; has_id: boolean;
      checked_in_at: Date | null; display_number: string | null;
    }>(
      `SELECT a.appointment_id, a.slot_at, a.section_id, a.service, a.status, a.id_number IS NOT NULL AS has_id, a.checked_in_at,
              t.display_number
         FROM appointments a LEFT JOIN tickets t ON t.office_id = a.office_id AND t.ticket_id = a.ticket_id
        WHERE a.office_id = $1 AND a.service_day = $2::date ORDER BY a.slot_at, a.created_at`,
      [officeId, day],
    );
    return c.json({
      day,
      timeZone: config.settings.timeZone,
      // What a booking may name here, for the console's form.
      sections: config.sections.map((x) => ({ id: x.id, name: x.name })),
      services: catalogOf(config).map((e) => e.id),
      appointments: rows.map((r) => ({
        appointmentId: r.appointment_id,
        slotAt: r.slot_at.getTime(),
        sectionId: r.section_id,
        service: r.service,
        status: r.status,
        hasIdNumber: r.has_id,
        checkedInAt: r.checked_in_at?.getTime() ?? null,
        // What became of it: a past slot nobody came for is missed, not "booked".
        outcome: appointmentOutcome(
          { serviceDay: day, slotAt: r.slot_at.getTime(), sectionId: r.section_id, service: r.service, status: r.status as AppointmentFact['status'], checkedInAt: r.checked_in_at?.getTime() ?? null },
          now,
          lateMinutes,
        ),
        ticketNumber: r.display_number,
      })),
    } satisfies ResponseOf<typeof adminRoutes.appointments>);
  });

  app.get('/api/kiosk/day', requireDevice(deps, ['kiosk']), async (c) => {
    const device = c.get('device');
    const now = deps.clock();
    const tz = device.config.settings.timeZone;
    const today = serviceDayOf(now, tz);
    const tomorrow = serviceDayOf(now + DAY_MS, tz);
    const [key, appointments] = await Promise.all([
      deps.store.tx((q) => officeSealKey(q, device.officeId, now)),
      deps.store.tx((q) => kioskBookings(q, device.officeId, today, tomorrow)),
    ]);
    return c.json({ serviceDay: today, sealKey: key.publicKey, appointments, publicUrl: deps.publicUrl } satisfies KioskDayAnswer);
  });

  /** The office's public key, for counters that send a person's number with a transaction. */
  app.get('/api/device/seal-key', requireDevice(deps, ['kiosk', 'counter']), async (c) => {
    const device = c.get('device');
    const key = await deps.store.tx((q) => officeSealKey(q, device.officeId, deps.clock()));
    return c.json({ sealKey: key.publicKey } satisfies ResponseOf<typeof routes.sealKey>);
  });

  methodNotAllowed(app, ['/api/admin/appointments', '/api/kiosk/day', '/api/device/seal-key']);
}
