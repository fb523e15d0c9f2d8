/**
 * The pilot simulator, three days into a fresh store on each engine: everything it makes
 * goes through the store's own code and comes out as live traffic would (every kind of
 * change, only the refusals the rules intend, late events and presence gaps from the
 * offline periods, surveys, bookings kept, late and missed, transactions completed and
 * refused), it ends before today and tidies up its devices; and the same seed replays the
 * same pilot (on either engine), another seed another. Short opening hours and the rare
 * cases made common keep it to seconds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PRESENCE_TIMEOUT_MS } from '../../shared/domain/metrics/types.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/office.ts';
import { MUTATION_NAMES } from '../../shared/sync/mutations.ts';
import { PILOT_OFFICE_ID, pilotConfig, seedOffice } from '../seed.ts';
import { hashSecret } from '../security/secrets.ts';
import type { Store } from '../store/index.ts';
import { describeEngines, testEngines, type TestEngine, type TestStore } from '../testing/engines.ts';
import { runSimulation } from './run.ts';
import type { Summary } from './stats.ts';

const NOW = Date.parse('2026-03-05T12:00:00+03:00');
const TODAY = '2026-03-05';
const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
const SEED = 424_242;
const TUNING = {
  transfer: 0.06, park: 0.05, cancel: 0.1, refused: 0.08, wrongCode: 0.1, outagesPerMonth: 90, bookingsPerDay: 40, bookingDaysAhead: 2,
  bookingLate: 0.25, bookingMissed: 0.25, patienceMinutes: 25,
};
const TABLES = [
  'devices', 'officer_sessions', 'supervisor_sessions', 'tickets', 'ticket_events', 'counter_events', 'applied_mutations', 'audit_log',
  'ticket_surveys', 'appointments', 'ticket_identities', 'transactions', 'resident_history', 'security_codes', 'outgoing_messages',
  'transaction_cancellations', 'device_presence', 'device_status',
];

interface Run {
  readonly store: Store;
  readonly summary: Summary;
  readonly counts: Record<string, number>;
  readonly perDay: Record<string, number>;
}

const opened: TestStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

async function simulate(engine: TestEngine, seed: number): Promise<Run> {
  const test = await engine.open();
  opened.push(test);
  const { store } = test;
  // The pilot office with short opening hours (both shifts, prayer and meal breaks still in them), cheap test hashes.
  const cheap = { N: 1024, r: 8, p: 1 };
  const shifts = [{ id: 'morning', from: '09:00', to: '10:30' }, { id: 'evening', from: '16:00', to: '18:30' }] as const;
  const config = { ...pilotConfig(PILOT_OFFICE_ID), settings: { ...DEFAULT_SETTINGS, shifts } };
  await seedOffice(store, { config, now: NOW - 10 * 86_400_000, hashes: { pin: await hashSecret('1234', cheap), password: await hashSecret('pw', cheap) } });
  const summary = await runSimulation(store, { months: 6, days: 3, offices: 1, seed, volume: 80, now: NOW, tuning: TUNING });
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? -1;
  const days = await store.query<{ day: string; n: number }>(`SELECT service_day::text AS day, count(*)::int AS n FROM tickets GROUP BY 1 ORDER BY 1`);
  return { store, summary, counts, perDay: Object.fromEntries(days.map((d) => [d.day, d.n])) };
}

async function one<T>(store: Store, sql: string): Promise<T> {
  const row = (await store.query<T>(sql))[0];
  if (!row) throw new Error(`no row: ${sql}`);
  return row;
}

/** Counts of the first run on each engine, to compare across engines. */
const firstRuns = new Map<string, Run>();

describeEngines('the pilot simulator', (engine) => {
  it('writes three days of a pilot through the store code, as live traffic would', async () => {
    const run = await simulate(engine, SEED);
    firstRuns.set(engine.name, run);
    const { store, summary } = run;
    expect(summary.unexpected).toEqual({});
    expect(Object.keys(run.perDay)).toEqual(DAYS);

    const kinds = (await store.query<{ name: string }>(`SELECT DISTINCT name FROM applied_mutations WHERE status = 'applied'`)).map((r) => r.name);
    expect(kinds.sort()).toEqual([...MUTATION_NAMES].sort());
    const refusals = await store.query<{ code: string; n: number }>(
      `SELECT reason->>'code' AS code, count(*)::int AS n FROM applied_mutations WHERE status = 'rejected' GROUP BY 1`,
    );
    expect(refusals.map((r) => r.code)).toEqual(['transaction_refused']);

    const tx = await one<{ completed: number; refused: number; paid: number; cancelled: number }>(store, `
      SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'refused')::int AS refused,
             count(*) FILTER (WHERE payment IS NOT NULL)::int AS paid, (SELECT count(*)::int FROM transaction_cancellations) AS cancelled
        FROM transactions`);
    expect(tx.completed).toBeGreaterThan(50);
    expect(tx.refused).toBeGreaterThan(0);
    expect(tx.paid).toBeGreaterThan(0);
    expect(tx.cancelled).toBeGreaterThan(0);
    // Every code the residents read came from the message queue and was used once.
    const codes = await one<{ sent: number; queued: number; notices: number; used: number; codes: number }>(store, `
      SELECT count(*) FILTER (WHERE status = 'delivered' AND template = 'securityCode')::int AS sent, count(*) FILTER (WHERE status = 'queued')::int AS queued,
             count(*) FILTER (WHERE template = 'transactionNotice' AND status = 'delivered')::int AS notices,
             (SELECT count(*)::int FROM security_codes WHERE used_at IS NOT NULL) AS used, (SELECT count(*)::int FROM security_codes) AS codes
        FROM outgoing_messages`);
    expect(codes).toMatchObject({ queued: 0, sent: codes.codes });
    expect(codes.used).toBeGreaterThan(0);
    // Completed transactions that changed a record told the sponsor (Ishaar), as history.
    expect(codes.notices).toBeGreaterThan(0);

    // Offline periods: events that reached the store late, and devices silent past the presence timeout.
    const late = await one<{ n: number }>(store, `SELECT count(*)::int AS n FROM ticket_events WHERE server_time - at > interval '60 seconds'`);
    expect(late.n).toBeGreaterThan(0);
    const gaps = await one<{ n: number }>(store, `
      SELECT count(*)::int AS n FROM (
        SELECT started_at - lag(last_at) OVER (PARTITION BY device_id ORDER BY started_at) AS gap,
               started_at::date = lag(last_at) OVER (PARTITION BY device_id ORDER BY started_at)::date AS same_day,
               session_id IS NOT DISTINCT FROM lag(session_id) OVER (PARTITION BY device_id ORDER BY started_at) AS same_session
          FROM device_presence) p
       WHERE gap > make_interval(secs => ${PRESENCE_TIMEOUT_MS / 1000}) AND same_day AND same_session AND gap < interval '2 hours'`);
    expect(gaps.n).toBeGreaterThan(0);

    const residents = await one<{ surveys: number; done: number; left: number; languages: number }>(store, `
      SELECT (SELECT count(*)::int FROM ticket_surveys) AS surveys, count(*) FILTER (WHERE status = 'done')::int AS done,
             (SELECT count(*)::int FROM ticket_events WHERE source = 'resident') AS left, count(DISTINCT language)::int AS languages
        FROM tickets`);
    expect(residents.surveys / residents.done).toBeGreaterThan(0.3);
    expect(residents.surveys / residents.done).toBeLessThan(0.5);
    expect(residents.left).toBeGreaterThan(0);
    expect(residents.languages).toBeGreaterThanOrEqual(6);

    const bookings = await one<{ kept: number; late: number; missed: number }>(store, `
      SELECT count(*) FILTER (WHERE status = 'checkedIn' AND checked_in_at <= slot_at)::int AS kept,
             count(*) FILTER (WHERE status = 'checkedIn' AND checked_in_at > slot_at)::int AS late,
             count(*) FILTER (WHERE status = 'booked')::int AS missed
        FROM appointments`);
    expect(bookings.kept).toBeGreaterThan(0);
    expect(bookings.late).toBeGreaterThan(0);
    expect(bookings.missed).toBeGreaterThan(0);
    const honoured = await one<{ n: number }>(store, `SELECT count(*)::int AS n FROM tickets WHERE appointment_at IS NOT NULL`);
    expect(honoured.n).toBe(bookings.kept + bookings.late);

    // The history ends yesterday; the simulated devices are revoked, nobody is left signed in; the pilot starts on day one.
    const end = await one<{ day: string; received: Date; open: number; live: number; supervisors: number; start: string }>(store, `
      SELECT (SELECT max(service_day)::text FROM tickets) AS day, (SELECT max(server_time) FROM applied_mutations) AS received,
             (SELECT count(*)::int FROM officer_sessions WHERE ended_at IS NULL) AS open,
             (SELECT count(*)::int FROM devices WHERE revoked_at IS NULL) AS live,
             (SELECT count(*)::int FROM supervisor_sessions WHERE ended_at IS NULL AND expires_at > '${new Date(NOW).toISOString()}') AS supervisors,
             (SELECT config->'settings'->'pilot'->>'startDate' FROM offices WHERE office_id = '${PILOT_OFFICE_ID}') AS start`);
    expect(end).toMatchObject({ day: DAYS[2], open: 0, live: 0, supervisors: 0, start: DAYS[0] });
    expect(end.received.getTime()).toBeLessThan(Date.parse(`${TODAY}T00:00:00+03:00`));

    // The same seed on the other engine made the very same pilot.
    const other = firstRuns.get(engine.name === 'pglite' ? 'postgres' : 'pglite');
    if (other) expect({ counts: run.counts, perDay: run.perDay }).toEqual({ counts: other.counts, perDay: other.perDay });
  });
});

describe('the pilot simulator replays a seed', () => {
  const engine = testEngines().run.find((e) => e.name === 'pglite');
  if (!engine) throw new Error('PGlite is always there');

  it('gives the same counts and days for the same seed, and others for another', async () => {
    const first = firstRuns.get('pglite') ?? (await simulate(engine, SEED));
    const again = await simulate(engine, SEED);
    const other = await simulate(engine, SEED + 1);
    expect({ counts: again.counts, perDay: again.perDay, summary: again.summary.applied }).toEqual({
      counts: first.counts, perDay: first.perDay, summary: first.summary.applied,
    });
    expect(other.perDay).not.toEqual(first.perDay);
    expect(other.counts).not.toEqual(first.counts);
    // Two more simulated pilots on PGlite: about 30 s alone, past the 60 s default on a loaded 2-core machine.
  }, 180_000);
});
