/**
 * Endpoints without a token: the resident's phone status page (/t/<code>): the ticket's
 * place, its estimated wait, leaving the queue and the survey after service; and health.
 * The ticket code in the QR link is the only key, so answers carry no personal data and
 * nothing beyond what the public board already shows. Requests are rate-limited.
 */
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { quoteFromDay } from '../../shared/domain/estimate.ts';
import type { OfficeConfig } from '../../shared/domain/office.ts';
import { callOrder, queueSettingsOf } from '../../shared/domain/queue.ts';
import { applyTicketAction } from '../../shared/domain/ticket.ts';
import { SCHEMA_VERSION, SurveyRequestSchema, type PublicTicketStatus } from '../../shared/sync/protocol.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { cleanText, errorBody, HttpError, readJson, readOptionalJson } from '../http/errors.ts';
import { clientOf, Limiter } from '../http/rateLimit.ts';
import { sha256 } from '../security/secrets.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { Queryable } from '../store/index.ts';
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
        // The section's day, to place this ticket as the queue engine would and to quote its wait.
        const day = await q.query<TicketRow>(
          `SELECT ${TICKET_COLUMNS} FROM tickets
            WHERE office_id = $1 AND service_day = $2::date AND section_id = $3 AND status IN ('waiting', 'called', 'serving', 'done')`,
          [t.officeId, t.serviceDay, t.sectionId],
        );
        const tickets = day.map(rowToTicket);
        const now = deps.clock();
        const settings = queueSettingsOf(config.settings);
        const order = callOrder(tickets, t.sectionId, config.serviceGroups, settings, now);
        ahead = Math.max(0, order.findIndex((x) => x.ticketId === t.ticketId));
        const quote = quoteFromDay({ ahead, tickets, sectionId: t.sectionId, now, settings });
        estimate = { minMinutes: quote.minMinutes, maxMinutes: quote.maxMinutes };
      }
      return {
        displayNumber: t.displayNumber,
        status: t.status,
        serviceGroup: t.serviceGroup,
        sectionId: t.sectionId,
        counterId: t.status === 'called' || t.status === 'serving' ? t.counterId : null,
        ahead,
        estimate,
        canLeave: t.status === 'waiting',
        surveyOpen: t.status === 'done' && !row.surveyed,
        version: t.version,
      };
    });
    if (!status) return notFound(c);
    return c.json(status);
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
      const [keyRow] = await q.query<{ key_hash: string }>('SELECT key_hash FROM ticket_keys WHERE office_id = $1 AND ticket_id = $2', [
        found.office_id,
        found.ticket_id,
      ]);
      if (keyRow && (!body.key || sha256(body.key) !== keyRow.key_hash)) {
        throw new HttpError(403, 'ticket_key_needed', 'leaving the queue needs the link from the ticket\'s QR code');
      }
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
    return c.json({ status: 'cancelled' });
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
    return c.json({ status: 'saved' }, 201);
  });

  app.get('/api/health', async (c) => {
    try {
      await deps.store.query('SELECT 1');
      return c.json({ ok: true, engine: deps.store.engine, version: APP_VERSION, schemaVersion: SCHEMA_VERSION });
    } catch {
      return c.json({ ok: false, engine: deps.store.engine, version: APP_VERSION, ...errorBody('store_unavailable', 'the database does not answer') }, 503);
    }
  });

  methodNotAllowed(app, ['/api/public/tickets/:code', '/api/public/tickets/:code/leave', '/api/public/tickets/:code/survey', '/api/health']);
}
