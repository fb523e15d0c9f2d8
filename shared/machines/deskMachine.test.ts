/**
 * The desk machine driven through a counter's transactions with the real transaction
 * machine as its child, its network actors and the device's writes replaced by fakes, and
 * a simulated clock: resuming a draft, a draft that cannot be resumed, a parcel after an
 * iqama, a representative's batch, cancellations and the order drafts are written in.
 */
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock, waitFor } from 'xstate';
import type { TransactionCancellation } from '../db/transactions.ts';
import type { ServiceId } from '../domain/catalog.ts';
import { DEFAULT_FEES } from '../domain/fees.ts';
import type { PersonLookup } from '../domain/resident.ts';
import { sampleResident } from '../domain/testing.ts';
import type { TransactionResult } from '../sync/protocol.ts';
import type { DeskDraft, DeskTicket, DraftValue } from './deskContext.ts';
import { deskMachine, resumable, type DeskSnapshot } from './deskMachine.ts';
import { stepOf, transactionMachine } from './transactionMachine.ts';
import type { SubmitInput, TransactionEvent, TransactionInput } from './transactionTypes.ts';

const person = sampleResident();
const ESTABLISHMENT = '7001234567'; // the sample resident's sponsor
/** 22:30 in Greenwich is already the next day in Riyadh: a transaction's day is the office's. */
const NOW = Date.parse('2026-12-01T22:30:00Z');
const TODAY = '2026-12-02';

const result = (status: TransactionResult['status']): TransactionResult => ({
  transactionId: 'tx',
  service: 'x',
  status,
  failures: status === 'refused' ? [{ code: 'activeVisaExists', params: {} }] : [],
  fees: [],
  total: 0,
  outcome: {},
  receiptCode: status === 'completed' ? 'ABCDEFGHJKMN' : null,
  recordChanged: false,
  decidedAt: 0,
  version: 9,
});

/** The transaction machine with answers that come at once: the record found, the code right, the store deciding `decisions` in turn. */
function transactionFakes(seen: { fetches: number }, decisions: TransactionResult['status'][]) {
  return transactionMachine.provide({
    actors: {
      fetchRecord: fromPromise(async (): Promise<{ idNumber: string; lookup: PersonLookup }> => {
        seen.fetches += 1;
        return { idNumber: person.idNumber, lookup: { record: person, version: 3, establishment: null } };
      }),
      sendCode: fromPromise(async () => ({ codeId: 'c1', sentTo: '••67', expiresAt: NOW + 300_000 })),
      verifyCode: fromPromise<void, { codeId: string; code: string }>(async () => undefined),
      submit: fromPromise<void, SubmitInput>(async () => undefined),
      watchResult: fromCallback<TransactionEvent, { transactionId: string }>(({ sendBack }) => {
        sendBack({ type: 'store.decided', result: result(decisions.shift() ?? 'completed') });
      }),
    },
  });
}

interface Fakes {
  ticket?: DeskTicket | null;
  drafts?: DeskDraft[];
  decisions?: TransactionResult['status'][];
  /** Holds every draft write until the test lets it land. */
  gate?: Promise<void>;
  recordFails?: boolean;
  loadFails?: boolean;
}

/** Starts the desk with fakes; returns it and what the fakes saw, in the order it happened. */
function open(fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  clock.set(NOW);
  const seen = { fetches: 0, log: [] as string[], saved: [] as DeskDraft[], inFlight: 0, mostInFlight: 0, cancels: [] as TransactionCancellation[], reports: [] as string[] };
  let ids = 0;
  const machine = deskMachine.provide({
    actors: {
      transaction: resumable(transactionFakes(seen, fakes.decisions ?? [])),
      loadDrafts: fromPromise<readonly DeskDraft[]>(async () => {
        if (fakes.loadFails) throw new Error('database closed');
        return fakes.drafts ?? [];
      }),
      saveDraft: fromPromise(async ({ input }: { input: DeskDraft }) => {
        seen.inFlight += 1;
        seen.mostInFlight = Math.max(seen.mostInFlight, seen.inFlight);
        await fakes.gate;
        seen.inFlight -= 1;
        seen.saved.push(input);
        seen.log.push(`save ${input.transactionId} ${String(JSON.stringify(input.value.value))}`);
      }),
      deleteDraft: fromPromise(async ({ input }: { input: { transactionId: string } }) => {
        seen.log.push(`delete ${input.transactionId}`);
      }),
      recordCancel: fromPromise(async ({ input }: { input: TransactionCancellation }) => {
        if (fakes.recordFails) throw new Error('storage full');
        seen.cancels.push(input);
        seen.log.push(`cancel ${input.transactionId}`);
      }),
    },
    actions: { report: (_, params: { what: string }) => void seen.reports.push(params.what) },
  });
  const ticket = fakes.ticket === undefined ? { ticketId: 't-42', displayNumber: 'M1-042', service: 'iqama.renew' } : fakes.ticket;
  const desk = createActor(machine, {
    input: { ticket, counterId: 3, fees: DEFAULT_FEES, timeZone: 'Asia/Riyadh', now: () => clock.now(), newId: () => `tx-${++ids}` },
    clock,
  });
  desk.start();
  return { desk, seen, clock };
}

type Desk = ReturnType<typeof open>['desk'];

const child = (desk: Desk) => {
  const ref = desk.getSnapshot().children.transaction;
  if (!ref) throw new Error(`no transaction at ${JSON.stringify(desk.getSnapshot().value)}`);
  return ref;
};
const stepIs = (s: DeskSnapshot, step: string): boolean => {
  const ref = s.children.transaction;
  return s.hasTag('serving') && ref !== undefined && stepOf(ref.getSnapshot()) === step;
};
/** Waits until the desk shows `step` of a transaction. */
const at = (desk: Desk, step: string) => waitFor(desk, (s) => stepIs(s, step), { timeout: 1000 });
const closed = (desk: Desk) => waitFor(desk, (s) => s.status === 'done', { timeout: 1000 });

/** Sends each event to the transaction and waits for the step it leads to. */
async function walk(desk: Desk, steps: readonly (readonly [TransactionEvent, string])[]): Promise<void> {
  for (const [event, step] of steps) {
    child(desk).send(event);
    await at(desk, step);
  }
}

const toForm = [
  [{ type: 'person.identify', idNumber: person.idNumber }, 'verify.entering'],
  [{ type: 'code.enter', code: '123456' }, 'form'],
] as const;
const renewal = [
  ...toForm,
  [{ type: 'form.fill', request: { service: 'iqama.renew', months: 12 } }, 'quote'],
  [{ type: 'quote.accept' }, 'payment'],
  [{ type: 'payment.record', method: 'mada', reference: '123456' }, 'review'],
  [{ type: 'review.submit' }, 'completed'],
] as const;

/** A transaction of `service` taken to `form` on a real actor, saved as the vault would keep it. */
async function draftAtForm(service: ServiceId, transactionId: string): Promise<DeskDraft> {
  const input: TransactionInput = { transactionId, service, ticketId: 't-7', reason: 'ticket M1-007', counterId: 3, today: TODAY, fees: DEFAULT_FEES };
  const actor = createActor(transactionFakes({ fetches: 0 }, []), { input }).start();
  actor.send({ type: 'person.identify', idNumber: person.idNumber });
  await waitFor(actor, (s) => stepOf(s) === 'verify.entering');
  actor.send({ type: 'code.enter', code: '123456' });
  await waitFor(actor, (s) => stepOf(s) === 'form');
  const value = actor.getPersistedSnapshot() as DraftValue;
  actor.stop();
  return { transactionId, ticketId: 't-7', value: JSON.parse(JSON.stringify(value)) as DraftValue };
}

describe('deskMachine', () => {
  it('begins the service chosen at the kiosk, dated by the office clock, for the ticket being served', async () => {
    const { desk } = open();
    await at(desk, 'identify');
    const c = child(desk).getSnapshot().context;
    expect(c).toMatchObject({ transactionId: 'tx-1', service: 'iqama.renew', ticketId: 't-42', reason: 'ticket M1-042', counterId: 3, today: TODAY });
    expect(desk.getSnapshot().context.resumed).toBe(false);
  });

  it('asks for a service when neither a draft nor the kiosk names one, and can close without one', async () => {
    const { desk, seen } = open({ ticket: null });
    await waitFor(desk, (s) => s.matches({ flow: 'choosing' }));
    desk.send({ type: 'desk.choose', service: 'query.resident' });
    await at(desk, 'identify');
    expect(child(desk).getSnapshot().context).toMatchObject({ service: 'query.resident', ticketId: null, reason: 'counter 3' });

    const other = open({ ticket: { ticketId: 't-1', displayNumber: 'M1-001', service: 'no.such.service' } });
    await waitFor(other.desk, (s) => s.matches({ flow: 'choosing' }));
    other.desk.send({ type: 'desk.close' });
    await closed(other.desk);
    expect(other.seen.log).toEqual([]);
    expect(seen.reports).toEqual([]);
  });

  it('begins the kiosk service when the drafts cannot be read', async () => {
    const { desk, seen } = open({ loadFails: true });
    await at(desk, 'identify');
    expect(child(desk).getSnapshot().context.service).toBe('iqama.renew');
    expect(seen.reports).toEqual(['drafts not loaded']);
  });

  it('resumes the newest draft at its step with its person, instead of the kiosk service', async () => {
    const newest = await draftAtForm('exitReentry.multiple', 'tx-saved');
    const older = await draftAtForm('iqama.renew', 'tx-older');
    const { desk, seen } = open({ drafts: [newest, older] });
    await at(desk, 'form');
    const c = child(desk).getSnapshot().context;
    expect(c).toMatchObject({ transactionId: 'tx-saved', service: 'exitReentry.multiple', idNumber: person.idNumber, codeVerified: true, ticketId: 't-7' });
    expect(desk.getSnapshot().context.resumed).toBe(true);
    expect(seen.fetches, 'the record comes from the draft, not a new lookup').toBe(0);
    await waitFor(desk, () => seen.saved.length === 1);
    expect(seen.saved[0]?.transactionId).toBe('tx-saved');
  });

  it('drops a draft this version cannot resume and closes', async () => {
    const saved = await draftAtForm('iqama.renew', 'tx-old-version');
    const unreadable: DeskDraft = { ...saved, value: { ...saved.value, value: { open: 'aStepThatNoLongerExists' } } as unknown as DraftValue };
    const { desk, seen } = open({ drafts: [unreadable] });
    await closed(desk);
    expect(seen.log).toEqual(['delete tx-old-version']);
    expect(seen.reports).toEqual(['transaction could not be resumed']);
  });

  it('follows a renewed iqama with a parcel for the same person, with no new lookup', async () => {
    const { desk, seen } = open();
    await at(desk, 'identify');
    await walk(desk, renewal);
    await walk(desk, [[{ type: 'parcel.start' }, 'form']]);
    const c = child(desk).getSnapshot().context;
    expect(c).toMatchObject({ transactionId: 'tx-2', service: 'parcel.add', idNumber: person.idNumber, ticketId: 't-42', representativeFor: null });
    expect(seen.fetches).toBe(1);
    expect(seen.log).toContain('delete tx-1');
    expect(seen.log.filter((l) => l.startsWith('save tx-1')).length).toBeGreaterThan(0);
  });

  it("counts a representative's batch, completed and refused, across the next employees", async () => {
    const { desk, seen } = open({ ticket: { ticketId: 't-9', displayNumber: 'M1-009', service: 'query.resident' }, decisions: ['completed', 'refused', 'completed'] });
    const one = [
      [{ type: 'person.identify', idNumber: person.idNumber }, 'review'],
      [{ type: 'review.submit' }, 'completed'],
    ] as const;
    await at(desk, 'identify');
    child(desk).send({ type: 'person.represent', establishmentId: ESTABLISHMENT });
    await walk(desk, one);
    await walk(desk, [[{ type: 'batch.next' }, 'identify']]);
    expect(desk.getSnapshot().context.batch).toEqual({ establishmentId: ESTABLISHMENT, done: 1, refused: 0 });
    expect(child(desk).getSnapshot().context).toMatchObject({ transactionId: 'tx-2', service: 'query.resident', representativeFor: ESTABLISHMENT });

    await walk(desk, [one[0], [{ type: 'review.submit' }, 'rejected'], [{ type: 'batch.next' }, 'identify']]);
    expect(desk.getSnapshot().context.batch).toEqual({ establishmentId: ESTABLISHMENT, done: 1, refused: 1 });

    await walk(desk, one);
    child(desk).send({ type: 'transaction.finish' });
    await closed(desk);
    expect(desk.getSnapshot().context.batch).toEqual({ establishmentId: ESTABLISHMENT, done: 2, refused: 1 });
    expect(seen.log.filter((l) => l.startsWith('delete'))).toEqual(['delete tx-1', 'delete tx-2', 'delete tx-3']);
  });

  it.each([
    ['identify', [] as const],
    ['verify.entering', toForm.slice(0, 1)],
    ['form', toForm],
    ['quote', renewal.slice(0, 3)],
    ['payment', renewal.slice(0, 4)],
    ['review', renewal.slice(0, 5)],
  ])('records a cancellation at %s with its reason and that step, then deletes the draft and closes', async (step, path) => {
    const { desk, seen } = open();
    await at(desk, 'identify');
    await walk(desk, path);
    child(desk).send({ type: 'transaction.cancel', reason: '  Resident asked to stop ' });
    await closed(desk);
    expect(seen.cancels).toEqual([{ transactionId: 'tx-1', ticketId: 't-42', counterId: 3, service: 'iqama.renew', step, reason: 'Resident asked to stop' }]);
    const last = seen.log.length - 1;
    expect(seen.log.slice(last - 1)).toEqual(['cancel tx-1', 'delete tx-1']);
  });

  it('keeps the draft when the cancellation could not be recorded', async () => {
    const { desk, seen } = open({ recordFails: true });
    await at(desk, 'identify');
    child(desk).send({ type: 'transaction.cancel', reason: 'Resident left' });
    await closed(desk);
    expect(seen.log.some((l) => l.startsWith('delete'))).toBe(false);
    expect(seen.reports).toEqual(['cancellation not recorded']);
  });

  it('writes drafts one at a time in step order, the newest last, and ends only after the last write', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { desk, seen } = open({ gate });
    await at(desk, 'identify');
    await walk(desk, renewal.slice(0, 5)); // identify … review while the first write hangs
    child(desk).send({ type: 'transaction.cancel', reason: 'Resident left' });
    await waitFor(desk, (s) => s.matches({ flow: 'ending' }));
    expect(seen.log, 'nothing recorded or deleted before the drafts are written').toEqual([]);
    release();
    await closed(desk);

    const order = ['{"open":"identify"}', '{"open":{"verify":"entering"}}', '{"open":"form"}', '{"open":"quote"}', '{"open":"payment"}', '{"open":"review"}'];
    const steps = seen.saved.map((d) => JSON.stringify(d.value.value));
    expect(seen.mostInFlight, 'one write at a time').toBe(1);
    expect(steps.map((s) => order.indexOf(s)), 'in step order, an earlier never after a later').toEqual([...steps.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    expect(steps[0]).toBe('{"open":"identify"}');
    expect(steps.at(-1), 'the newest step is the last written').toBe('{"open":"review"}');
    expect(seen.log.slice(-2)).toEqual(['cancel tx-1', 'delete tx-1']);
  });
});
