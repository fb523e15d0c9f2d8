/**
 * Issue 12, points 5 and 6: a change the store cannot hold is refused on its own, and the
 * device's outbox goes on. Numbers past what a column holds (2^63 in a bigint, 2^31 in an
 * integer) and text PostgreSQL refuses (U+0000, a lone surrogate) must never turn the whole
 * push into a 500 that every retry repeats, which would stop that counter for good.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import { decide, type ServiceRequest } from '../../shared/domain/rules.ts';
import type { PushResponse } from '../../shared/sync/protocol.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import { generateRegistry } from '../registry/generate.ts';
import { seedRegistry } from '../registry/seed.ts';
import { authenticateDevice } from '../http/auth.ts';
import type { AppDeps } from '../http/context.ts';
import type { Queryable, Store } from '../store/index.ts';
import { describeEngines } from '../testing/engines.ts';
import { pushMutations } from './push.ts';
import { envelope, Harness, issue, type Device } from '../testing/harness.ts';

const TODAY = '2026-03-01';
const SMALL = { seed: 7, residents: 120, visitors: 5, establishments: 5, today: TODAY } as const;
const people = generateRegistry(SMALL).residents;

describeEngines('what the store cannot hold is refused alone', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await seedRegistry(h.store, { ...SMALL, now: h.now });
  });
  afterAll(() => h?.close());

  async function counter(): Promise<{ device: Device; sessionId: string; key: string }> {
    const office = await h.newOffice();
    const device = await h.enroll(office, 'counter');
    const session = await h.signIn(device, '1001', 1);
    const key = await h.call<{ sealKey: string }>('GET', '/api/device/seal-key', { token: device.token });
    return { device, sessionId: session.sessionId, key: key.body.sealKey };
  }

  const cancel = (reason: string) => ({
    transactionId: crypto.randomUUID(), ticketId: null, counterId: 1, service: 'iqama.renew', step: 'quote', reason,
  });

  it('refuses numbers past what the store holds, one change at a time, and takes the next one', async () => {
    const c = await counter();
    const request: ServiceRequest = { service: 'query.resident' };
    const person = people.find((p) => decide(p, request, { today: TODAY, fees: DEFAULT_FEES }).eligible);
    if (!person) throw new Error('nobody to query');
    const submit = async (basedOnVersion: number) => ({
      transactionId: crypto.randomUUID(), ticketId: null, counterId: 1, sealedIdNumber: await sealText(c.key, person.idNumber),
      request, basedOnVersion, quotedTotal: 0,
    });
    const pushed = await h.push<PushResponse>(c.device, [
      envelope(1, 'transaction.submit', await submit(2 ** 63), c.sessionId),
      envelope(2, 'transaction.submit', await submit(2 ** 53 + 2), c.sessionId),
      envelope(3, 'transaction.cancel', cancel('a reason that fits'), c.sessionId),
    ]);
    expect(pushed.status).toBe(200);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
    expect(pushed.body.results[0]).toMatchObject({ reason: { code: 'invalid_args', message: expect.stringMatching(/basedOnVersion/) } });
    expect(pushed.body.nextSeq).toBe(4);

    const kiosk = await h.enroll(await h.newOffice(), 'kiosk');
    const late = issue(1, kiosk, 1);
    const tooLate = { ...late, args: { ...(late.args as object), appointmentAt: 2 ** 63 } };
    const kioskPush = await h.push<PushResponse>(kiosk, [tooLate, issue(2, kiosk, 2)]);
    expect(kioskPush.status).toBe(200);
    expect(kioskPush.body.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
  });

  it('keeps text PostgreSQL refuses out of every column, and the push goes through', async () => {
    const c = await counter();
    const nul = 'street\u0000name';
    const lone = 'district \uD800 west';
    const pushed = await h.push<PushResponse>(c.device, [
      envelope(1, 'transaction.cancel', cancel(`came back later ${nul} ${lone}`), c.sessionId),
      envelope(2, 'transaction.submit', {
        transactionId: crypto.randomUUID(), ticketId: null, counterId: 1,
        sealedIdNumber: await sealText(c.key, people[0]?.idNumber ?? ''),
        request: { service: 'parcel.add', address: { kind: 'national', buildingNumber: '1234', street: nul, district: lone, city: 'Riyadh', postalCode: '12345', additionalNumber: '6789' } },
        basedOnVersion: 1, quotedTotal: 0,
      }, c.sessionId),
      envelope(3, 'transaction.cancel', cancel('the next change'), c.sessionId),
    ]);
    expect(pushed.status).toBe(200);
    expect(pushed.body.nextSeq).toBe(4);
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' });
    expect(pushed.body.results[2]).toMatchObject({ status: 'applied' });
    const rows = await h.store.query<{ reason: string }>('SELECT reason FROM transaction_cancellations WHERE device_id = $1 ORDER BY device_seq', [c.device.deviceId]);
    expect(rows.map((r) => r.reason)).toEqual(['came back later street\uFFFDname district \uFFFD west', 'the next change']);
    // The parcel address is kept (decided, applied or refused by the rules), cleaned the same way.
    const kept = await h.store.query<{ street: string; district: string }>(
      `SELECT request->'address'->>'street' AS street, request->'address'->>'district' AS district FROM transactions WHERE device_id = $1`,
      [c.device.deviceId],
    );
    expect(kept).toEqual([{ street: 'street\uFFFDname', district: 'district \uFFFD west' }]);
  });

  it('when the store itself refuses one change, takes the push again change by change and refuses only that one', async () => {
    const c = await counter();
    const poisoned = 'a reason this store will not take';
    let thrown = 0;
    // The database answering "numeric value out of range" for one row, as a column past its size would.
    const guard = (q: Queryable): Queryable => ({
      query: async <T>(sql: string, params?: Parameters<Queryable['query']>[1]): Promise<T[]> => {
        if (sql.includes('INSERT INTO transaction_cancellations') && params?.includes(poisoned)) {
          thrown += 1;
          throw Object.assign(new Error('numeric value out of range'), { code: '22003' });
        }
        return q.query<T>(sql, params);
      },
      exec: (sql: string) => q.exec(sql),
    });
    const real = h.store;
    const store: Store = { engine: real.engine, query: guard(real).query, exec: (sql) => real.exec(sql), tx: (fn) => real.tx((q) => fn(guard(q))), close: () => real.close() };
    const base = { store: real, clock: () => h.now } as unknown as AppDeps;
    const deps = { ...base, store };
    const device = await authenticateDevice(base, c.device.token, ['counter']);
    const req = {
      deviceId: c.device.deviceId,
      mutations: [
        envelope(1, 'transaction.cancel', cancel('first'), c.sessionId),
        envelope(2, 'transaction.cancel', cancel(poisoned), c.sessionId),
        envelope(3, 'transaction.cancel', cancel('third'), c.sessionId),
      ],
    };
    const { response } = await pushMutations(deps, device, req);
    expect(thrown).toBe(2); // once in the whole batch, once alone
    expect(response.nextSeq).toBe(4);
    expect(response.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(response.results[1]).toMatchObject({ seq: 2, reason: { code: 'store_refused' } });
    // Sent again (the answer was lost): the same results, from the ledger, and nothing written twice.
    const again = await pushMutations(deps, device, req);
    expect(again.response.results).toEqual(response.results);
    const rows = await h.store.query<{ reason: string }>('SELECT reason FROM transaction_cancellations WHERE device_id = $1 ORDER BY device_seq', [c.device.deviceId]);
    expect(rows.map((r) => r.reason)).toEqual(['first', 'third']);
  });
});
