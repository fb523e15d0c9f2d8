/**
 * Supervisor console API, part 4: the office configuration. GET /api/admin/config reads
 * it; PUT /api/admin/config/<part> replaces one part (sections, counters, services,
 * hours, targets, settings), checked by the same rules the console's forms use
 * (shared/sync/officeConfigCheck.ts) plus what only the store knows: a section or counter
 * still in use today cannot go. A change is one transaction under the office row lock: it
 * takes the next office version (so pull sends it to every device once, in order with the
 * tickets), writes a `config.changed` audit row, and pokes the devices after COMMIT.
 * GET /api/admin/offices lists the offices a director may read.
 */
import type { Hono } from 'hono';
import type { adminRoutes, ResponseOf } from '../../shared/api/contract/index.ts';
import * as v from 'valibot';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { pilotOf, serviceDayOf } from '../../shared/domain/office.ts';
import { applyConfigPart, checkConfigPart } from '../../shared/sync/officeConfigCheck.ts';
import { CONFIG_PARTS, isConfigPart, problemText, type ConfigProblem, type ProblemCode } from '../../shared/sync/officeConfigSchema.ts';
import { audit } from '../audit.ts';
import { configChanges } from '../configChanges.ts';
import { officeOf, requireSupervisor } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, readJson, toJsonb } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { Queryable } from '../store/index.ts';

/** Problems that are about the office as it is, not the form: their own codes and 409 where it is a conflict. */
const PROBLEM_STATUS: Partial<Record<ProblemCode, [400 | 409, string]>> = {
  unknownSection: [400, 'unknown_section'],
  unknownGroup: [400, 'unknown_service_group'],
  sectionInUse: [409, 'section_in_use'],
  groupInUse: [409, 'group_in_use'],
  sectionBusy: [409, 'section_busy'],
  counterBusy: [409, 'counter_busy'],
  counterSignedIn: [409, 'counter_busy'],
};

/** The first problem as the error (the console shows it by the field), all of them in details. */
function problemError(problems: readonly ConfigProblem[]): HttpError {
  const first = problems[0] ?? { path: '', code: 'invalid' };
  const [status, code] = PROBLEM_STATUS[first.code] ?? [400, 'invalid_request'];
  return new HttpError(status, code, problemText(first), { field: first.path, problem: first.code, params: first.params ?? {}, problems });
}

/** Ticket states that are not finished: a section or counter holding one today must stay. */
const OPEN_STATES = `('waiting', 'called', 'serving', 'parked')`;

/** Refuses removing a section or counter that today's work still uses (only the store can see this). */
async function refuseRemovingBusy(q: Queryable, officeId: string, before: OfficeConfig, after: OfficeConfig, now: number): Promise<void> {
  const today = serviceDayOf(now, before.settings.timeZone);
  const goneSections = before.sections.filter((s) => !after.sections.some((x) => x.id === s.id)).map((s) => s.id);
  const goneCounters = before.counters.filter((c) => !after.counters.some((x) => x.id === c.id)).map((c) => c.id);
  if (goneSections.length > 0) {
    const rows = await q.query<{ section_id: string; n: number }>(
      `SELECT section_id, count(*)::int AS n FROM tickets
        WHERE office_id = $1 AND service_day = $2::date AND status IN ${OPEN_STATES} AND section_id = ANY($3::text[])
        GROUP BY section_id ORDER BY section_id LIMIT 1`,
      [officeId, today, `{${goneSections.join(',')}}`],
    );
    const busy = rows[0];
    if (busy) throw problemError([{ path: 'sections', code: 'sectionBusy', params: { section: busy.section_id, tickets: busy.n } }]);
  }
  if (goneCounters.length > 0) {
    const ids = `{${goneCounters.join(',')}}`;
    const signedIn = await q.query<{ counter_id: number; badge: string }>(
      `SELECT counter_id, badge FROM officer_sessions
        WHERE office_id = $1 AND ended_at IS NULL AND expires_at > $2 AND counter_id = ANY($3::int[])
        ORDER BY counter_id LIMIT 1`,
      [officeId, new Date(now), ids],
    );
    const officer = signedIn[0];
    if (officer) throw problemError([{ path: 'counters', code: 'counterSignedIn', params: { counter: officer.counter_id, badge: officer.badge } }]);
    const rows = await q.query<{ counter_id: number; n: number }>(
      `SELECT CASE WHEN counter_id = ANY($3::int[]) THEN counter_id ELSE target_counter_id END AS counter_id, count(*)::int AS n FROM tickets
        WHERE office_id = $1 AND service_day = $2::date AND status IN ${OPEN_STATES}
          AND (counter_id = ANY($3::int[]) OR target_counter_id = ANY($3::int[]))
        GROUP BY 1 ORDER BY 1 LIMIT 1`,
      [officeId, today, ids],
    );
    const busy = rows[0];
    if (busy) throw problemError([{ path: 'counters', code: 'counterBusy', params: { counter: busy.counter_id, tickets: busy.n } }]);
  }
}

interface OfficeRow {
  version: number;
  config_version: number;
  config: OfficeConfig;
}

export function registerAdminConfigRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const sup = requireSupervisor(deps);

  app.get('/api/admin/config', sup, async (c) => {
    const officeId = officeOf(c);
    const rows = await deps.store.query<OfficeRow>('SELECT version, config_version, config FROM offices WHERE office_id = $1', [officeId]);
    const office = rows[0];
    if (!office) throw new HttpError(404, 'unknown_office', 'no such office');
    return c.json({ officeId, configVersion: Number(office.config_version), config: office.config } satisfies ResponseOf<typeof adminRoutes.config>);
  });

  app.put('/api/admin/config/:part', sup, async (c) => {
    const part = c.req.param('part');
    if (!isConfigPart(part)) throw new HttpError(404, 'not_found', `no configuration part "${part}"; the parts are ${CONFIG_PARTS.join(', ')}`);
    const body = await readJson(c, v.unknown());
    const s = c.get('supervisor');
    const now = deps.clock();
    const result = await deps.store.tx(async (q) => {
      // The office row lock: the new version follows every committed push and precedes the next.
      const rows = await q.query<OfficeRow>('SELECT version, config_version, config FROM offices WHERE office_id = $1 FOR UPDATE', [s.officeId]);
      const office = rows[0];
      if (!office) throw new HttpError(404, 'unknown_office', 'no such office');
      const checked = checkConfigPart(part, body, office.config);
      if (!checked.ok) throw problemError(checked.problems);
      const next = applyConfigPart(office.config, part, checked.value);
      const { changes, more } = configChanges(office.config, next);
      if (changes.length === 0) return { changed: false, configVersion: Number(office.config_version), config: office.config };
      await refuseRemovingBusy(q, s.officeId, office.config, next, now);
      const version = Number(office.version) + 1;
      await q.query('UPDATE offices SET config = $2::jsonb, version = $3, config_version = $3 WHERE office_id = $1', [
        s.officeId,
        toJsonb(next),
        version,
      ]);
      await audit(q, {
        officeId: s.officeId,
        at: now,
        actorKind: 'supervisor',
        actorId: s.username,
        action: 'config.changed',
        subject: part,
        details: { part, configVersion: version, changes, ...(more > 0 ? { more } : {}) },
      });
      return { changed: true, configVersion: version, config: next };
    });
    if (result.changed) deps.pokes.publish({ officeId: s.officeId, version: result.configVersion });
    return c.json({ officeId: s.officeId, ...result } satisfies ResponseOf<typeof adminRoutes.saveConfig>);
  });

  app.get('/api/admin/offices', sup, async (c) => {
    const s = c.get('supervisor');
    // A director reads every office; a supervisor's list is their own office.
    const rows =
      s.role === 'director'
        ? await deps.store.query<{ office_id: string; config: OfficeConfig }>('SELECT office_id, config FROM offices ORDER BY office_id')
        : await deps.store.query<{ office_id: string; config: OfficeConfig }>('SELECT office_id, config FROM offices WHERE office_id = $1', [s.officeId]);
    return c.json({
      offices: rows.map((r) => ({ officeId: r.office_id, name: r.config.name, pilot: pilotOf(r.config.settings) })),
    } satisfies ResponseOf<typeof adminRoutes.offices>);
  });

  methodNotAllowed(app, ['/api/admin/config', '/api/admin/config/:part', '/api/admin/offices']);
}
