/**
 * Officer rows as the console's routes change them: found and locked before a change,
 * and their open sessions ended by a supervisor. Shared by adminOfficers.ts and
 * adminOfficerAccounts.ts so "end sessions", a new PIN and a deactivation end them alike.
 */
import { BADGE_PATTERN } from '../shared/sync/protocol.ts';
import { HttpError } from './http/errors.ts';
import type { Queryable } from './store/index.ts';

/** Locks the officer's row; 404 `officer_not_found` when there is none. Says whether they are active, and locked out. */
export async function lockOfficer(q: Queryable, officeId: string, badge: string): Promise<{ active: boolean; locked: boolean }> {
  if (!BADGE_PATTERN.test(badge)) throw new HttpError(404, 'officer_not_found', 'no such officer');
  const rows = await q.query<{ deactivated_at: Date | null; locked_at: Date | null }>(
    'SELECT deactivated_at, locked_at FROM officers WHERE office_id = $1 AND badge = $2 FOR UPDATE',
    [officeId, badge],
  );
  const row = rows[0];
  if (!row) throw new HttpError(404, 'officer_not_found', 'no such officer');
  return { active: row.deactivated_at === null, locked: row.locked_at !== null };
}

/**
 * Ends the officer's open sessions as a supervisor does: 'revoked', the one ending that
 * also refuses writes still queued under them (server/sync/applyMutation.ts). Returns their ids.
 */
export async function endOfficerSessions(q: Queryable, officeId: string, badge: string, now: number): Promise<string[]> {
  const rows = await q.query<{ session_id: string }>(
    `UPDATE officer_sessions SET ended_at = $3, end_reason = 'revoked'
      WHERE office_id = $1 AND badge = $2 AND ended_at IS NULL RETURNING session_id`,
    [officeId, badge, new Date(now)],
  );
  return rows.map((r) => r.session_id);
}
