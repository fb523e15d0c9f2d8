/**
 * Applies ONE device mutation inside the push transaction: checks the arguments, the
 * device's role, the officer session, then hands the mutation to its handler by name
 * (mutationHandlers.ts) and records the outcome in the ledger (ledger.ts). A business
 * refusal is a result, not an exception: it is recorded and the device moves on. Facts a
 * device cannot be trusted with come from the server.
 *
 * The rest of the push's work lives beside it, one job a file: its state (pushState.ts),
 * what it reads from the store (lookups.ts), the ticket mutations (ticketMutation.ts),
 * and the write buffer that writes the batch in a few statements (writeBuffer.ts).
 */
import type { MutationEnvelope, MutationResult } from '../../shared/sync/protocol.ts';
import { isMutationName, mutationRights, parseMutation, type MutationName } from '../../shared/sync/mutations.ts';
import { EPOCH_MS_MAX } from '../../shared/sync/bounds.ts';
import { cleanText } from '../http/errors.ts';
import { recordOutcome } from './ledger.ts';
import { loadSession } from './lookups.ts';
import { mutationHandlers, type Mutation } from './mutationHandlers.ts';
import { reject, type Outcome, type PushState, type SessionInfo } from './pushState.ts';

// bench/push.ts reads the column lists from here.
export { LEDGER_COLUMNS } from './ledger.ts';
export { EVENT_COLUMNS } from './writeBuffer.ts';

/** Runs the handler of the mutation's name (the map is keyed by name, so the types follow). */
function dispatch<K extends MutationName>(name: K, s: PushState, env: MutationEnvelope, m: Mutation<K>, session: SessionInfo | null): Promise<Outcome> {
  return mutationHandlers[name](s, env, m, session);
}

async function decide(s: PushState, env: MutationEnvelope): Promise<Outcome> {
  if (!Number.isSafeInteger(env.deviceTime) || env.deviceTime > EPOCH_MS_MAX) return reject('invalid_args', 'deviceTime is out of range');
  // Who may send it first (by name alone), so a caller without the right learns nothing of the arguments' rules.
  if (!isMutationName(env.name)) return reject('invalid_args', `unknown mutation "${cleanText(env.name).slice(0, 64)}"`);
  const rights = mutationRights[env.name];
  if (rights.role !== s.device.role) {
    return reject('forbidden', `a ${s.device.role} device may not send ${env.name}`, { mutation: env.name });
  }
  let session: SessionInfo | null = null;
  if (rights.officer) {
    session = await loadSession(s, env.sessionId);
    if (!session) return reject('session_invalid', 'no valid officer session on this device; sign in again');
    if (session.lastSeq !== null && env.seq > session.lastSeq) {
      return reject('session_invalid', 'the officer had signed out of this session before this change; sign in again');
    }
  }
  const parsed = parseMutation(env.name, env.args);
  if (!parsed.ok) return reject('invalid_args', parsed.message, undefined, session);
  const m = parsed.value;
  if ('counterId' in m.args && session && m.args.counterId !== session.counterId) {
    return reject('wrong_counter', `the officer is signed in at counter ${session.counterId}`, { counter: session.counterId }, session);
  }
  return dispatch(m.name, s, env, m, session);
}

/** Decides one mutation (seq == the device's next seq), writes its ledger row, returns its result. */
export async function applyMutation(s: PushState, env: MutationEnvelope): Promise<MutationResult> {
  return recordOutcome(s, env, await decide(s, env));
}
