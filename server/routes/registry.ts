/**
 * The counter's lookups in the resident registry: by iqama / border number (Luhn-checked
 * first: a wrong number is never looked up) or by name (Arabic or Latin spelling). Each
 * lookup needs a signed-in officer and a reason, and is written to the append-only audit
 * log: officer, device, time, the number looked up and the reason; never the record, and
 * for a name search not the name, only how many people matched.
 */
import type { Context, Hono } from 'hono';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { nameKeys, nameMatches } from '../../shared/domain/names.ts';
import type { EstablishmentRecord, PersonLookup, ResidentRecord } from '../../shared/domain/resident.ts';
import { audit } from '../audit.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { HttpError, toJsonb } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import { liveSession } from './counter.ts';

const MAX_RESULTS = 20;
/** Rows read for one name search before the exact match in code. */
const CANDIDATES = 5000;

/** Why the officer looks: the ticket being served, or a short word from the officer. */
function reasonOf(raw: string | undefined): string {
  const reason = (raw ?? '').trim();
  if (!/^[\p{L}\p{N} .:_-]{3,80}$/u.test(reason)) {
    throw new HttpError(400, 'reason_required', 'reason: say why you look this person up (3–80 letters, e.g. "ticket M1-042")');
  }
  return reason;
}

export type ResidentLookup = PersonLookup;

export function registerRegistryRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const counterOnly = requireDevice(deps, ['counter']);

  /** One person's record, found by `where` (audited with `subject` and how it was found). */
  async function lookUp(
    c: Context<AppEnv>,
    by: 'idNumber' | 'visaNumber',
    subject: string,
    where: string,
    param: string,
  ): Promise<ResidentLookup | undefined> {
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    const reason = reasonOf(c.req.query('reason'));
    const now = deps.clock();
    const found = await deps.store.tx(async (q) => {
      const rows = await q.query<{ id_number: string; record: ResidentRecord; version: string | number; est: EstablishmentRecord | null }>(
        `SELECT r.id_number, r.record, r.version, e.record AS est FROM residents r
           LEFT JOIN establishments e ON e.establishment_id = r.record->'sponsor'->>'establishmentId'
          WHERE ${where} LIMIT 1`,
        [param],
      );
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'person.lookup',
        subject: rows[0]?.id_number ?? subject,
        details: { by, ...(by === 'visaNumber' ? { visaNumber: subject } : {}), reason, deviceId: device.deviceId, counterId: session.counter_id, found: rows.length > 0 },
      });
      return rows[0];
    });
    // The establishment's contact is the store's to use (its notices), not the counter's to see.
    const establishment = found?.est ? (({ contact: _contact, ...rest }) => rest)(found.est) : null;
    return found && { record: found.record, version: Number(found.version), establishment };
  }

  app.get('/api/counter/residents/:idNumber', counterOnly, async (c) => {
    const checked = checkIdNumber(c.req.param('idNumber'));
    if (!checked.ok) throw new HttpError(400, 'invalid_id_number', `idNumber: not a valid iqama or border number (${checked.problem})`);
    const found = await lookUp(c, 'idNumber', checked.number, 'r.id_number = $1', checked.number);
    if (!found) throw new HttpError(404, 'person_unknown', 'no one with this number is in the registry');
    return c.json(found satisfies ResponseOf<typeof routes.personById>);
  });

  /** The holder of an exit/re-entry or final exit visa, by the visa's number. */
  app.get('/api/counter/visas/:visaNumber', counterOnly, async (c) => {
    const visaNumber = c.req.param('visaNumber');
    if (!/^\d{10}$/.test(visaNumber)) throw new HttpError(400, 'invalid_visa_number', 'visaNumber: a visa number has 10 digits');
    const found = await lookUp(c, 'visaNumber', visaNumber, `r.record->'visas' @> $1::jsonb`, toJsonb([{ visaNumber }]));
    if (!found) throw new HttpError(404, 'visa_unknown', 'no visa with this number is in the registry');
    return c.json(found satisfies ResponseOf<typeof routes.personByVisa>);
  });

  app.get('/api/counter/residents', counterOnly, async (c) => {
    const device = c.get('device');
    const session = await liveSession(deps, c, device);
    const name = (c.req.query('name') ?? '').trim();
    const keys = nameKeys(name);
    if (name.length > 100 || keys.length === 0 || keys.every((k) => k.length < 2)) {
      throw new HttpError(400, 'invalid_name', 'name: type at least two letters of a name');
    }
    const reason = reasonOf(c.req.query('reason'));
    const now = deps.clock();
    const longest = [...keys].sort((a, b) => b.length - a.length)[0] ?? '';
    const matches = await deps.store.tx(async (q) => {
      const rows = await q.query<{ id_number: string; record: ResidentRecord }>(
        `SELECT id_number, record FROM residents WHERE name_keys LIKE $1 ORDER BY id_number LIMIT ${CANDIDATES}`,
        [`%${longest.replace(/[%_\\]/g, '')}%`],
      );
      const found = rows.filter((r) => nameMatches(name, r.record.name)).slice(0, MAX_RESULTS);
      await audit(q, {
        officeId: device.officeId,
        at: now,
        actorKind: 'officer',
        actorId: session.badge,
        action: 'person.search',
        subject: null,
        details: { by: 'name', reason, deviceId: device.deviceId, counterId: session.counter_id, results: found.length },
      });
      return found;
    });
    return c.json({
      results: matches.map((r) => ({ idNumber: r.id_number, name: r.record.name, nationality: r.record.nationality, kind: r.record.kind })),
      more: matches.length === MAX_RESULTS,
    } satisfies ResponseOf<typeof routes.peopleByName>);
  });

  methodNotAllowed(app, ['/api/counter/residents', '/api/counter/residents/:idNumber', '/api/counter/visas/:visaNumber']);
}
