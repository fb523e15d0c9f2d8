/**
 * Endpoints without a token: the resident's phone status page (/t/<code>): the ticket's
 * place, its estimated wait, leaving the queue and the survey after service; and health.
 * The ticket code in the QR link is the only key, so answers carry no personal data and
 * nothing beyond what the public board already shows. Requests are rate-limited.
 */
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { routes, ResponseOf } from '../../shared/api/contract/index.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { deferredPlace, queueSettingsOf } from '../../shared/domain/queue.ts';
import { applyTicketAction } from '../../shared/domain/ticket.ts';
import { SCHEMA_VERSION, SurveyRequestSchema, type PublicTicketStatus } from '../../shared/sync/protocol.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { cleanText, errorBody, HttpError, readJson, readOptionalJson } from '../http/errors.ts';
import { clientOf, Limiter } from '../http/rateLimit.ts';
import { sha256 } from '../security/secrets.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { Queryable } from '../store/index.ts';
import { isNear, openCounters, placesIn, sectionDay } from '../notifications/ticketNotices.ts';
import { rowToTicket, saveTickets, TICKET_COLUMNS, type TicketRow } from '../sync/ticketRows.ts';

const PUBLIC_CODE_RE = /^[2-9A-HJ-NP-Z]{10}$/;

function readAppVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
const APP_VERSION = readAppVersion();

interface PublicTicketRow extends TicketRow {
  issued_by_device: string;
  surveyed: boolean;
}

/**
 * The ticket behind a code, locked when `forUpdate` (the one lookup across offices). The
 * store refuses a new ticket whose code another office's ticket holds; should two offices'
 * pushes still race to one code, the code names no ticket rather than someone else's.
 */
async function ticketByCode(q: Queryable, code: string, forUpdate = false): Promise<PublicTicketRow | undefined> {
  const rows = await q.query<PublicTicketRow>(
    `SELECT ${TICKET_COLUMNS}, issued_by_device,
            EXISTS (SELECT 1 FROM ticket_surveys s WHERE s.office_id = tickets.office_id AND s.ticket_id = tickets.ticket_id) AS surveyed
       FROM tickets WHERE public_code = $1 LIMIT 2${forUpdate ? ' FOR UPDATE' : ''}`,
    [code],
  );
  return rows.length === 1 ? rows[0] : undefined;
}

/**
 * A change from the phone to a ticket whose kiosk gave it a key (in the QR link only) needs
 * that key: the printed code alone, which anyone near the ticket can read, is not enough.
 */
async function checkTicketKey(q: Queryable, ticket: Pick<TicketRow, 'office_id' | 'ticket_id'>, key: string | undefined): Promise<void> {
  const [keyRow] = await q.query<{ key_hash: string }>('SELECT key_hash FROM ticket_keys WHERE office_id = $1 AND ticket_id = $2', [
    ticket.office_id,
    ticket.ticket_id,
  ]);
  if (keyRow && (!key || sha256(key) !== keyRow.key_hash)) {
    throw new HttpError(403, 'ticket_key_needed', 'this needs the link from the ticket\'s QR code');
  }
}

/** POST …/answer: the resident answers "your turn is near" (or asks for time before it). */
const answerSchema = v.strictObject({
  answer: v.picklist(['onMyWay', 'moreTime'], 'must be "onMyWay" or "moreTime"'),
  key: v.optional(v.pipe(v.string(), v.regex(/^[2-9A-HJ-NP-Z]{16}$/, 'must be the 16 characters of the QR link'))),
});

/** POST …/leave: the key from the QR link (absent for tickets printed before keys). */
const leaveSchema = v.strictObject({ key: v.optional(v.pipe(v.string(), v.regex(/^[2-9A-HJ-NP-Z]{16}$/, 'must be the 16 characters of the QR link'))) });

export function registerPublicRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const perCode = new Limiter(deps.publicLimits.perCode, deps.clock);
  const writesPerCode = new Limiter(deps.publicLimits.writesPerCode, deps.clock);
  const misses = new Limiter(deps.publicLimits.missesPerClient, deps.clock);

  /**
   * The code from the path, limited per code. Malformed or unknown codes count against the
   * caller's address, and past its limit its misses are refused (429); a real code is always
   * answered, since every phone behind a mall's Wi-Fi shares one address with whoever guesses
   * (the codes are 32^10, so a guesser gains nothing from the hits it would need).
   */
  const codeOf = (c: Context<AppEnv>, limiter: Limiter): string => {
    const code = c.req.param('code')?.toUpperCase() ?? '';
    if (!PUBLIC_CODE_RE.test(code)) miss(c, () => new HttpError(400, 'invalid_request', 'code: must be 10 ticket-code characters'));
    limiter.take(code);
    return code;
  };
  const miss = (c: Context<AppEnv>, error: () => HttpError): never => {
    const client = clientOf(c);
    misses.check(client);
    misses.spend(client);
    throw error();
  };
  const notFound = (c: Context<AppEnv>): never => miss(c, () => new HttpError(404, 'ticket_not_found', 'no ticket with this code'));

  app.get('/api/public/tickets/:code', async (c) => {
    const code = codeOf(c, perCode);
    const status = await deps.store.tx(async (q): Promise<PublicTicketStatus | null> => {
      const row = await ticketByCode(q, code);
      if (!row) return null;
      const t = rowToTicket(row);
      const offices = await q.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [t.officeId]);
      const config = offices[0]?.config;
      let ahead = 0;
      let estimate: PublicTicketStatus['estimate'] = null;
      if (t.status === 'waiting' && config) {
        // The section's day and its open counters, to place this ticket as the counters will call it and to quote its wait.
        const tickets = await sectionDay(q, t.officeId, t.serviceDay, t.sectionId);
        const open = await openCounters(q, t.officeId, t.serviceDay);
        const place = placesIn(tickets, t.sectionId, config, deps.clock(), new Set([t.ticketId]), open).get(t.ticketId);
        ahead = place?.ahead ?? 0;
        estimate = place?.estimate ?? null;
      }
      const [notice] = await q.query<{ answer: PublicTicketStatus['answer']; near_at: Date | null }>(
        'SELECT answer, near_at FROM ticket_notices WHERE office_id = $1 AND ticket_id = $2',
        [t.officeId, t.ticketId],
      );
      return {
        displayNumber: t.displayNumber,
        status: t.status,
        serviceGroup: t.serviceGroup,
        sectionId: t.sectionId,
        counterId: t.status === 'called' || t.status === 'serving' ? t.counterId : null,
        ahead,
        estimate,
        canLeave: t.status === 'waiting',
        near:
          t.status === 'waiting' &&
          (notice?.near_at != null ||
            (config !== undefined && isNear(ahead, estimate, queueSettingsOf(config.settings)))),
        answer: notice?.answer ?? null,
        canAskMoreTime: t.status === 'waiting' && t.queueOrder == null && notice?.answer !== 'moreTime',
        surveyOpen: t.status === 'done' && !row.surveyed,
        version: t.version,
      };
    });
    if (!status) return notFound(c);
    return c.json(status satisfies ResponseOf<typeof routes.publicTicket>);
  });

  /**
   * The resident leaves the queue from the phone: the ticket is cancelled, and every device
   * hears of it. A ticket whose kiosk gave it a key (in the QR link only) needs that key: the
   * printed code alone, which anyone near the ticket can read, is not enough.
   */
  app.post('/api/public/tickets/:code/leave', async (c) => {
    const body = await readOptionalJson(c, leaveSchema); // no body at all: a ticket printed before keys
    const code = codeOf(c, writesPerCode);
    const result = await deps.store.tx(async (q) => {
      const found = await ticketByCode(q, code);
      if (!found) return null;
      await checkTicketKey(q, found, body.key);
      // Same order of locks as a push: the office row (versions), then the ticket.
      const offices = await q.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1 FOR UPDATE', [found.office_id]);
      const row = await ticketByCode(q, code, true);
      if (!row || !offices[0]) return null;
      const version = offices[0].version + 1;
      const now = deps.clock();
      const applied = applyTicketAction(rowToTicket(row), { type: 'cancel', reason: 'resident_left' }, { deviceTime: now, version });
      if (!applied.ok) throw new HttpError(409, applied.error.code, applied.error.message, applied.error.params);
      await saveTickets(q, [applied.ticket], row.issued_by_device);
      await q.query(
        `INSERT INTO ticket_events (office_id, ticket_id, type, service_day, device_id, device_seq, device_time, server_time, version, reason, source, at)
         VALUES ($1, $2, 'cancelled', $3::date, NULL, NULL, $4, $5, $6, 'resident left the queue', 'resident', $5)`,
        [row.office_id, row.ticket_id, row.service_day, now, new Date(now), version],
      );
      await q.query('UPDATE offices SET version = $2 WHERE office_id = $1', [row.office_id, version]);
      return { officeId: row.office_id, version };
    });
    if (!result) return notFound(c);
    deps.pokes.publish(result);
    deps.turnNotices.changed(result.officeId);
    return c.json({ status: 'cancelled' } satisfies ResponseOf<typeof routes.leaveQueue>);
  });

  /**
   * "On my way" is noted (the console counts answers); "I need 10 more minutes" moves the
   * ticket back `moreTimePlaces` places among those waiting in its section, once, and every
   * device hears of it. Nobody waiting behind: it keeps its place, and the answer says so.
   */
  app.post('/api/public/tickets/:code/answer', async (c) => {
    const body = await readJson(c, answerSchema);
    const code = codeOf(c, writesPerCode);
    const result = await deps.store.tx(async (q) => {
      const found = await ticketByCode(q, code);
      if (!found) return null;
      await checkTicketKey(q, found, body.key);
      const offices = await q.query<{ version: number; config: OfficeConfig }>('SELECT version, config FROM offices WHERE office_id = $1 FOR UPDATE', [
        found.office_id,
      ]);
      const row = await ticketByCode(q, code, true);
      const office = offices[0];
      if (!row || !office) return null;
      if (row.status !== 'waiting') throw new HttpError(409, 'not_waiting', 'the ticket is no longer waiting');
      const now = deps.clock();
      let moved: number | null = null;
      let version: number | null = null;
      if (body.answer === 'moreTime') {
        const ticket = rowToTicket(row);
        if (ticket.queueOrder != null) throw new HttpError(409, 'already_deferred', 'the ticket was already moved back once');
        const places = queueSettingsOf(office.config.settings).moreTimePlaces;
        const place = deferredPlace(await sectionDay(q, row.office_id, row.service_day, row.section_id), ticket, places);
        if (place !== null) {
          version = office.version + 1;
          const applied = applyTicketAction(ticket, { type: 'defer', queueOrder: place }, { deviceTime: now, version });
          if (!applied.ok) throw new HttpError(409, applied.error.code, applied.error.message, applied.error.params);
          await saveTickets(q, [applied.ticket], row.issued_by_device);
          await q.query(
            `INSERT INTO ticket_events (office_id, ticket_id, type, service_day, device_id, device_seq, device_time, server_time, version, reason, source, at)
             VALUES ($1, $2, 'deferred', $3::date, NULL, NULL, $4, $5, $6, $7, 'resident', $5)`,
            [row.office_id, row.ticket_id, row.service_day, now, new Date(now), version, `resident asked for more time: moved back up to ${places} places`],
          );
          await q.query('UPDATE offices SET version = $2 WHERE office_id = $1', [row.office_id, version]);
          moved = places;
        }
      }
      await q.query(
        `INSERT INTO ticket_notices (office_id, ticket_id, service_day, notified, language, created_at, answer, answered_at)
         VALUES ($1, $2, $3::date, false, 'ar', $4, $5, $4)
         ON CONFLICT (office_id, ticket_id) DO UPDATE SET answer = EXCLUDED.answer, answered_at = EXCLUDED.answered_at`,
        [row.office_id, row.ticket_id, row.service_day, new Date(now), body.answer],
      );
      return { officeId: row.office_id, version, moved };
    });
    if (!result) return notFound(c);
    if (result.version !== null) deps.pokes.publish({ officeId: result.officeId, version: result.version });
    deps.turnNotices.changed(result.officeId);
    return c.json({ answer: body.answer, movedBack: result.moved ?? 0 } satisfies ResponseOf<typeof routes.answerTurn>);
  });

  /** One answer per ticket, after service: the score (1–5) and an optional comment. */
  app.post('/api/public/tickets/:code/survey', async (c) => {
    const body = await readJson(c, SurveyRequestSchema); // a malformed answer costs no write
    const code = codeOf(c, writesPerCode);
    const outcome = await deps.store.tx(async (q) => {
      const row = await ticketByCode(q, code);
      if (!row) return 'missing' as const;
      if (row.status !== 'done') throw new HttpError(409, 'survey_not_open', 'the survey opens once the ticket has been served');
      const inserted = await q.query(
        `INSERT INTO ticket_surveys (office_id, ticket_id, service_day, score, comment, answered_at)
         VALUES ($1, $2, $3::date, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
        [row.office_id, row.ticket_id, row.service_day, body.score, body.comment ? cleanText(body.comment) : null, new Date(deps.clock())],
      );
      if (inserted.length === 0) throw new HttpError(409, 'already_answered', 'this ticket\'s survey was already answered');
      return 'saved' as const;
    });
    if (outcome === 'missing') return notFound(c);
    return c.json({ status: 'saved' } satisfies ResponseOf<typeof routes.answerSurvey>, 201);
  });

  app.get('/api/health', async (c) => {
    try {
      await deps.store.query('SELECT 1');
      return c.json({ ok: true, engine: deps.store.engine, version: APP_VERSION, schemaVersion: SCHEMA_VERSION });
    } catch {
      return c.json({ ok: false, engine: deps.store.engine, version: APP_VERSION, ...errorBody('store_unavailable', 'the database does not answer') }, 503);
    }
  });

  methodNotAllowed(app, [
    '/api/public/tickets/:code',
    '/api/public/tickets/:code/leave',
    '/api/public/tickets/:code/answer',
    '/api/public/tickets/:code/survey',
    '/api/health',
  ]);
}
