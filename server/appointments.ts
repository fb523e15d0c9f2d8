/**
 * Bookings: made by a supervisor (a phone booking) or the demo seed here; in production
 * they would arrive from Absher. The booking code is told to the resident once and stored
 * only as a slow hash salted per office and day (hashBookingCode); kiosks receive today's
 * hashes and salts to check residents in offline.
 */
import { bookingSalt, hashBookingCode, type KioskAppointment } from '../shared/domain/appointments.ts';
import { officeTime, serviceDayOf, type OfficeConfig } from '../shared/domain/office.ts';
import { randomCode } from '../shared/domain/ticket.ts';
import { BOOKING_CODE_LENGTH } from '../shared/domain/appointments.ts';
import { audit } from './audit.ts';
import { newId } from './security/secrets.ts';
import type { Queryable } from './store/index.ts';

export interface NewBooking {
  readonly officeId: string;
  readonly sectionId: string;
  readonly service: string;
  readonly slotAt: number;
  readonly idNumber: string | null;
  readonly bookedBy: string;
  readonly now: number;
  /** A fixed code (the demo seed); otherwise a random one. */
  readonly code?: string;
}

export interface Booking {
  readonly appointmentId: string;
  readonly code: string;
  readonly serviceDay: string;
  readonly slotAt: number;
  readonly sectionId: string;
  readonly service: string;
}

/** Books a slot; returns null when a fixed code is already booked (the demo seed re-run). */
export async function createBooking(q: Queryable, config: OfficeConfig, b: NewBooking): Promise<Booking | null> {
  const serviceDay = serviceDayOf(b.slotAt, config.settings.timeZone);
  const [office] = await q.query<{ booking_salt: string }>('SELECT booking_salt FROM offices WHERE office_id = $1', [b.officeId]);
  if (!office) throw new Error(`no office ${b.officeId}`);
  const salt = bookingSalt(office.booking_salt, serviceDay);
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = b.code ?? randomCode(BOOKING_CODE_LENGTH);
    const appointmentId = newId();
    const rows = await q.query<{ appointment_id: string }>(
      `INSERT INTO appointments (office_id, appointment_id, code_hash, service_day, slot_at, section_id, service, id_number,
         booked_by, created_at, salted)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, true)
       ON CONFLICT (office_id, code_hash) DO NOTHING
       RETURNING appointment_id`,
      [b.officeId, appointmentId, await hashBookingCode(code, salt), serviceDay, new Date(b.slotAt), b.sectionId, b.service, b.idNumber,
        b.bookedBy, new Date(b.now)],
    );
    if (rows.length === 0) {
      if (b.code) return null;
      continue; // a random code collided: draw another
    }
    await audit(q, {
      officeId: b.officeId,
      at: b.now,
      actorKind: b.bookedBy === 'demo' ? 'system' : 'supervisor',
      actorId: b.bookedBy,
      action: 'appointment.booked',
      subject: appointmentId,
      details: { serviceDay, sectionId: b.sectionId, service: b.service, withIdNumber: b.idNumber !== null },
    });
    return { appointmentId, code, serviceDay, slotAt: b.slotAt, sectionId: b.sectionId, service: b.service };
  }
  throw new Error('could not draw an unused booking code');
}

/** Bookings from day `from` to day `to` (YYYY-MM-DD) as kiosks hold them: hashes, slots, no person. */
export async function kioskBookings(q: Queryable, officeId: string, from: string, to: string): Promise<KioskAppointment[]> {
  const rows = await q.query<{ appointment_id: string; code_hash: string; salt: string | null; slot_at: Date; section_id: string; service: string; status: KioskAppointment['status'] }>(
    `SELECT a.appointment_id, a.code_hash, CASE WHEN a.salted THEN o.booking_salt || ':' || a.service_day::text END AS salt,
            a.slot_at, a.section_id, a.service, a.status
       FROM appointments a JOIN offices o ON o.office_id = a.office_id
      WHERE a.office_id = $1 AND a.service_day BETWEEN $2::date AND $3::date
      ORDER BY a.slot_at LIMIT 20000`,
    [officeId, from, to],
  );
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    codeHash: r.code_hash,
    salt: r.salt,
    slotAt: r.slot_at.getTime(),
    sectionId: r.section_id,
    service: r.service,
    status: r.status,
  }));
}

/**
 * Demo bookings: the next four free half-hour slots of today (09:00–21:30 office time) get
 * a booking each, alternating sections, with a random code printed at start-up (a code
 * anyone could work out from the date would be no code). Each start books its own four.
 */
export async function seedDemoBookings(q: Queryable, config: OfficeConfig, now: number): Promise<Booking[]> {
  const { timeZone } = config.settings;
  const day = serviceDayOf(now, timeZone);
  const services = ['iqama.renew', 'exitReentry.single', 'exitReentry.multiple', 'finalExit.issue', 'query.resident'];
  const taken = new Set(
    (await q.query<{ slot_at: Date }>(`SELECT slot_at FROM appointments WHERE office_id = $1 AND service_day = $2::date AND booked_by = 'demo'`, [config.officeId, day]))
      .map((r) => r.slot_at.getTime()),
  );
  const made: Booking[] = [];
  for (let i = 0; i < 26 && made.length < 4; i++) {
    const slotAt = officeTime(day, 9 * 60 + 30 * i, timeZone);
    const section = config.sections[i % config.sections.length];
    if (!section || slotAt < now || taken.has(slotAt)) continue;
    const booking = await createBooking(q, config, {
      officeId: config.officeId,
      sectionId: section.id,
      service: services[i % services.length] ?? 'query.resident',
      slotAt,
      idNumber: null,
      bookedBy: 'demo',
      now,
    });
    if (booking) made.push(booking);
  }
  return made;
}
