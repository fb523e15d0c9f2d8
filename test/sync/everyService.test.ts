/**
 * Every service of the catalogue, completed end to end: the counter's transaction machine
 * (shared/machines/transactionMachine.ts) driven as an officer would, its actors talking
 * to the real store over HTTP (registry lookup with a reason, a security code read from
 * the outgoing SMS queue, the sealed submission through push, the decision through pull),
 * against a seeded registry, on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import { SERVICE_IDS, type ServiceId } from '../../shared/domain/catalog.ts';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import type { PersonLookup, ResidentRecord } from '../../shared/domain/resident.ts';
import { decide, type ServiceRequest } from '../../shared/domain/rules.ts';
import { defaultRequest } from '../../shared/domain/transactionSteps.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import { transactionMachine, type TransactionSnapshot } from '../../shared/machines/transactionMachine.ts';
import type { FetchInput, SentCode, SubmitInput, TransactionEvent } from '../../shared/machines/transactionTypes.ts';
import type { ApiError, PullResponse, PushResponse } from '../../shared/sync/protocol.ts';
import { sealText } from '../../shared/sync/sealing.ts';
import { generateRegistry } from '../../server/registry/generate.ts';
import { seedRegistry } from '../../server/registry/seed.ts';
import { describeEngines } from '../../server/testing/engines.ts';
import { envelope, Harness } from '../../server/testing/harness.ts';

const TODAY = '2026-03-01';
const REGISTRY = { seed: 11, residents: 800, visitors: 20, establishments: 30, today: TODAY } as const;
const { residents: people, establishments } = generateRegistry(REGISTRY);
const ctx = { today: TODAY, fees: DEFAULT_FEES };

/** What the officer fills in for a service (the form's defaults, with a real change where one is needed). */
function requestFor(service: ServiceId, person: ResidentRecord): ServiceRequest {
  const base = defaultRequest(service, person, DEFAULT_FEES, TODAY);
  if (base.service === 'profession.change') return { ...base, profession: { code: person.profession.code === 'accountant' ? 'engineer' : 'accountant', domestic: false } };
  if (base.service === 'sponsorship.transfer') {
    const current = person.sponsor.kind === 'establishment' ? person.sponsor.establishmentId : '';
    const other = establishments.find((e) => e.establishmentId !== current);
    return { ...base, newSponsor: { kind: 'establishment', establishmentId: other?.establishmentId ?? '' } };
  }
  if (base.service === 'parcel.add') return { ...base, address: { kind: 'short', shortAddress: 'RRRD2929' } };
  return base;
}

describeEngines('every service at the counter, end to end', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
    await seedRegistry(h.store, { ...REGISTRY, now: h.now });
    h.now = Date.parse(`${TODAY}T08:00:00Z`);
  });
  afterAll(() => h?.close());

  it('completes each of the fifteen services for someone the rules allow, and the store agrees', async () => {
    const office = await h.newOffice();
    const device = await h.enroll(office, 'counter');
    const session = await h.signIn(device, '1001', 1);
    const as = { token: device.token, headers: { 'x-officer-session': session.token } };
    const key = (await h.call<{ sealKey: string }>('GET', '/api/device/seal-key', { token: device.token })).body.sealKey;
    let seq = 0;
    const used = new Set<string>();
    const fail = (r: { status: number; body: unknown }): never => {
      const error = (r.body as ApiError).error;
      throw new CounterError(error.code, error.message);
    };

    const machine = transactionMachine.provide({
      actors: {
        fetchRecord: fromPromise<{ idNumber: string; lookup: PersonLookup }, FetchInput>(async ({ input }) => {
          const r = await h.call<PersonLookup>('GET', `/api/counter/residents/${input.value}?reason=${encodeURIComponent(input.reason)}`, as);
          return r.status === 200 ? { idNumber: r.body.record.idNumber, lookup: r.body } : fail(r);
        }),
        sendCode: fromPromise<SentCode, { idNumber: string; transactionId: string }>(async ({ input }) => {
          h.now += 1000;
          const r = await h.call<SentCode>('POST', '/api/counter/security-codes', { ...as, body: input });
          return r.status === 201 ? r.body : fail(r);
        }),
        verifyCode: fromPromise<void, { codeId: string; code: string }>(async ({ input }) => {
          const r = await h.call(`POST`, `/api/counter/security-codes/${input.codeId}/verify`, { ...as, body: { code: input.code } });
          if (r.status !== 200) fail(r);
        }),
        submit: fromPromise<void, SubmitInput>(async ({ input }) => {
          seq += 1;
          const { idNumber, ...rest } = input;
          const args = { ...rest, sealedIdNumber: await sealText(key, idNumber) };
          const r = await h.push<PushResponse>(device, [envelope(seq, 'transaction.submit', args, session.sessionId)]);
          expect(r.status).toBe(200);
        }),
        watchResult: fromCallback<TransactionEvent, { transactionId: string }>(({ input, sendBack }) => {
          void h.call<PullResponse>('GET', '/api/sync/pull?cursor=0', { token: device.token }).then((r) => {
            const found = r.body.changes.find((c) => c.entity === 'transaction' && c.data.transactionId === input.transactionId);
            if (found?.entity === 'transaction') sendBack({ type: 'store.decided', result: found.data });
          });
        }),
      },
    });

    const outcomes: Record<string, string> = {};
    for (const service of SERVICE_IDS) {
      const person = people.find((p) => !used.has(p.idNumber) && decide(p, requestFor(service, p), ctx).eligible);
      if (!person) throw new Error(`nobody in the registry can have ${service}`);
      used.add(person.idNumber);
      const actor = createActor(machine, {
        input: { transactionId: crypto.randomUUID(), service, ticketId: null, reason: 'ticket M1-001', counterId: 1, today: TODAY, fees: DEFAULT_FEES },
      }).start();
      const at = (step: (s: TransactionSnapshot) => boolean) => waitFor(actor, step, { timeout: 5000 });
      actor.send({ type: 'person.identify', idNumber: person.idNumber });
      const next = await at((s) => !s.matches({ open: 'fetching' }) && !s.matches({ open: { verify: 'sending' } }));
      if (next.matches({ open: { verify: 'entering' } })) {
        const [message] = await h.store.query<{ params: { code: string } }>(
          `SELECT params FROM outgoing_messages WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`,
          [person.mobile],
        );
        actor.send({ type: 'code.enter', code: message?.params.code ?? '' });
        await at((s) => !s.matches({ open: { verify: 'checking' } }));
      }
      if (actor.getSnapshot().matches({ open: 'form' })) actor.send({ type: 'form.fill', request: requestFor(service, person) });
      if (actor.getSnapshot().matches({ open: 'quote' })) actor.send({ type: 'quote.accept' });
      if (actor.getSnapshot().matches({ open: 'payment' })) actor.send({ type: 'payment.record', method: 'mada', reference: null });
      expect(actor.getSnapshot().value, service).toEqual({ open: 'review' });
      actor.send({ type: 'review.submit' });
      const end = await at((s) => s.matches('completed') || s.matches('rejected'));
      outcomes[service] = String(end.value);
      if (end.matches('completed')) expect(end.context.result?.receiptCode, service).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
      actor.stop();
    }
    expect(outcomes).toEqual(Object.fromEntries(SERVICE_IDS.map((s) => [s, 'completed'])));
    const kept = await h.store.query<{ service: string; status: string }>('SELECT service, status FROM transactions WHERE office_id = $1', [office]);
    expect(kept.map((k) => k.service).sort()).toEqual([...SERVICE_IDS].sort());
    expect(new Set(kept.map((k) => k.status))).toEqual(new Set(['completed']));

    // A transfer to an establishment the registry does not know is refused, not applied.
    const mover = people.find((p) => !used.has(p.idNumber) && p.sponsor.kind === 'establishment' && decide(p, requestFor('sponsorship.transfer', p), ctx).eligible);
    if (!mover) throw new Error('nobody to transfer');
    const request: ServiceRequest = { service: 'sponsorship.transfer', newSponsor: { kind: 'establishment', establishmentId: '7999999999' } };
    const args = {
      transactionId: crypto.randomUUID(),
      ticketId: null,
      counterId: 1,
      sealedIdNumber: await sealText(key, mover.idNumber),
      request,
      basedOnVersion: 1,
      quotedTotal: decide(mover, request, ctx).total,
      securityCodeId: null,
      payment: { method: 'mada', reference: null },
    };
    const refused = await h.push<PushResponse>(device, [envelope(seq + 1, 'transaction.submit', args, session.sessionId)]);
    expect(refused.body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'sponsor_unknown' } });
  });
});
