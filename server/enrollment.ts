/**
 * Minting enrollment codes: used by the supervisor console and by the demo start-up,
 * which prints one fresh link per role. Only the code's SHA-256 is stored; the code
 * itself is shown once.
 */
import type { DeviceRole } from '../shared/sync/mutations.ts';
import { audit } from './audit.ts';
import { cleanText } from './http/errors.ts';
import { newEnrollmentCode, sha256 } from './security/secrets.ts';
import type { Queryable } from './store/index.ts';
// The answer to POST /api/admin/enrollments, as the REST contract types it.
import type { Enrollment } from '../shared/api/adminTypes.ts';


export const ENROLLMENT_TTL_MS = 24 * 3_600_000;

export function enrollmentLink(role: DeviceRole, code: string): string {
  return `/${role}/?enroll=${code}`;
}

export async function createEnrollment(
  q: Queryable,
  e: { officeId: string; role: DeviceRole; label?: string | undefined; createdBy: string; now: number; ttlMs?: number },
): Promise<Enrollment> {
  const code = newEnrollmentCode();
  const expiresAt = e.now + (e.ttlMs ?? ENROLLMENT_TTL_MS);
  const label = e.label ? cleanText(e.label) : null;
  await q.query(
    `INSERT INTO enrollment_codes (code_hash, office_id, role, label, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sha256(code), e.officeId, e.role, label, e.createdBy, new Date(e.now), new Date(expiresAt)],
  );
  await audit(q, {
    officeId: e.officeId,
    at: e.now,
    actorKind: e.createdBy === 'demo' ? 'system' : 'supervisor',
    actorId: e.createdBy,
    action: 'enrollment.created',
    details: { role: e.role, label, expiresAt },
  });
  return { code, role: e.role, expiresAt, link: enrollmentLink(e.role, code) };
}
