/**
 * The console's figures against the raw records, on simulated days: the API computes them
 * from ticket facts (rolled up from the events, kept in memory, filtered, then the pure
 * functions of shared/domain/metrics); here the same figures are computed again straight
 * from the tables, in SQL, with the definitions written out a second time. Two
 * implementations that agree on thousands of simulated tickets, on both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import type { Evaluation } from '../../shared/domain/metrics/types.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/office.ts';
import { DEMO_SUPERVISOR, PILOT_OFFICE_ID, pilotConfig, seedOffice } from '../seed.ts';
import { hashSecret } from '../security/secrets.ts';
import type { Store } from '../store/index.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { runSimulation } from '../simulation/run.ts';

const NOW = Date.parse('2026-03-05T12:00:00+03:00');
const FROM = '2026-03-02';
const TO = '2026-03-04';

describeEngines('figures agree with the raw records', (engine) => {
  let test: TestStore;
  let store: Store;
  let evaluation: Evaluation;
  beforeAll(async () => {
    test = await engine.open();
    store = test.store;
    const cheap = { N: 1024, r: 8, p: 1 };
    const shifts = [{ id: 'morning', from: '09:00', to: '11:00' }, { id: 'evening', from: '16:00', to: '19:00' }] as const;
    const config = { ...pilotConfig(PILOT_OFFICE_ID), settings: { ...DEFAULT_SETTINGS, shifts } };
    await seedOffice(store, { config, now: NOW - 10 * 86_400_000, hashes: { pin: await hashSecret('1234', cheap), password: await hashSecret(DEMO_SUPERVISOR.password, cheap) } });
    await runSimulation(store, { months: 6, days: 3, offices: 1, seed: 77, volume: 120, now: NOW, tuning: { transfer: 0.05, park: 0.04, outagesPerMonth: 60 } });
    const app = createApp({ store, clock: () => NOW, onError: () => {} });
    const signIn = await app.request('/api/admin/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...DEMO_SUPERVISOR, officeId: PILOT_OFFICE_ID }) });
    const { token } = (await signIn.json()) as { token: string };
    const r = await app.request(`/api/admin/metrics?from=${FROM}&to=${TO}`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    evaluation = ((await r.json()) as { evaluation: Evaluation }).evaluation;
  }, 180_000);
  afterAll(() => test?.close());

  const one = async <T>(sql: string): Promise<T> => {
    const row = (await store.query<T>(sql, [PILOT_OFFICE_ID, FROM, TO]))[0];
    if (!row) throw new Error('no row');
    return row;
  };

  it('counts tickets, served, no-shows and tickets per day alike', async () => {
    const sql = await one<{ tickets: number; served: number; no_shows: number }>(`
      SELECT count(*)::int AS tickets, count(*) FILTER (WHERE status = 'done')::int AS served, count(*) FILTER (WHERE status = 'noShow')::int AS no_shows
        FROM tickets WHERE office_id = $1 AND service_day BETWEEN $2::date AND $3::date`);
    const k = evaluation.figures.tickets;
    expect(sql.tickets).toBeGreaterThan(200);
    expect([k.tickets, k.served, k.noShows]).toEqual([sql.tickets, sql.served, sql.no_shows]);
    const days = await store.query<{ day: string; n: number }>(
      `SELECT service_day::text AS day, count(*)::int AS n FROM tickets WHERE office_id = $1 AND service_day BETWEEN $2::date AND $3::date GROUP BY 1 ORDER BY 1`,
      [PILOT_OFFICE_ID, FROM, TO],
    );
    expect(evaluation.daily.map((d) => [d.day, d.total])).toEqual(days.map((d) => [d.day, d.n]));
  });

  it('measures the wait (mean, median, 90th percentile) and the service level alike', async () => {
    // Issue → the last call or recall before service first started (never started: the last call), never negative.
    const sql = await one<{ n: number; mean: number; median: number; p90: number; within: number }>(`
      WITH e AS (
        SELECT ev.ticket_id, ev.type, ev.at, ev.version FROM ticket_events ev JOIN tickets t USING (office_id, ticket_id)
         WHERE ev.office_id = $1 AND t.service_day BETWEEN $2::date AND $3::date),
      firsts AS (
        SELECT ticket_id, min(version) FILTER (WHERE type = 'started') AS started_v, min(at) FILTER (WHERE type = 'issued') AS issued_at FROM e GROUP BY ticket_id),
      calls AS (
        SELECT e.ticket_id, (array_agg(e.at ORDER BY e.version DESC))[1] AS called_at FROM e JOIN firsts f USING (ticket_id)
         WHERE e.type IN ('called', 'recalled') AND (f.started_v IS NULL OR e.version < f.started_v) GROUP BY e.ticket_id),
      waits AS (
        SELECT greatest(0, extract(epoch FROM c.called_at - f.issued_at) * 1000) / 60000.0 AS w FROM calls c JOIN firsts f USING (ticket_id))
      SELECT count(*)::int AS n, avg(w)::float8 AS mean, percentile_disc(0.5) WITHIN GROUP (ORDER BY w)::float8 AS median,
             percentile_disc(0.9) WITHIN GROUP (ORDER BY w)::float8 AS p90, count(*) FILTER (WHERE w <= 15)::int AS within FROM waits`);
    const k = evaluation.figures.tickets;
    expect(k.wait.n).toBe(sql.n);
    expect(k.wait.mean).toBeCloseTo(sql.mean, 6);
    expect(k.wait.median).toBeCloseTo(sql.median, 6);
    expect(k.wait.p90).toBeCloseTo(sql.p90, 6);
    expect(k.serviceLevel.within).toBe(sql.within);
    expect(k.serviceLevel.of).toBe(sql.n);
  });

  it('adds up service time from every stretch of service alike', async () => {
    // Each start or resume lasts until the ticket's next event; served tickets only.
    const sql = await one<{ n: number; mean: number }>(`
      WITH e AS (
        SELECT ev.ticket_id, ev.type, ev.at, lead(ev.at) OVER (PARTITION BY ev.ticket_id ORDER BY ev.version) AS next_at
          FROM ticket_events ev JOIN tickets t USING (office_id, ticket_id)
         WHERE ev.office_id = $1 AND t.service_day BETWEEN $2::date AND $3::date AND t.status = 'done')
      SELECT count(*)::int AS n, avg(total)::float8 AS mean FROM (
        SELECT ticket_id, sum(greatest(0, extract(epoch FROM next_at - at) * 1000)) / 60000.0 AS total
          FROM e WHERE type IN ('started', 'resumed') AND next_at IS NOT NULL GROUP BY ticket_id) s`);
    expect(evaluation.figures.tickets.service.n).toBe(sql.n);
    expect(evaluation.figures.tickets.service.mean).toBeCloseTo(sql.mean, 6);
  });

  it('counts transactions, refusals, revenue and the survey alike', async () => {
    const tx = await one<{ completed: number; refused: number; revenue: number }>(`
      SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'refused')::int AS refused,
             coalesce(sum(total) FILTER (WHERE status = 'completed'), 0)::int AS revenue
        FROM transactions
       WHERE office_id = $1 AND (coalesce(at, decided_at) AT TIME ZONE 'Asia/Riyadh')::date BETWEEN $2::date AND $3::date`);
    const x = evaluation.figures.transactions;
    expect(tx.completed).toBeGreaterThan(50);
    expect([x.completed, x.refused, x.revenue]).toEqual([tx.completed, tx.refused, tx.revenue]);
    const survey = await one<{ answers: number; satisfied: number }>(`
      SELECT count(*)::int AS answers, count(*) FILTER (WHERE s.score >= 4)::int AS satisfied
        FROM ticket_surveys s JOIN tickets t USING (office_id, ticket_id)
       WHERE s.office_id = $1 AND t.service_day BETWEEN $2::date AND $3::date`);
    const satisfaction = evaluation.figures.tickets.satisfaction;
    expect(satisfaction.responses).toBe(survey.answers);
    expect(satisfaction.csat).toBeCloseTo((100 * survey.satisfied) / survey.answers, 9);
  });
});
