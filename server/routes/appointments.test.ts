/**
 * Appointments and identity numbers typed at the kiosk: booking, what kiosks receive,
 * check-in re-checked by the store, a sealed number that only the store can open and only
 * the serving counter can read (audited), and tickets never lost over either.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookingSalt, hashBookingCode, type KioskAppointment } from '../../shared/domain/appointments.ts';
import { serviceDayOf } from '../../shared/domain/office.ts';
import { luhnCheckDigit } from '../../shared/domain/identity.ts';
import type { ApiError, PushResponse } from '../../shared/sync/protocol.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import { createApp } from '../app.ts';
import { describeEngines } from '../testing/engines.ts';
import { act, Harness, issue, ticketIdOf, type Device } from '../testing/harness.ts';

const RESIDENT = `212345678${luhnCheckDigit('212345678')}`;
/** RESIDENT with its check digit off by one: fails Luhn. */
const WRONG_CHECK_DIGIT = `${RESIDENT.slice(0, 9)}${(Number(RESIDENT[9]) + 1) % 10}`;

interface Booked { appointmentId: string; code: string; slotAt: number; serviceDay: string }
interface DayResponse { serviceDay: string; sealKey: string; appointments: KioskAppointment[]; publicUrl: string | null }

describeEngines('appointments and identity numbers', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  async function book(office: string, body: Record<string, unknown>): Promise<Booked> {
    const token = await h.supervisor(office);
    const r = await h.call<Booked>('POST', '/api/admin/appointments', { token, body: { sectionId: 'men', service: 'iqama.renew', slotAt: h.now + 30 * 60_000, ...body } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }

  async function day(kiosk: Device): Promise<DayResponse> {
    const r = await h.call<DayResponse>('GET', '/api/kiosk/day', { token: kiosk.token });
    expect(r.status).toBe(200);
    return r.body;
  }

  async function ticketRow(office: string, ticketId: string): Promise<{ appointment_at: number | null; status: string }> {
    const rows = await h.store.query<{ appointment_at: string | null; status: string }>(
      'SELECT appointment_at, status FROM tickets WHERE office_id = $1 AND ticket_id = $2',
      [office, ticketId],
    );
    const row = rows[0];
    if (!row) throw new Error('no ticket');
    return { appointment_at: row.appointment_at === null ? null : Number(row.appointment_at), status: row.status };
  }

  async function issuedReason(office: string, ticketId: string): Promise<string | null> {
    const rows = await h.store.query<{ reason: string | null }>(
      `SELECT reason FROM ticket_events WHERE office_id = $1 AND ticket_id = $2 AND type = 'issued'`,
      [office, ticketId],
    );
    return rows[0]?.reason ?? null;
  }

  it('books with a one-time code that kiosks receive only as a hash, without the person', async () => {
    const office = await h.newOffice();
    const booked = await book(office, { idNumber: RESIDENT });
    expect(booked.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const kiosk = await h.enroll(office, 'kiosk');
    const d = await day(kiosk);
    expect(d.sealKey).toMatch(/^[A-Za-z0-9+/=]{300,}$/);
    const [{ booking_salt: officeSalt } = { booking_salt: '' }] = await h.store.query<{ booking_salt: string }>('SELECT booking_salt FROM offices WHERE office_id = $1', [office]);
    const salt = bookingSalt(officeSalt, serviceDayOf(booked.slotAt, 'Asia/Riyadh'));
    expect(d.appointments).toEqual([
      { appointmentId: booked.appointmentId, codeHash: await hashBookingCode(booked.code, salt), salt, slotAt: booked.slotAt, sectionId: 'men', service: 'iqama.renew', status: 'booked' },
    ]);
    // Slow and salted: not the plain SHA-256 of the code, and another office's salt gives another hash.
    expect(d.appointments[0]?.codeHash).not.toBe(await hashBookingCode(booked.code, null));
    expect(officeSalt).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(d)).not.toContain(booked.code);
    expect(JSON.stringify(d)).not.toContain(RESIDENT);
    const token = await h.supervisor(office);
    const list = await h.call<{ appointments: Record<string, unknown>[]; sections: { id: string }[]; services: string[]; timeZone: string }>(
      'GET',
      '/api/admin/appointments',
      { token },
    );
    expect(list.body.sections.map((s) => s.id)).toEqual(['men', 'women']);
    expect(list.body.services).toContain('iqama.renew');
    expect(list.body.timeZone).toBe('Asia/Riyadh');
    expect((await h.call<ApiError>('GET', '/api/admin/appointments?day=2026-13-45', { token })).status).toBe(400);
    // A day that looks right but is not in the calendar is a 400 too, never a 500.
    const notADay = await h.call<ApiError>('GET', '/api/admin/appointments?day=2024-02-30', { token });
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.message).toMatch(/^day: must be a real date/);
    expect(list.body.appointments).toEqual([expect.objectContaining({ appointmentId: booked.appointmentId, status: 'booked', hasIdNumber: true })]);
    expect(JSON.stringify(list.body)).not.toContain(RESIDENT);
  });

  it('refuses a booking it cannot honour with the field and the reason', async () => {
    const office = await h.newOffice();
    const token = await h.supervisor(office);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ sectionId: 'men', service: 'visa.magic', slotAt: h.now }, /^service: is not a service/],
      [{ sectionId: 'roof', service: 'iqama.renew', slotAt: h.now }, /^sectionId: no section/],
      [{ sectionId: 'men', service: 'iqama.renew', slotAt: h.now, idNumber: WRONG_CHECK_DIGIT }, /^idNumber: is not a valid iqama/],
      [{ sectionId: 'men', service: 'iqama.renew', slotAt: h.now - 86_400_000 }, /^slotAt: is in the past/],
      [{ sectionId: 'men', service: 'iqama.renew' }, /slotAt/],
    ];
    for (const [body, message] of cases) {
      const r = await h.call<ApiError>('POST', '/api/admin/appointments', { token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toMatch(message);
    }
    const kiosk = await h.enroll(office, 'kiosk');
    expect((await h.call('POST', '/api/admin/appointments', { token: kiosk.token, body: {} })).status).toBe(403);
    expect((await h.call('GET', '/api/kiosk/day', { token })).status).toBe(403);
    expect((await day(kiosk)).appointments).toEqual([]);
  });

  it('checks a booking in once, at the slot on its own record; a second check-in still gets an ordinary ticket', async () => {
    const office = await h.newOffice();
    const booked = await book(office, { idNumber: RESIDENT });
    const kiosk = await h.enroll(office, 'kiosk');
    const first = issue(1, kiosk, 1);
    // The device claims another slot: the store takes the booking's own.
    (first.args as Record<string, unknown>).appointmentId = booked.appointmentId;
    (first.args as Record<string, unknown>).appointmentAt = booked.slotAt - 3_600_000;
    const second = issue(2, kiosk, 2);
    (second.args as Record<string, unknown>).appointmentId = booked.appointmentId;
    (second.args as Record<string, unknown>).appointmentAt = booked.slotAt;
    const claimed = issue(3, kiosk, 3);
    (claimed.args as Record<string, unknown>).appointmentAt = booked.slotAt;
    const r = await h.push<PushResponse>(kiosk, [first, second, claimed]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await ticketRow(office, ticketIdOf(first))).toEqual({ appointment_at: booked.slotAt, status: 'waiting' });
    expect(await ticketRow(office, ticketIdOf(second))).toEqual({ appointment_at: null, status: 'waiting' });
    expect(await ticketRow(office, ticketIdOf(claimed))).toEqual({ appointment_at: null, status: 'waiting' });
    expect(await issuedReason(office, ticketIdOf(second))).toBe('booking already checked in');
    const d = await day(kiosk);
    expect(d.appointments[0]?.status).toBe('checkedIn');
    // The booking's number travels to the ticket, for the counter.
    const ids = await h.store.query<{ ticket_id: string; id_number: string; source: string }>(
      'SELECT ticket_id, id_number, source FROM ticket_identities WHERE office_id = $1',
      [office],
    );
    expect(ids).toEqual([{ ticket_id: ticketIdOf(first), id_number: RESIDENT, source: 'appointment' }]);
  });

  it('says what became of each booking: a past slot nobody came for is missed, not booked', async () => {
    const office = await h.newOffice();
    const token = await h.supervisor(office);
    const kept = await book(office, {});
    const missed = await book(office, { slotAt: h.now + 40 * 60_000 });
    const kiosk = await h.enroll(office, 'kiosk');
    const checkIn = issue(1, kiosk, 1);
    (checkIn.args as Record<string, unknown>).appointmentId = kept.appointmentId;
    await h.push(kiosk, [checkIn]);
    const outcomes = async () =>
      (await h.call<{ appointments: { appointmentId: string; outcome: string }[] }>('GET', '/api/admin/appointments', { token })).body.appointments.map((a) => [
        a.appointmentId,
        a.outcome,
      ]);
    expect(await outcomes()).toEqual([
      [kept.appointmentId, 'kept'],
      [missed.appointmentId, 'upcoming'],
    ]);
    const start = h.now;
    h.now += 56 * 60_000; // 16 minutes past the second slot, past the 15-minute window
    try {
      expect(await outcomes()).toEqual([
        [kept.appointmentId, 'kept'],
        [missed.appointmentId, 'missed'],
      ]);
    } finally {
      h.now = start;
    }
  });

  it('opens a sealed number only on the store and shows it only to the counter serving the ticket, audited', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const { sealKey } = await day(kiosk);
    const sealed = issue(1, kiosk, 1);
    (sealed.args as Record<string, unknown>).sealedIdNumber = await sealText(sealKey, RESIDENT);
    const plain = issue(2, kiosk, 2);
    const r = await h.push<PushResponse>(kiosk, [sealed, plain]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    // Nowhere but ticket_identities: not in the ledger, not on the public ticket.
    const ledger = await h.store.query<{ args: unknown }>('SELECT args FROM applied_mutations WHERE office_id = $1', [office]);
    expect(JSON.stringify(ledger)).not.toContain(RESIDENT);
    const tickets = await h.store.query('SELECT * FROM tickets WHERE office_id = $1', [office]);
    expect(JSON.stringify(tickets)).not.toContain(RESIDENT);

    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1001', 1);
    const other = await h.enroll(office, 'counter');
    const otherSession = await h.signIn(other, '1002', 2);
    const id = ticketIdOf(sealed);
    const path = `/api/counter/tickets/${id}/identity`;
    const asCounter = { token: counter.token, headers: { 'x-officer-session': session.token } };
    expect((await h.call<ApiError>('GET', path, asCounter)).body.error.code).toBe('not_your_ticket'); // not called yet
    await h.push(counter, [act(1, 'ticket.call', id, 1, session), act(2, 'ticket.call', ticketIdOf(plain), 1, session)]);
    const seen = await h.call<{ idNumber: string; source: string }>('GET', path, asCounter);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ idNumber: RESIDENT, source: 'kiosk' });
    const elsewhere = await h.call<ApiError>('GET', path, { token: other.token, headers: { 'x-officer-session': otherSession.token } });
    expect(elsewhere.status).toBe(403);
    expect((await h.call<ApiError>('GET', path, { token: counter.token })).status).toBe(401);
    expect((await h.call<ApiError>('GET', path, { token: kiosk.token })).status).toBe(403);
    const none = await h.call<ApiError>('GET', `/api/counter/tickets/${ticketIdOf(plain)}/identity`, asCounter);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('no_id_number');
    const audit = await h.store.query<{ actor_id: string; subject: string; details: { found: boolean } }>(
      `SELECT actor_id, subject, details FROM audit_log WHERE office_id = $1 AND action = 'person.lookup' ORDER BY audit_id`,
      [office],
    );
    expect(audit.map((a) => [a.actor_id, a.subject, a.details.found])).toEqual([
      ['1001', id, true],
      ['1001', ticketIdOf(plain), false],
    ]);
    expect(JSON.stringify(audit)).not.toContain(RESIDENT);
  });

  it('keeps the ticket when a sealed number cannot be opened or is not valid, and says why', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const otherOffice = await h.newOffice();
    const foreignKiosk = await h.enroll(otherOffice, 'kiosk');
    const foreignKey = (await day(foreignKiosk)).sealKey;
    const { sealKey } = await day(kiosk);
    const wrongKey = issue(1, kiosk, 1);
    (wrongKey.args as Record<string, unknown>).sealedIdNumber = await sealText(foreignKey, RESIDENT);
    const invalid = issue(2, kiosk, 2);
    (invalid.args as Record<string, unknown>).sealedIdNumber = await sealText(sealKey, WRONG_CHECK_DIGIT);
    const r = await h.push<PushResponse>(kiosk, [wrongKey, invalid]);
    expect(r.body.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    expect(await issuedReason(office, ticketIdOf(wrongKey))).toBe('typed number could not be opened');
    expect(await issuedReason(office, ticketIdOf(invalid))).toBe('typed number is not valid');
    expect(await h.store.query('SELECT 1 FROM ticket_identities WHERE office_id = $1', [office])).toEqual([]);
    // A shape that is not a sealed value is refused like any invalid argument.
    const junk = issue(3, kiosk, 3);
    (junk.args as Record<string, unknown>).sealedIdNumber = RESIDENT;
    const refused = await h.push<PushResponse>(kiosk, [junk]);
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'invalid_args' } });
    expect(JSON.stringify(refused.body)).not.toContain(RESIDENT);
  });

  it('gives every office one key, the same on every request', async () => {
    const office = await h.newOffice();
    const a = await h.enroll(office, 'kiosk');
    const b = await h.enroll(office, 'kiosk');
    const [da, db] = await Promise.all([day(a), day(b)]);
    expect(da.sealKey).toBe(db.sealKey);
  });

  it('tells kiosks the address phones reach the server at (PUBLIC_URL), for the links they print', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    expect((await day(kiosk)).publicUrl).toBeNull(); // unset: the kiosk's own address
    const app = createApp({ store: h.store, clock: () => h.now, publicUrl: 'https://jawazat.example.sa', onError: () => {} });
    const r = await app.request('/api/kiosk/day', { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(((await r.json()) as DayResponse).publicUrl).toBe('https://jawazat.example.sa');
  });
});
