import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { OfficerSession, TransactionResult } from '../sync/protocol.ts';
import { applyPullPage, applyPushResponse, endSession, saveSession, takePushBatch } from './index.ts';
import { submitTransaction, transactionAnswer } from './transactions.ts';
import { deleteDraft, loadDrafts, saveDraft } from './vault.ts';
import { enrolledDb } from './testing.ts';

const NOW = Date.UTC(2026, 11, 2, 9, 0);
const SEALED = `${'A'.repeat(342)}==`;
const HERE = '11111111-1111-4111-8111-111111111111';
const ELSEWHERE = '22222222-2222-4222-8222-222222222222';

const session = (id = crypto.randomUUID()): OfficerSession => ({
  sessionId: id,
  token: 'session-token',
  badge: '1001',
  name: 'Officer',
  counterId: 1,
  expiresAt: NOW + 3_600_000,
});

const result = (transactionId: string, version: number, status: TransactionResult['status'] = 'completed'): TransactionResult => ({
  transactionId,
  service: 'iqama.renew',
  status,
  failures: [],
  fees: [],
  total: 650,
  outcome: { newIqamaExpiry: '2027-12-01' },
  receiptCode: status === 'completed' ? 'ABCDEFGHJKMN' : null,
  recordChanged: false,
  decidedAt: NOW,
  version,
});

const submission = (transactionId: string) => ({
  transactionId,
  ticketId: null,
  counterId: 1,
  sealedIdNumber: SEALED,
  request: { service: 'iqama.renew', months: 12 },
  basedOnVersion: 1,
  quotedTotal: 650,
  securityCodeId: null,
  payment: { method: 'mada', reference: null },
  representativeFor: null,
});

describe('transaction drafts (the vault) and results', () => {
  it('keeps a draft only encrypted, readable in its own session, and wipes everything at sign-out', async () => {
    const db = await enrolledDb('counter');
    const value = { person: { idNumber: '2123456788', name: 'Mohammed Ahmed' }, step: 'form' };
    expect(await saveDraft(db, { transactionId: 't1', ticketId: null, value }, NOW)).toBe(false); // nobody signed in: nothing kept

    const first = session();
    await saveSession(db, first, '1234', NOW);
    expect(await saveDraft(db, { transactionId: 't1', ticketId: 'k1', value }, NOW)).toBe(true);
    const stored = await db.drafts.toArray();
    expect(stored).toHaveLength(1);
    expect(new TextDecoder().decode(new Uint8Array(stored[0]?.data ?? new ArrayBuffer(0)))).not.toContain('2123456788');
    expect((await db.session.get('current'))?.dataKey?.extractable).toBe(false);
    expect((await loadDrafts<typeof value>(db)).map((d) => d.value)).toEqual([value]);

    // The same session saved again (an unlock refreshing the PIN verifier) keeps its key.
    await saveSession(db, first, '1234', NOW + 1);
    expect((await loadDrafts<typeof value>(db)).map((d) => d.transactionId)).toEqual(['t1']);

    // A new session cannot read the old one's drafts: they are dropped.
    await saveSession(db, session(), '1234', NOW + 2);
    expect(await loadDrafts(db)).toEqual([]);
    expect(await db.drafts.count()).toBe(0);

    await saveDraft(db, { transactionId: 't2', ticketId: null, value }, NOW + 3);
    await db.transactionResults.put(result('t2', 5));
    await endSession(db);
    expect([await db.session.count(), await db.drafts.count(), await db.transactionResults.count()]).toEqual([0, 0, 0]);
  });

  it('submits once into the outbox, and takes the store’s answer from a pull only for a transaction in progress', async () => {
    const db = await enrolledDb('counter');
    await saveSession(db, session(), '1234', NOW);
    await saveDraft(db, { transactionId: HERE, ticketId: null, value: {} }, NOW);
    await submitTransaction(db, submission(HERE), NOW);
    await submitTransaction(db, submission(HERE), NOW + 1); // a step retried after a crash
    const batch = await takePushBatch(db, 10);
    expect(batch.map((m) => [m.name, (m.args as { transactionId: string }).transactionId])).toEqual([['transaction.submit', HERE]]);
    expect(await transactionAnswer(db, HERE)).toEqual({ kind: 'pending', sent: false });

    await applyPushResponse(db, { results: [{ seq: 1, status: 'applied', version: 7 }], nextSeq: 2, version: 7 }, NOW);
    expect(await transactionAnswer(db, HERE)).toEqual({ kind: 'pending', sent: true });
    await applyPullPage(db, {
      changes: [
        { entity: 'transaction', version: 6, data: result(ELSEWHERE, 6) },
        { entity: 'transaction', version: 7, data: result(HERE, 7) },
      ],
      cursor: 7,
      more: false,
      reset: false,
      version: 7,
    });
    expect(await transactionAnswer(db, HERE)).toMatchObject({ kind: 'decided', result: { receiptCode: 'ABCDEFGHJKMN' }, rejectionSeq: null });
    // A result without a draft here (finished, wiped) is not kept.
    expect(await db.transactionResults.get(ELSEWHERE)).toBeUndefined();
    await deleteDraft(db, HERE);
    expect(await db.transactionResults.count()).toBe(0);
  });

  it('reports a refusal the store could not decide (no pull result) from the refused change', async () => {
    const db = await enrolledDb('counter');
    await saveSession(db, session(), '1234', NOW);
    await saveDraft(db, { transactionId: HERE, ticketId: null, value: {} }, NOW);
    await submitTransaction(db, submission(HERE), NOW);
    await takePushBatch(db, 10);
    await applyPushResponse(
      db,
      { results: [{ seq: 1, status: 'rejected', version: 3, reason: { code: 'security_code_used', message: 'used' } }], nextSeq: 2, version: 3 },
      NOW,
    );
    expect(await transactionAnswer(db, HERE)).toMatchObject({ kind: 'refused', reason: { code: 'security_code_used' } });
  });
});
