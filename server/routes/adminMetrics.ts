/**
 * Supervisor console API, the figures: the live floor (and its alerts, acknowledged or
 * snoozed on the record), a slice of the pilot's evaluation, the scorecard (and, for a
 * director, every office's side by side), CSV exports, and the console's event stream.
 * Figures are computed by the shared pure functions over the office's data in memory
 * (server/metrics/officeData.ts), refreshed incrementally before each answer.
 */
import type { Hono } from 'hono';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import { daysBetween, isIsoDate } from '../../shared/domain/dates.ts';
import { evaluate, officeClock, scorecard, windowFactsOf } from '../../shared/domain/metrics/index.ts';
import type { Evaluation, MetricsFilter, Scorecard, TargetId } from '../../shared/domain/metrics/types.ts';
import { pilotOf, type LocalizedText, type OfficeConfig } from '../../shared/domain/office.ts';
import { TICKET_LANGUAGES } from '../../shared/sync/mutations.ts';
import { audit } from '../audit.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson, validate } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { exportCsv, EXPORT_KINDS, type ExportKind } from '../metrics/csv.ts';
import { readFloor } from '../metrics/floor.ts';
import type { MetricsCache, OfficeData } from '../metrics/officeData.ts';
import { ResultCache } from '../metrics/results.ts';

const DAY = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD'), v.check((day: string) => isIsoDate(day), 'must be a real date'));

const filterSchema = v.strictObject({
  from: v.optional(DAY),
  to: v.optional(DAY),
  sectionId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'is not a section'))),
  service: v.optional(v.pipe(v.string(), v.regex(/^[a-zA-Z0-9._-]{1,60}$/, 'is not a service'))),
  shift: v.optional(v.picklist(['morning', 'evening'], 'must be morning or evening')),
  counterId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a counter number'), v.transform(Number))),
  officerBadge: v.optional(v.pipe(v.string(), v.regex(/^\d{3,10}$/, 'must be a badge number'))),
  language: v.optional(v.picklist(TICKET_LANGUAGES, 'must be a kiosk language')),
  lang: v.optional(v.picklist(['ar', 'en'], 'must be ar or en')),
  office: v.optional(v.string()),
});

const alertSchema = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^(wait|queue|idle|silent|unsent):[a-zA-Z0-9:._-]{1,80}$/, 'is not an alert')),
  since: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  action: v.picklist(['acknowledge', 'snooze'], 'must be acknowledge or snooze'),
  minutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5, 'snooze at least 5 minutes'), v.maxValue(240, 'snooze at most 4 hours'))),
});

/** A view of this many days or more may be served up to LONG_VIEW_STALE_MS old (results.ts). */
const LONG_VIEW_DAYS = 7;
const LONG_VIEW_STALE_MS = 60_000;

interface OfficeRow {
  office_id: string;
  name: LocalizedText;
  config: OfficeConfig;
}

export function registerAdminMetricsRoutes(app: Hono<AppEnv>, deps: AppDeps, cache: MetricsCache): void {
  const sup = requireSupervisor(deps);
  const results = new ResultCache(deps.clock);

  const office = async (officeId: string): Promise<OfficeRow> => {
    const [row] = await deps.store.query<OfficeRow>('SELECT office_id, name, config FROM offices WHERE office_id = $1', [officeId]);
    if (!row) throw new HttpError(404, 'unknown_office', `there is no office "${officeId}"`);
    return row;
  };

  /** The filter with its days: the pilot so far by default, never before it starts or after today. */
  const sliceOf = (data: OfficeData, now: number, query: Record<string, string>): MetricsFilter => {
    const asked = validate(filterSchema, query);
    const today = officeClock(now, data.config.settings.timeZone).day;
    const pilot = pilotOf(data.config.settings);
    const from = asked.from ?? (pilot.startDate <= today ? pilot.startDate : today);
    const to = asked.to ?? today;
    if (from > to) throw new HttpError(400, 'invalid_request', 'from: must not be after to');
    if (daysBetween(from, to) > 800) throw new HttpError(400, 'invalid_request', 'to: at most 800 days at a time');
    const { lang: _lang, office: _office, ...rest } = asked;
    return { ...rest, from, to };
  };

  const evaluationOf = (data: OfficeData, now: number, filter: MetricsFilter): Evaluation =>
    results.get(
      data,
      `eval|${JSON.stringify(filter)}`,
      () => {
        const input = data.input(now);
        // The window's facts are the same for every filter over these days: worked out once
        // per change of the data, then each further filter costs only its own passes.
        const windowFacts = results.get(data, `window|${filter.from}|${filter.to}`, () => windowFactsOf(input, filter.from, filter.to));
        return evaluate(input, filter, { serviceLevelShare: pilotOf(data.config.settings).targets.serviceLevelShare, windowFacts });
      },
      daysBetween(filter.from, filter.to) >= LONG_VIEW_DAYS ? LONG_VIEW_STALE_MS : 0,
    );

  const scorecardOf = (data: OfficeData, now: number): Scorecard =>
    results.get(data, 'scorecard', () => {
      const pilot = pilotOf(data.config.settings);
      const today = officeClock(now, data.config.settings.timeZone).day;
      const to = today < pilot.startDate ? pilot.startDate : today;
      const whole = evaluationOf(data, now, { from: pilot.startDate, to });
      return scorecard({ officeId: data.officeId, pilot, weekly: whole.weekly, overall: whole.figures, today });
    }, LONG_VIEW_STALE_MS);

  const scorecardAnswer = async (officeId: string, now: number, withOthers: boolean) => {
    const row = await office(officeId);
    const data = await cache.office(officeId, now);
    const card = scorecardOf(data, now);
    let others = null;
    if (withOthers) {
      const ids = (await deps.store.query<{ office_id: string }>('SELECT office_id FROM offices WHERE office_id <> $1 ORDER BY office_id', [officeId])).map((r) => r.office_id);
      if (ids.length > 0) {
        const cards = [];
        for (const id of ids) cards.push(scorecardOf(await cache.office(id, now), now));
        others = { offices: ids.length, values: medianOfCurrent(cards) };
      }
    }
    const pilot = pilotOf(data.config.settings);
    return {
      officeId,
      officeName: row.name,
      scorecard: card,
      serviceLevelMinutes: pilot.targets.serviceLevelMinutes,
      baseline: pilot.baseline,
      others,
      generatedAt: now,
    };
  };

  app.get('/api/admin/floor', sup, async (c) => {
    const officeId = officeOf(c);
    const now = deps.clock();
    const row = await office(officeId);
    const floor = await deps.store.tx((q) => readFloor(q, officeId, row.config, now));
    const officers = await deps.store.query<{ badge: string; name: LocalizedText }>('SELECT badge, name FROM officers WHERE office_id = $1 ORDER BY badge', [officeId]);
    const data = await cache.office(officeId, now);
    const day = floor.serviceDay;
    const today = evaluationOf(data, now, { from: day, to: day }).figures.tickets;
    return c.json({
      ...floor,
      officers,
      targetMinutes: row.config.settings.serviceLevelTargetMinutes,
      today: {
        tickets: today.tickets,
        served: today.served,
        waiting: floor.queues.reduce((n, q) => n + q.waiting, 0),
        noShows: today.noShows,
        waitMedian: today.wait.median,
        serviceLevel: today.serviceLevel.share,
      },
    } satisfies ResponseOf<typeof adminRoutes.floor>);
  });

  app.post('/api/admin/alerts', sup, async (c) => {
    const body = await readJson(c, alertSchema);
    const s = c.get('supervisor');
    const officeId = officeOf(c);
    const now = deps.clock();
    const action = body.action === 'acknowledge' ? 'acknowledged' : 'snoozed';
    const until = action === 'snoozed' ? new Date(now + (body.minutes ?? 30) * 60_000) : null;
    await deps.store.tx(async (q) => {
      await q.query(
        'INSERT INTO alert_acks (office_id, alert_key, since, action, until, username, at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [officeId, body.key, body.since, action, until, s.username, new Date(now)],
      );
      await audit(q, {
        officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: `alert.${action}`,
        subject: body.key,
        details: { since: body.since, ...(until ? { until: until.getTime() } : {}) },
      });
    });
    return c.json({ ok: true } satisfies ResponseOf<typeof adminRoutes.silenceAlert>);
  });

  app.get('/api/admin/metrics', sup, async (c) => {
    const officeId = officeOf(c);
    const now = deps.clock();
    const data = await cache.office(officeId, now);
    const filter = sliceOf(data, now, c.req.query());
    const evaluation = evaluationOf(data, now, filter);
    const [officers, row] = await Promise.all([
      deps.store.query<{ badge: string; name: LocalizedText }>('SELECT badge, name FROM officers WHERE office_id = $1 ORDER BY badge', [officeId]),
      office(officeId),
    ]);
    const pilot = pilotOf(data.config.settings);
    const services = [...new Set([...(data.config.catalog ?? []).map((e) => e.id), ...evaluation.figures.transactions.byService.map((s) => s.service)])].sort();
    return c.json({
      evaluation,
      pilot: { startDate: pilot.startDate, endDate: scorecardOf(data, now).pilot.endDate, months: pilot.months, today: officeClock(now, data.config.settings.timeZone).day },
      options: {
        sections: row.config.sections.map((s) => ({ id: s.id, name: s.name })),
        services,
        counters: row.config.counters.map((x) => ({ id: x.id, sectionId: x.sectionId })),
        officers,
        languages: [...TICKET_LANGUAGES],
      },
      targetMinutes: pilot.targets.serviceLevelMinutes,
      targetShare: pilot.targets.serviceLevelShare,
      generatedAt: now,
    } satisfies ResponseOf<typeof adminRoutes.metrics>);
  });

  app.get('/api/admin/scorecard', sup, async (c) => c.json((await scorecardAnswer(officeOf(c), deps.clock(), true)) satisfies ResponseOf<typeof adminRoutes.scorecard>));

  app.get('/api/admin/scorecards', sup, async (c) => {
    if (c.get('supervisor').role !== 'director') throw new HttpError(403, 'forbidden', 'only a director sees every office; a supervisor sees their own scorecard');
    const now = deps.clock();
    const ids = (await deps.store.query<{ office_id: string }>('SELECT office_id FROM offices ORDER BY office_id')).map((r) => r.office_id);
    const offices = [];
    for (const id of ids) offices.push(await scorecardAnswer(id, now, false));
    return c.json({ offices } satisfies ResponseOf<typeof adminRoutes.scorecards>);
  });

  app.get('/api/admin/export/:file', sup, async (c) => {
    const match = /^([a-z]+)\.csv$/.exec(c.req.param('file'));
    const kind = match?.[1] as ExportKind | undefined;
    if (!kind || !(EXPORT_KINDS as readonly string[]).includes(kind)) throw new HttpError(404, 'not_found', `no export ${c.req.param('file')}; there are ${EXPORT_KINDS.map((k) => `${k}.csv`).join(', ')}`);
    const officeId = officeOf(c);
    const now = deps.clock();
    const data = await cache.office(officeId, now);
    const filter = sliceOf(data, now, c.req.query());
    const language = c.req.query('lang') === 'en' ? 'en' : 'ar';
    const row = await office(officeId);
    const text = exportCsv(kind, { data, now, filter, language, evaluation: kind === 'figures' ? evaluationOf(data, now, filter) : null, config: row.config });
    const name = `jawazat-${officeId}-${kind}-${filter.from}-${filter.to}.csv`;
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  });

  app.get('/api/admin/events', sup, (c) => {
    const officeId = officeOf(c);
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let open = true;
      let wake: () => void = () => {};
      const unsubscribe = deps.pokes.subscribe(officeId, (event) => {
        if (open) void stream.writeSSE({ event: 'change', data: JSON.stringify({ version: event.version }) }).catch(() => {});
      });
      stream.onAbort(() => {
        open = false;
        wake();
      });
      try {
        await stream.writeSSE({ event: 'hello', data: '{}' });
        while (open) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 20_000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (open) await stream.write(': heartbeat\n\n');
        }
      } finally {
        open = false;
        unsubscribe();
      }
    });
  });

  methodNotAllowed(app, ['/api/admin/floor', '/api/admin/alerts', '/api/admin/metrics', '/api/admin/scorecard', '/api/admin/scorecards', '/api/admin/export/:file', '/api/admin/events']);
}

/** The other offices' median of each target's current value. */
function medianOfCurrent(cards: readonly Scorecard[]): Record<TargetId, number | null> {
  const out = {} as Record<TargetId, number | null>;
  const ids = cards[0]?.targets.map((t) => t.id) ?? [];
  for (const id of ids) {
    const values = cards.map((c) => c.targets.find((t) => t.id === id)?.current).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
    const mid = Math.floor(values.length / 2);
    out[id] = values.length === 0 ? null : values.length % 2 ? (values[mid] ?? null) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
  }
  return out;
}
