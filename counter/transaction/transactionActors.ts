/**
 * The transaction machine's actors on a real counter: the registry and the security code
 * through the counter API (they need the store, and say "offline" when it cannot be
 * reached, which the machine waits out), the submission through the outbox (works
 * offline: the number is sealed with the office key the counter keeps), and the store's
 * answer by watching the device database, where sync puts it.
 */
import { fromCallback, fromPromise } from 'xstate';
import { getSession, markRejectionSeen, observe, type DeviceDb } from '../../shared/db/index.ts';
import { getSealKey, saveSealKey, submitTransaction, transactionAnswer } from '../../shared/db/transactions.ts';
import type { PersonLookup } from '../../shared/domain/resident.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import type { FetchInput, SentCode, SubmitInput, TransactionEvent } from '../../shared/machines/transactionTypes.ts';
import type { SyncClient } from '../../shared/device/syncClient.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import { saveLocally } from '../../shared/device/bootstrap.ts';
import type { TransactionApi } from './transactionApi.ts';

export interface TransactionDeps {
  readonly db: DeviceDb;
  readonly api: TransactionApi;
  readonly sync: SyncClient;
}

async function sessionToken(db: DeviceDb): Promise<string> {
  const session = await getSession(db);
  if (!session) throw new CounterError('session_invalid', 'No officer is signed in');
  return session.token;
}

/** The office key, from the device (offline) or fetched once and kept. */
export async function sealKeyOf(db: DeviceDb, api: TransactionApi): Promise<string> {
  const kept = await getSealKey(db);
  if (kept) return kept;
  const fetched = await api.sealKey();
  await saveSealKey(db, fetched);
  return fetched;
}

export function transactionActors({ db, api, sync }: TransactionDeps) {
  return {
    fetchRecord: fromPromise<{ idNumber: string; lookup: PersonLookup }, FetchInput>(async ({ input }) => {
      const lookup = await api.person(await sessionToken(db), input.by, input.value, input.reason);
      // The counter will need the office key to submit; fetch it while the network is here.
      void sealKeyOf(db, api).catch(() => undefined);
      return { idNumber: lookup.record.idNumber, lookup };
    }),
    sendCode: fromPromise<SentCode, { idNumber: string; transactionId: string }>(async ({ input }) =>
      api.sendCode(await sessionToken(db), input),
    ),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(async ({ input }) =>
      api.verifyCode(await sessionToken(db), input.codeId, input.code),
    ),
    submit: fromPromise<void, SubmitInput>(async ({ input }) => {
      const { idNumber, ...rest } = input;
      const sealedIdNumber = await sealText(await sealKeyOf(db, api), idNumber);
      await saveLocally(db, () => submitTransaction(db, { ...rest, sealedIdNumber }, Date.now()));
      void sync.syncNow();
    }),
    watchResult: fromCallback<TransactionEvent, { transactionId: string }>(({ input, sendBack }) =>
      observe(
        () => transactionAnswer(db, input.transactionId),
        (answer) => {
          if (answer.kind === 'decided') {
            // The desk explains a refusal; the general list of refused changes need not repeat it.
            if (answer.rejectionSeq !== null) void markRejectionSeen(db, answer.rejectionSeq);
            sendBack({ type: 'store.decided', result: answer.result });
          } else if (answer.kind === 'refused') {
            // The desk explains it; the general list of refused changes need not repeat it.
            void markRejectionSeen(db, answer.seq);
            sendBack({ type: 'store.refused', reason: answer.reason });
          }
        },
      ),
    ),
  };
}
