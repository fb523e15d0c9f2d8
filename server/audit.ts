/**
 * The audit trail of who did what outside the ticket flow: sign-ins, failed PINs,
 * enrollments, revocations, ended sessions (and later every lookup of a person).
 * Written inside the request's transaction, so an audited action and its record commit
 * together or not at all.
 */
import { toJsonb } from './http/errors.ts';
import type { Queryable } from './store/index.ts';

export type ActorKind = 'supervisor' | 'officer' | 'device' | 'system';

export interface AuditEntry {
  readonly officeId: string;
  /** Server time, epoch ms. */
  readonly at: number;
  readonly actorKind: ActorKind;
  readonly actorId: string;
  readonly action: string;
  readonly subject?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export async function audit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (office_id, at, actor_kind, actor_id, action, subject, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [
      entry.officeId,
      new Date(entry.at),
      entry.actorKind,
      entry.actorId,
      entry.action,
      entry.subject ?? null,
      toJsonb(entry.details ?? {}),
    ],
  );
}
