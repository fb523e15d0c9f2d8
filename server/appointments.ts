/**
 * Bookings: made by a supervisor (a phone booking) or the demo seed here; in production
 * they would arrive from Absher. The booking code is told to the resident once and stored
 * only as its SHA-256; kiosks receive today's hashes to check residents in offline.
 */
import { hashBookingCode, type KioskAppointment } from '../shared/domain/appointments.ts';
import { officeTime, serviceDayOf, type OfficeConfig } from '../shared/domain/office.ts';
import { CODE_ALPHABET, randomCode } from '../shared/domain/ticket.ts';
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
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = b.code ?? randomCode(BOOKING_CODE_LENGTH);
    const appointmentId = newId();
    const rows = await q.query<{ appointment_id: string }>(
      `INSERT INTO appointments (office_id, appointment_id, code_hash, service_day, slot_at, section_id, service, id_number,
         booked_by, created_at)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (office_id, code_hash) DO NOTHING
       RETURNING appointment_id`,
      [b.officeId, appointmentId, await hashBookingCode(code), serviceDay, new Date(b.slotAt), b.sectionId, b.service, b.idNumber,
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
  const rows = await q.query<{ appointment_id: string; code_hash: string; slot_at: Date; section_id: string; service: string; status: KioskAppointment['status'] }>(
    `SELECT appointment_id, code_hash, slot_at, section_id, service, status FROM appointments
      WHERE office_id = $1 AND service_day BETWEEN $2::date AND $3::date
      ORDER BY slot_at LIMIT 20000`,
    [officeId, from, to],
  );
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    codeHash: r.code_hash,
    slotAt: r.slot_at.getTime(),
    sectionId: r.section_id,
    service: r.service,
    status: r.status,
  }));
}

/**
 * Demo bookings for the day of `now`: one every 30 minutes from 09:00 to 21:30 office
 * time, alternating sections. Codes are fixed per slot, so a restart books nothing twice;
 * returns the codes of the next few slots to print.
 */
export async function seedDemoBookings(q: Queryable, config: OfficeConfig, now: number): Promise<Booking[]> {
  const day = serviceDayOf(now, config.settings.timeZone);
  const made: Booking[] = [];
  const services = ['iqama.renew', 'exitReentry.single', 'exitReentry.multiple', 'finalExit.issue', 'query.resident'];
  for (let i = 0; i < 26; i++) {
    const slotAt = officeTime(day, 9 * 60 + 30 * i, config.settings.timeZone);
    const section = config.sections[i % config.sections.length];
    if (!section) break;
    const code = demoBookingCode(day, i);
    const booking = await createBooking(q, config, {
      officeId: config.officeId,
      sectionId: section.id,
      service: services[i % services.length] ?? 'query.resident',
      slotAt,
      idNumber: null,
      bookedBy: 'demo',
      now,
      code,
    });
    made.push(booking ?? { appointmentId: '', code, serviceDay: day, slotAt, sectionId: section.id, service: '' });
  }
  return made;
}

/** "D" + month + day (0 → Z, 1 → Y: the code alphabet has neither) + "AP" + slot letter, e.g. DYZZ2AP2. */
export function demoBookingCode(day: string, slot: number): string {
  const digits = `${day.slice(5, 7)}${day.slice(8, 10)}`.replace(/[01]/g, (d) => (d === '0' ? 'Z' : 'Y'));
  return `D${digits}AP${CODE_ALPHABET[slot % CODE_ALPHABET.length] ?? '2'}`;
}
