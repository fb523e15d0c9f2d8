/**
 * The ledger (applied_mutations): one row per device change, applied or refused, with
 * the version it was applied at. It is what makes a push exactly-once: a seq already in
 * the ledger answers with its recorded result (push.ts). The row joins the batch's write
 * buffer and is written with the rest of the batch.
 */
import type { MutationEnvelope, MutationResult } from '../../shared/sync/protocol.ts';
import { EPOCH_MS_MAX } from '../../shared/sync/bounds.ts';
import { cleanText, toJsonb } from '../http/errors.ts';
import type { Outcome, PushState } from './pushState.ts';

export const LEDGER_COLUMNS = ['office_id', 'device_id', 'seq', 'name', 'status', 'reason', 'args', 'officer_badge', 'session_id',
  'version', 'device_time', 'server_time'] as const;

/** Args bigger than this (characters of JSON) are not copied into the ledger. */
const MAX_STORED_ARGS = 16_384;

/** The raw args as jsonb for the audit, or null when they are too big or cannot be stored. */
function storableArgs(args: unknown): string | null {
  try {
    const text = toJsonb(args ?? null);
    return text.length <= MAX_STORED_ARGS ? text : null;
  } catch {
    return null; // e.g. nesting too deep to serialise: the ledger row still records the refusal
  }
}

/** Adds the mutation's ledger row to the batch's writes and returns the result the device gets. */
export function recordOutcome(s: PushState, env: MutationEnvelope, outcome: Outcome): MutationResult {
  const reason = outcome.ok ? null : { ...outcome.reason, message: cleanText(outcome.reason.message) };
  s.writes.ledger.push(
    [
      s.device.officeId,
      s.device.deviceId,
      env.seq,
      cleanText(env.name),
      outcome.ok ? 'applied' : 'rejected',
      reason ? toJsonb(reason) : null,
      storableArgs(env.args),
      outcome.session?.badge ?? null,
      outcome.session?.sessionId ?? null,
      s.version,
      Number.isSafeInteger(env.deviceTime) && env.deviceTime <= EPOCH_MS_MAX ? env.deviceTime : null,
      new Date(s.now),
    ],
  );
  return reason
    ? { seq: env.seq, status: 'rejected', version: s.version, reason }
    : { seq: env.seq, status: 'applied', version: s.version };
}
