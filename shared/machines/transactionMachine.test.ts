/**
 * Model-based tests of the transaction machine for every service of the catalogue:
 * @xstate/graph walks every simple path from the start to a final state (the actors'
 * answers are events of the model: the record found or not, the network down, the code
 * right or wrong, the store completing or refusing), checks what must hold on the way
 * (nothing is submitted that the rules refuse, unpaid, or without the person's code),
 * and then replays each path on a real actor to check it lands where the model says.
 */
import { getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, type StateValue } from 'xstate';
import { SERVICE_IDS, type ServiceId } from '../domain/catalog.ts';
import { DEFAULT_FEES } from '../domain/fees.ts';
import type { PersonLookup, ResidentRecord } from '../domain/resident.ts';
import type { ServiceRequest } from '../domain/rules.ts';
import { sampleResident } from '../domain/testing.ts';
import type { TransactionResult } from '../sync/protocol.ts';
import { CounterError } from './counterTypes.ts';
import { stepOf, transactionMachine, type TransactionSnapshot } from './transactionMachine.ts';
import type { FetchInput, SentCode, SubmitInput, TransactionEvent, TransactionInput, TransactionStep } from './transactionTypes.ts';

const TODAY = '2026-12-02';
const OPEN_VISA = { visaNumber: '6100000001', issuedOn: '2026-11-01', validUntil: '2027-01-30', months: 2, status: 'issued' as const };

/** A person every rule lets through for `service`, and one the rules refuse. */
function people(service: ServiceId): { ok: ResidentRecord; refused: ResidentRecord } {
  const base = sampleResident();
  switch (service) {
    case 'exitReentry.cancel':
    case 'exitReentry.reprint':
      return { ok: sampleResident({ visas: [{ ...OPEN_VISA, kind: 'exitReentrySingle' }] }), refused: base };
    case 'finalExit.cancel':
    case 'finalExit.reprint':
      return { ok: sampleResident({ visas: [{ ...OPEN_VISA, kind: 'finalExit', months: null }] }), refused: base };
    case 'query.resident':
    case 'query.visa':
    case 'query.drivingLicence':
      // Queries are open to visitors too; nobody is refused one.
      return { ok: base, refused: base };
    case 'parcel.add':
      return { ok: base, refused: base };
    default:
      return { ok: base, refused: sampleResident({ iqamaExpiry: '2026-01-01', abroad: true, passport: { number: 'X1', expiry: '2027-01-01' } }) };
  }
}

/** Requests the form can send: one the rules accept, one they refuse. */
function forms(service: ServiceId): { ok: ServiceRequest; refused: ServiceRequest } | null {
  switch (service) {
    case 'iqama.renew':
    case 'iqama.issue':
      return { ok: { service, months: 12 }, refused: { service, months: 7 } };
    case 'exitReentry.single':
    case 'exitReentry.multiple':
      return { ok: { service, months: 2 }, refused: { service, months: 40 } };
    case 'profession.change':
      return { ok: { service, profession: { code: 'accountant', domestic: false } }, refused: { service, profession: { code: 'engineer', domestic: false } } };
    case 'sponsorship.transfer':
      return {
        ok: { service, newSponsor: { kind: 'establishment', establishmentId: '7009999999' } },
        refused: { service, newSponsor: { kind: 'establishment', establishmentId: '7001234567' } },
      };
    case 'parcel.add':
      return { ok: { service, address: { kind: 'short', shortAddress: 'RRRD2929' } }, refused: { service, address: { kind: 'short', shortAddress: '??' } } };
    default:
      return null;
  }
}

const lookup = (record: ResidentRecord): { idNumber: string; lookup: PersonLookup } => ({
  idNumber: record.idNumber,
  lookup: { record, version: 3, establishment: null },
});

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

const done = (id: string, output?: unknown) => ({ type: `xstate.done.actor.${id}`, output }) as unknown as TransactionEvent;
const failed = (id: string, code: string) => ({ type: `xstate.error.actor.${id}`, error: new CounterError(code, code) }) as unknown as TransactionEvent;

/** The events the model offers in each state (what the officer does and what the actors answer). */
function eventsFor(service: ServiceId) {
  const p = people(service);
  const f = forms(service);
  return (snapshot: TransactionSnapshot): TransactionEvent[] => {
    const s = JSON.stringify(snapshot.value);
    const events: TransactionEvent[] = [{ type: 'transaction.cancel', reason: 'resident left' }, { type: 'transaction.cancel', reason: ' ' }];
    if (s.includes('identify')) {
      events.push({ type: 'person.identify', idNumber: p.ok.idNumber }, { type: 'person.identify', idNumber: '2123456789' }, { type: 'person.findVisa', visaNumber: '6100000001' });
      // The person's employer sends a representative (the sample people are sponsored by 7001234567).
      events.push({ type: 'person.represent', establishmentId: '7001234567' });
    }
    if (s.includes('fetching')) {
      events.push(done('fetchRecord', lookup(p.ok)), failed('fetchRecord', 'offline'), failed('fetchRecord', 'person_unknown'));
      if (p.refused !== p.ok) events.push(done('fetchRecord', lookup(p.refused)));
    }
    if (s.includes('Wait')) events.push({ type: 'network.retry' });
    if (s.includes('sending')) {
      events.push(done('sendCode', { codeId: 'c1', sentTo: '••67', expiresAt: 1 }), failed('sendCode', 'offline'), failed('sendCode', 'person_unknown'));
    }
    if (s.includes('entering')) events.push({ type: 'code.enter', code: '123456' }, { type: 'code.enter', code: '12' }, { type: 'code.resend' });
    if (s.includes('checking')) {
      events.push(done('verifyCode'), failed('verifyCode', 'code_wrong'), failed('verifyCode', 'code_locked'), failed('verifyCode', 'offline'));
    }
    if (s.includes('form') && f) events.push({ type: 'form.fill', request: f.ok }, { type: 'form.fill', request: f.refused });
    events.push({ type: 'step.back' }, { type: 'quote.accept' }, { type: 'payment.record', method: 'mada', reference: '123456' }, { type: 'review.submit' });
    if (s.includes('submitting')) events.push(done('submit'), failed('submit', 'storage'));
    if (s.includes('waiting')) {
      events.push({ type: 'store.decided', result: result('completed') }, { type: 'store.decided', result: result('refused') }, {
        type: 'store.refused',
        reason: { code: 'security_code_used', message: 'used' },
      });
    }
    events.push({ type: 'receipt.print' }, { type: 'parcel.start' }, { type: 'transaction.finish' }, { type: 'batch.next' });
    return events;
  };
}

/** States the model tells apart: where the machine is and the facts that change what may happen next. */
function serialize(snapshot: TransactionSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.person?.record === undefined ? null : c.decision?.eligible ?? 'undecided',
    c.person ? [c.person.record.iqamaExpiry, c.person.record.visas.length] : null,
    c.code !== null,
    c.codeVerified,
    c.payment !== null,
    c.request ? JSON.stringify(c.request) : null,
    c.representativeFor,
  ]);
}

const input = (service: ServiceId): TransactionInput => ({
  transactionId: '0b7e6f39-3a43-4c84-9a53-1f0b2c3d4e5f',
  service,
  ticketId: null,
  reason: 'ticket M1-042',
  counterId: 3,
  today: TODAY,
  fees: DEFAULT_FEES,
});

/** What must hold in every state of every path. */
function checkInvariants(snapshot: TransactionSnapshot): void {
  const c = snapshot.context;
  if (snapshot.matches('submitting') || snapshot.matches('waiting') || snapshot.matches('completed') || snapshot.matches('receipt')) {
    expect(c.decision?.eligible, 'only what the rules allow is submitted').toBe(true);
    expect(c.request?.service).toBe(c.service);
    if (c.steps.code) expect(c.codeVerified, `${c.service} is submitted only with the person's code`).toBe(true);
    expect(c.payment !== null, 'a charged service is paid before it is submitted; a free one is not').toBe((c.decision?.total ?? 0) > 0);
  }
  if (snapshot.matches('completed') || snapshot.matches('receipt')) expect(c.result?.status).toBe('completed');
  if (snapshot.matches({ open: 'ineligible' })) expect(c.decision?.failures.length).toBeGreaterThan(0);
  if (snapshot.matches('cancelled')) expect(c.cancelReason?.length).toBeGreaterThanOrEqual(3);
  if (snapshot.matches('next')) expect(c.representativeFor, 'only a representative moves on to the next employee').not.toBeNull();
}

/**
 * The step names the pilot's figures record (a cancellation's `step`) and the desk shows,
 * per state the machine rests in, pinned here: they come from each state's `meta`, so
 * renaming a state must not change them, and a new resting state must be given one.
 */
const RECORDED: Readonly<Record<string, TransactionStep>> = {
  'open.identify': 'identify',
  'open.fetching': 'fetching',
  'open.fetchWait': 'fetchWait',
  'open.verify.sending': 'verify.sending',
  'open.verify.sendWait': 'verify.sendWait',
  'open.verify.entering': 'verify.entering',
  'open.verify.checking': 'verify.checking',
  'open.verify.checkWait': 'verify.checkWait',
  'open.form': 'form',
  'open.ineligible': 'ineligible',
  'open.quote': 'quote',
  'open.payment': 'payment',
  'open.review': 'review',
  submitting: 'submitting',
  waiting: 'waiting',
  completed: 'completed',
  receipt: 'receipt',
  rejected: 'rejected',
  done: 'done',
  parcel: 'parcel',
  cancelled: 'cancelled',
  next: 'next',
};

/** A snapshot's state as a dotted path ({ open: { verify: 'entering' } } -> "open.verify.entering"). */
function pathOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [[key, inner] = ['', '']] = Object.entries(value);
  return inner ? `${key}.${pathOf(inner)}` : key;
}

describe('transaction machine: the recorded step names', () => {
  it('every state it rests in has its pinned name in meta; passing states (eventless) have none', () => {
    const found: Record<string, string> = {};
    const passing: string[] = [];
    const visit = (node: (typeof transactionMachine)['root']): void => {
      const children = Object.values(node.states);
      if (children.length === 0) {
        const path = node.path.join('.');
        if (node.always?.length) passing.push(path);
        else found[path] = node.meta?.step ?? '(none)';
      }
      children.forEach(visit);
    };
    visit(transactionMachine.root);
    expect(found).toEqual(RECORDED);
    expect(passing.sort()).toEqual(['open.eligibility', 'open.identified', 'open.start', 'open.verified']);
  });
});

/** Actors that never answer: the replay sends their answers itself, as the model did. */
const silent = transactionMachine.provide({
  actors: {
    fetchRecord: fromPromise<{ idNumber: string; lookup: PersonLookup }, FetchInput>(() => new Promise(() => undefined)),
    sendCode: fromPromise<SentCode, { idNumber: string; transactionId: string }>(() => new Promise(() => undefined)),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(() => new Promise(() => undefined)),
    submit: fromPromise<void, SubmitInput>(() => new Promise(() => undefined)),
    watchResult: fromCallback(() => undefined),
  },
});

describe.each(SERVICE_IDS.map((s) => [s]))('transaction machine: %s', (service) => {
  const paths = getSimplePaths(transactionMachine, {
    input: input(service),
    events: eventsFor(service),
    serializeState: serialize,
    toState: (s) => s.status === 'done',
  });

  it('reaches every end the service has, along every simple path', () => {
    const ends = new Set(paths.map((p) => JSON.stringify(p.state.value)));
    const expected = ['"done"', '"cancelled"', '"next"', ...(service === 'iqama.renew' || service === 'iqama.issue' ? ['"parcel"'] : [])];
    expect([...ends].sort()).toEqual(expected.sort());
    const seen = new Set(paths.flatMap((p) => p.steps.map((s) => JSON.stringify(s.state.value))));
    expect(seen.has('"completed"')).toBe(true);
    expect(seen.has('"rejected"')).toBe(true);
    if (!service.startsWith('query.')) expect(seen.has('{"open":"ineligible"}')).toBe(true);
    if (service !== 'query.resident' && service !== 'query.drivingLicence' && service !== 'parcel.add') {
      expect(seen.has('{"open":"quote"}') || seen.has('{"open":"review"}')).toBe(true);
    }
  });

  it('keeps its promises on every path, and a real actor follows each one', () => {
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const actor = createActor(silent, { input: input(service) }).start();
      for (const step of path.steps) {
        if ((step.event.type as string) !== 'xstate.init') actor.send(step.event);
        checkInvariants(actor.getSnapshot());
        expect(actor.getSnapshot().value).toEqual(step.state.value);
        expect(stepOf(actor.getSnapshot()), 'the step recorded for the pilot’s figures').toBe(RECORDED[pathOf(step.state.value)]);
      }
      expect(actor.getSnapshot().status).toBe('done');
      const out = actor.getSnapshot().output;
      expect(out?.outcome).toBe(String(path.state.value));
      actor.stop();
    }
  });
});
