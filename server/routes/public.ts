/**
 * Endpoints without a token: the resident's phone status page (/t/<code>) and health.
 * The ticket code in the QR link is the only key, so the answer carries no personal data
 * and nothing beyond what the public board already shows.
 */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { PublicTicketStatus } from '../../shared/sync/protocol.ts';
import { SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { errorBody, HttpError } from '../http/errors.ts';
import { methodNotAllowed } from '../http/routing.ts';
import type { TicketRow } from '../sync/ticketRows.ts';

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

export function registerPublicRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get('/api/public/tickets/:code', async (c) => {
    const code = c.req.param('code').toUpperCase();
    if (!PUBLIC_CODE_RE.test(code)) throw new HttpError(400, 'invalid_request', 'code: must be 10 ticket-code characters');
    const status = await deps.store.tx(async (q): Promise<PublicTicketStatus | null> => {
      // The phone knows only the code, not the office: the one lookup across offices.
      const rows = await q.query<Pick<TicketRow, 'office_id' | 'section_id' | 'service_group' | 'display_number' | 'status' | 'counter_id' | 'service_day' | 'issued_version' | 'version'>>(
        `SELECT office_id, section_id, service_group, display_number, status, counter_id, service_day, issued_version, version
           FROM tickets WHERE public_code = $1 LIMIT 1`,
        [code],
      );
      const t = rows[0];
      if (!t) return null;
      let ahead = 0;
      if (t.status === 'waiting') {
        const counted = await q.query<{ n: number }>(
          `SELECT count(*) AS n FROM tickets
            WHERE office_id = $1 AND service_day = $2::date AND section_id = $3 AND status = 'waiting' AND issued_version < $4`,
          [t.office_id, t.service_day, t.section_id, t.issued_version],
        );
        ahead = counted[0]?.n ?? 0;
      }
      return {
        displayNumber: t.display_number,
        status: t.status,
        serviceGroup: t.service_group,
        sectionId: t.section_id,
        counterId: t.status === 'called' || t.status === 'serving' ? t.counter_id : null,
        ahead,
        version: t.version,
      };
    });
    if (!status) throw new HttpError(404, 'ticket_not_found', 'no ticket with this code');
    return c.json(status);
  });

  app.get('/api/health', async (c) => {
    try {
      await deps.store.query('SELECT 1');
      return c.json({ ok: true, engine: deps.store.engine, version: APP_VERSION, schemaVersion: SCHEMA_VERSION });
    } catch {
      return c.json({ ok: false, engine: deps.store.engine, version: APP_VERSION, ...errorBody('store_unavailable', 'the database does not answer') }, 503);
    }
  });

  methodNotAllowed(app, ['/api/public/tickets/:code', '/api/health']);
}
