/**
 * Ishaar's event sources (issue 11): a border event reaches exactly the establishments
 * subscribed to it for that number, with the right text in their language, once; the
 * daily scan finds expiring passports and iqamas and violations, and run twice sends
 * nothing twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/dates.ts';
import { createApp } from '../app.ts';
import { setContacts, subscribe, type EventType } from '../establishments/subscriptions.ts';
import { PILOT_OFFICE_ID, seedOffice } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { insertEstablishment, insertPeople, testNumber, testPerson } from '../testing/registryRecords.ts';
import { render, type TemplateId } from './templates.ts';
import { DailyScheduler, dayIn, runDailyScan } from './scheduler.ts';

const TODAY = '2026-03-01';
const NOW = Date.parse('2026-03-01T06:00:00+03:00');
const A = '7020000000'; // English, sms and e-mail
const B = '7020007919'; // Arabic, sms only

interface Row {
  channel: string;
  recipient: string;
  template: TemplateId;
  language: string;
  params: Record<string, unknown>;
  event_kind: string;
  event_ref: string;
}

describeEngines('Ishaar event sources', (engine) => {
  let t: TestStore;
  let n = 100;
  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
    await insertEstablishment(t.store, A);
    await insertEstablishment(t.store, B);
    await t.store.tx(async (q) => {
      await setContacts(q, { establishmentId: A, officeId: PILOT_OFFICE_ID, now: NOW }, { mobile: '0551234567', email: 'hr@a.example', language: 'en' });
      await setContacts(q, { establishmentId: B, officeId: PILOT_OFFICE_ID, now: NOW }, { mobile: '0509876543' });
    });
  });
  afterAll(() => t?.close());

  /** A new person sponsored by `establishment`, subscribed there to `events` (unless none). */
  const person = async (establishment: string, events: EventType[], over: Parameters<typeof testPerson>[2] = {}, prefix: '2' | '3' = '2') => {
    const idNumber = testNumber(prefix, ++n);
    await insertPeople(t.store, [testPerson(idNumber, establishment, over)], NOW);
    if (events.length) await t.store.tx((q) => subscribe(q, { establishmentId: establishment, officeId: PILOT_OFFICE_ID, now: NOW }, [{ idNumber, events }]));
    return idNumber;
  };
  const messagesAbout = (idNumber: string) =>
    t.store.query<Row>(
      `SELECT channel, recipient, template, language, params, event_kind, event_ref FROM outgoing_messages
        WHERE event_ref LIKE $1 OR params->>'person' = $2 ORDER BY template, recipient`,
      [`${idNumber}:%`, `…${idNumber.slice(-4)}`],
    );
  const text = (m: Row | undefined) => (m ? render(m.template, m.params, m.language) : '');

  it('fans a border event out to exactly the subscribers of that event, in their language, once per event id', async () => {
    const app = createApp({ store: t.store, clock: () => NOW, borderFeedKey: 'feed-key' });
    const post = (events: unknown, key: string | null = 'feed-key') =>
      app.request('/api/border-events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ events }),
      });
    const leaving = await person(A, ['exit', 'entry']);
    const onlyEntry = await person(A, ['entry']);
    const withB = await person(B, ['exit']);
    const visitor = await person(A, ['exit'], {}, '3');
    const transferred = await person(A, ['exit']);
    await insertPeople(t.store, [testPerson(transferred, B)], NOW); // now B's: A hears nothing more of them
    const at = Date.parse('2026-02-28T23:30:00+03:00');
    const events = [leaving, onlyEntry, withB, visitor, transferred].map((idNumber, i) => ({ eventId: `KFIA-${i}`, idNumber, kind: 'exit', at, port: 'KFIA' }));

    expect((await post(events, 'wrong')).status).toBe(401);
    expect((await post(events, null)).status).toBe(401);
    expect((await createApp({ store: t.store }).request('/api/border-events', { method: 'POST', headers: { authorization: 'Bearer feed-key' }, body: '{}' })).status).toBe(401);

    const first = await post(events);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ results: events.map((e) => ({ eventId: e.eventId, result: 'applied' })), queued: 5 });
    const again = await post(events);
    expect(await again.json()).toEqual({ results: events.map((e) => ({ eventId: e.eventId, result: 'duplicate' })), queued: 0 });

    const sent = await t.store.query<Row & { id: string }>(
      `SELECT channel, recipient, template, language, params, event_kind, event_ref FROM outgoing_messages WHERE event_ref LIKE 'border:KFIA-%' ORDER BY event_ref, channel`,
    );
    expect(sent.map((m) => [m.event_ref, m.channel, m.recipient, m.language])).toEqual([
      ['border:KFIA-0', 'email', 'hr@a.example', 'en'],
      ['border:KFIA-0', 'sms', '0551234567', 'en'],
      ['border:KFIA-2', 'sms', '0509876543', 'ar'],
      ['border:KFIA-3', 'email', 'hr@a.example', 'en'],
      ['border:KFIA-3', 'sms', '0551234567', 'en'],
    ]);
    // The day is Riyadh's (23:30 on 28 February), the person only by the last four digits.
    expect(text(sent[0])).toBe(`Jawazat: the holder of number …${leaving.slice(-4)} left the Kingdom on 28 February 2026.`);
    expect(text(sent[2])).toBe(`الجوازات: غادر حامل الرقم …${withB.slice(-4)} المملكة بتاريخ 28 فبراير 2026.`);
    expect(JSON.stringify(sent)).not.toContain(leaving);
    const records = await t.store.query<{ abroad: boolean; version: string }>(
      `SELECT (record->>'abroad')::boolean AS abroad, version::text FROM residents WHERE id_number = $1`,
      [leaving],
    );
    expect(records).toEqual([{ abroad: true, version: '2' }]);

    // Coming back: only the subscribers of entry; an exit for someone already abroad changes nothing.
    const back = await post([
      { eventId: 'KFIA-10', idNumber: leaving, kind: 'entry', at: at + 86_400_000 },
      { eventId: 'KFIA-11', idNumber: withB, kind: 'exit', at: at + 86_400_000 },
      { eventId: 'KFIA-12', idNumber: testNumber('2', 99_999), kind: 'entry', at },
    ]);
    expect(await back.json()).toEqual({
      results: [
        { eventId: 'KFIA-12', result: 'unknown_person' },
        { eventId: 'KFIA-10', result: 'applied' },
        { eventId: 'KFIA-11', result: 'unchanged' },
      ],
      queued: 2,
    });
    const bad = await post([{ eventId: 'x', idNumber: '1000000008', kind: 'exit', at }]);
    expect([bad.status, ((await bad.json()) as { error: { message: string } }).error.message]).toEqual([400, 'events.0.idNumber: must be a valid iqama (2…) or border number (3…, 4…)']);
  });

  it('scans the day once: passports within the configured days, iqamas at 90/60/30, violations; twice on a day sends nothing twice', async () => {
    const passport = await person(A, ['passportExpiring'], { passport: { number: 'P1', expiry: addDays(TODAY, 20) } });
    const passportLater = await person(A, ['passportExpiring'], { passport: { number: 'P2', expiry: addDays(TODAY, 40) } });
    const passportUnsubscribed = await person(A, ['exit'], { passport: { number: 'P3', expiry: addDays(TODAY, 10) } });
    const iqama = await person(B, ['iqamaExpiring'], { iqamaExpiry: addDays(TODAY, 75) });
    const expired = await person(A, ['violation'], { iqamaExpiry: addDays(TODAY, -5) });
    const stranded = await person(A, ['violation'], {
      abroad: true,
      visas: [
        { visaNumber: '6000000001', kind: 'exitReentrySingle', status: 'used', issuedOn: '2024-01-01', validUntil: '2024-03-01', months: 2 },
        { visaNumber: '6000000002', kind: 'exitReentrySingle', status: 'used', issuedOn: '2025-06-01', validUntil: '2025-08-01', months: 6 },
      ],
    });
    const abroadInTime = await person(A, ['violation'], {
      abroad: true,
      visas: [{ visaNumber: '6000000003', kind: 'exitReentryMultiple', status: 'used', issuedOn: '2026-01-10', validUntil: '2026-04-10', months: 3 }],
    });

    const first = await t.store.tx((q) => runDailyScan(q, { today: TODAY, now: NOW }));
    const second = await t.store.tx((q) => runDailyScan(q, { today: TODAY, now: NOW + 3_600_000 }));
    expect(second.total).toBe(0);
    expect(first.queued).toMatchObject({ passportExpiring: 2, iqamaExpiring: 1, iqamaExpired: 2, reentryExpired: 2 });

    const [passportSms, passportEmail] = [...(await messagesAbout(passport))].sort((a, b) => a.channel.localeCompare(b.channel)).reverse();
    expect(text(passportSms)).toBe(`Jawazat: the passport of the holder of number …${passport.slice(-4)} expires on 21 March 2026. Please have it renewed before then.`);
    expect(passportEmail?.recipient).toBe('hr@a.example');
    expect(await messagesAbout(passportLater)).toEqual([]);
    expect(await messagesAbout(passportUnsubscribed)).toEqual([]);
    expect(await messagesAbout(abroadInTime)).toEqual([]);
    const [iqamaNotice] = await messagesAbout(iqama);
    expect(iqamaNotice?.event_ref).toBe(`${iqama}:iqama:${addDays(TODAY, 75)}:90`);
    expect(text(iqamaNotice)).toBe(`الجوازات: تنتهي إقامة حامل الرقم …${iqama.slice(-4)} بتاريخ 15 مايو 2026. جدّدها قبل ذلك لتجنّب غرامة التأخير.`);
    expect(text((await messagesAbout(expired)).find((m) => m.channel === 'sms'))).toBe(
      `Jawazat: violation: the iqama of the holder of number …${expired.slice(-4)} expired on 24 February 2026 and has not been renewed.`,
    );
    // The latest re-entry visa counts (left by 1 August 2025 at the latest, six months allowed): out of time since 1 February 2026.
    const stuck = (await messagesAbout(stranded)).find((m) => m.channel === 'sms');
    expect(stuck?.event_ref).toBe(`${stranded}:reentryExpired:6000000002`);
    expect(text(stuck)).toBe(`Jawazat: violation: the exit and re-entry visa of the holder of number …${stranded.slice(-4)} ran out on 1 February 2026 while they are still outside the Kingdom.`);

    // A longer passport window from configuration finds the later passport; the next days only cross the next iqama threshold.
    const wider = await t.store.tx((q) => runDailyScan(q, { today: TODAY, now: NOW, passportDays: 45 }));
    expect(wider.queued).toEqual({ passportExpiring: 2 });
    const tomorrow = await t.store.tx((q) => runDailyScan(q, { today: addDays(TODAY, 1), now: NOW + 86_400_000 }));
    expect(tomorrow.total).toBe(0);
    const at60 = await t.store.tx((q) => runDailyScan(q, { today: addDays(TODAY, 15), now: NOW + 15 * 86_400_000 }));
    expect((await messagesAbout(iqama)).map((m) => m.event_ref)).toEqual([`${iqama}:iqama:${addDays(TODAY, 75)}:90`, `${iqama}:iqama:${addDays(TODAY, 75)}:60`]);
    expect(at60.queued.iqamaExpiring).toBe(1);
  });

  it('runs the scan once per Riyadh day, and tells the delivery worker when it queued something', async () => {
    let now = Date.parse('2026-03-10T20:30:00Z'); // 23:30 in Riyadh
    let kicks = 0;
    const lines: string[] = [];
    const scheduler = new DailyScheduler(t.store, { clock: () => now, onQueued: () => (kicks += 1), log: (line) => lines.push(line) });
    const late = await person(B, ['violation'], { iqamaExpiry: '2026-03-09' });
    // (The people of the earlier tests are scanned too: only this one's message is counted here.)
    const first = await scheduler.tick();
    expect(first?.total).toBeGreaterThan(0);
    expect((await messagesAbout(late)).map((m) => m.event_ref)).toEqual([`${late}:iqamaExpired:2026-03-09`]);
    expect(await scheduler.tick()).toBeNull(); // the same day
    now += 3_600_000; // 00:30 in Riyadh: a new day
    expect(dayIn('Asia/Riyadh', now)).toBe('2026-03-11');
    const next = await scheduler.tick();
    expect(next).not.toBeNull();
    expect(await messagesAbout(late)).toHaveLength(1);
    expect(kicks).toBe(1 + (next?.total ? 1 : 0));
    expect(lines[0]).toMatch(/^\[ishaar\] daily scan for 2026-03-10: \d+ message\(s\) queued in \d+ ms$/);
  });
});
