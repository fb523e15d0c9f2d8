/**
 * The desk machine's actors on a real counter (shared/machines/deskMachine.ts): the
 * transaction machine with its network actors, drafts encrypted in the device database
 * (shared/db/vault.ts), and a cancellation recorded through the outbox with the storage
 * banner's retries (saveLocally).
 */
import { fromPromise } from 'xstate';
import { cancelTransaction, type TransactionCancellation } from '../../shared/db/transactions.ts';
import { deleteDraft, loadDrafts, saveDraft } from '../../shared/db/vault.ts';
import type { DeskDraft, DraftValue } from '../../shared/machines/deskContext.ts';
import { resumable } from '../../shared/machines/deskMachine.ts';
import { transactionMachine } from '../../shared/machines/transactionMachine.ts';
import { saveLocally } from '../../shared/device/bootstrap.ts';
import { transactionActors, type TransactionDeps } from './transactionActors.ts';

export function deskActors(deps: TransactionDeps) {
  const { db } = deps;
  return {
    transaction: resumable(transactionMachine.provide({ actors: transactionActors(deps) })),
    loadDrafts: fromPromise<readonly DeskDraft[]>(() => loadDrafts<DraftValue>(db)),
    // No officer signed in (saveDraft says false): nothing is kept, as the vault intends.
    saveDraft: fromPromise<void, DeskDraft>(async ({ input }) => void (await saveDraft(db, input, Date.now()))),
    deleteDraft: fromPromise<void, { transactionId: string }>(({ input }) => deleteDraft(db, input.transactionId)),
    recordCancel: fromPromise<void, TransactionCancellation>(({ input }) => saveLocally(db, () => cancelTransaction(db, input, Date.now()))),
  };
}
