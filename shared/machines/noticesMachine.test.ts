/**
 * The notices service driven with fake actors and a simulated clock: nothing is read or
 * changed before the code is verified, a refused save keeps the draft, the store's idea of
 * "offline" retries by itself, and the visit closes when the store closes it. @xstate/graph
 * walks every simple path to the end and checks the promises on each step.
 */
import { getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor, type SnapshotFrom } from 'xstate';
import { changeSet, draftOf, NOTICES_OPEN_MS, toggleEvent, type EstablishmentNotices, type NoticesChange, type NoticesReport } from '../domain/establishmentNotices.ts';
import { CounterError } from './counterTypes.ts';
import { noticesMachine, type NoticesEvent, type SaveOutput } from './noticesMachine.ts';
import { RETRY_MS, type SentCode } from './transactionTypes.ts';

const E1 = '7010000000';
const R1 = '2000000212';
const R2 = '2000000220';
const NEW = '3000000137';

const saved: EstablishmentNotices = {
  establishment: { establishmentId: E1, name: { ar: 'مؤسسة', en: 'Est.' }, subscription: { kind: 'comprehensive' } },
  contacts: { mobile: '0551234567', email: null, language: 'ar' },
  subscriptions: [{ idNumber: R1, events: ['entry', 'exit'] }, { idNumber: R2, events: ['visaIssued'] }],
};

interface Fakes {
  send?: () => Promise<{ codeId: string; sentTo: string; expiresAt: number }>;
  verify?: (code: string) => Promise<void>;
  load?: () => Promise<EstablishmentNotices>;
  save?: (change: NoticesChange) => Promise<EstablishmentNotices & { added: number; changed: number; removed: number }>;
}

function start(fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  const seen = { loads: [] as string[], saves: [] as NoticesChange[], reports: 0 };
  const machine = noticesMachine.provide({
    actors: {
      sendCode: fromPromise(async () => (fakes.send ?? (async () => ({ codeId: 'c1', sentTo: '••••••67', expiresAt: 300_000 })))()),
      verifyCode: fromPromise(async ({ input }) => (fakes.verify ?? (async () => undefined))(input.code)),
      load: fromPromise(async ({ input }) => {
        seen.loads.push(input.codeId);
        return (fakes.load ?? (async () => saved))();
      }),
      save: fromPromise(async ({ input }) => {
        seen.saves.push(input.change);
        return (fakes.save ?? (async () => ({ ...saved, added: 0, changed: 0, removed: 0 })))(input.change);
      }),
      report: fromPromise(async (): Promise<NoticesReport> => {
        seen.reports += 1;
        return {
          establishmentId: E1, name: saved.establishment.name, day: '2026-03-01',
          quota: { kind: 'comprehensive', remaining: null, usedInMonth: 0, usedTotal: 0 },
          counts: { residents: 2, visitors: 0 },
          expiry: { iqama: { expired: 0, within30: 1, within60: 0, within90: 0, later: 1 }, passport: { expired: 0, within30: 0, within60: 0, within90: 0, later: 2 } },
          visas: { total: { issued: 1, used: 0, cancelled: 0, expired: 0, notReturned: 0 } },
          violations: [],
        };
      }),
    },
  });
  const actor = createActor(machine, { input: { visitId: '5f0c7e0e-3f43-4c55-9a53-55b1a2a4c001' }, clock }).start();
  const send = (event: NoticesEvent) => actor.send(event);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { actor, clock, seen, send, settle };
}

async function openIt(t: ReturnType<typeof start>) {
  t.send({ type: 'notices.number', establishmentId: E1 });
  await waitFor(t.actor, (s) => s.matches({ code: 'entering' }));
  t.send({ type: 'notices.code', code: '123456' });
  await waitFor(t.actor, (s) => s.hasTag('editing') && !s.hasTag('busy'));
}

describe('notices machine', () => {
  it('reads and changes nothing before the code is verified, then edits and saves a change set', async () => {
    const t = start({ save: async () => ({ ...saved, subscriptions: [{ idNumber: R1, events: ['entry'] }, { idNumber: NEW, events: ['exit'] }], added: 1, changed: 1, removed: 1 }) });
    t.send({ type: 'notices.number', establishmentId: '70100' });
    expect(t.actor.getSnapshot().context.problem?.code).toBe('invalid_establishment');
    t.send({ type: 'notices.number', establishmentId: E1 });
    await waitFor(t.actor, (s) => s.matches({ code: 'entering' }));
    t.send({ type: 'notices.save' }); // not open: ignored
    t.send({ type: 'notices.code', code: '12' });
    expect(t.actor.getSnapshot().context.problem?.code).toBe('code_format');
    expect(t.seen.loads).toEqual([]);
    t.send({ type: 'notices.code', code: '123456' });
    await waitFor(t.actor, (s) => s.hasTag('editing') && !s.hasTag('busy'));
    expect(t.seen.loads).toEqual(['c1']);

    t.send({ type: 'notices.save' });
    expect(t.actor.getSnapshot().context.problem?.code).toBe('nothing_changed');
    t.send({ type: 'notices.toggle', idNumber: R1, event: 'exit' });
    t.send({ type: 'notices.remove', idNumber: R2 });
    t.send({ type: 'notices.add', idNumber: '1000000008', events: ['exit'] }); // a citizen's ID
    expect(t.actor.getSnapshot().context.problem?.code).toBe('invalid_subscription_number');
    t.send({ type: 'notices.add', idNumber: NEW, events: ['exit'] });
    t.send({ type: 'notices.save' });
    await waitFor(t.actor, (s) => s.hasTag('editing') && !s.hasTag('busy'));
    expect(t.seen.saves).toEqual([{ unsubscribe: [R2], subscribe: [{ idNumber: R1, events: ['entry'] }, { idNumber: NEW, events: ['exit'] }] }]);
    expect(t.actor.getSnapshot().context.lastSave).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(t.actor.getSnapshot().context.draft?.subscriptions.map((s) => s.idNumber)).toEqual([R1, NEW]);
  });

  it('keeps the draft when the store refuses it, and names the refusal', async () => {
    const t = start({ save: async () => Promise.reject(new CounterError('not_sponsored', 'nothing was changed', { status: 422 })) });
    await openIt(t);
    t.send({ type: 'notices.add', idNumber: NEW, events: ['entry'] });
    t.send({ type: 'notices.save' });
    await waitFor(t.actor, (s) => s.hasTag('editing') && !s.hasTag('busy'));
    const { context } = t.actor.getSnapshot();
    expect(context.problem?.code).toBe('not_sponsored');
    expect(context.draft?.subscriptions.map((s) => s.idNumber)).toContain(NEW);
    t.send({ type: 'notices.undo' });
    expect(t.actor.getSnapshot().context.draft).toEqual(draftOf(saved));
  });

  it('waits out the network by itself, and needs a new code after a locked one', async () => {
    let online = false;
    const t = start({
      send: async () => (online ? { codeId: 'c2', sentTo: '••••••67', expiresAt: 1 } : Promise.reject(new CounterError('offline', 'The server cannot be reached'))),
      verify: async (code) => (code === '000000' ? Promise.reject(new CounterError('code_locked', 'three wrong tries')) : undefined),
    });
    t.send({ type: 'notices.number', establishmentId: E1 });
    await waitFor(t.actor, (s) => s.matches({ code: 'sendWait' }));
    online = true;
    t.clock.increment(RETRY_MS);
    await waitFor(t.actor, (s) => s.matches({ code: 'entering' }));
    t.send({ type: 'notices.code', code: '000000' });
    await waitFor(t.actor, (s) => s.matches({ code: 'entering' }) && s.context.problem !== null);
    expect(t.actor.getSnapshot().context.code).toBeNull();
    t.send({ type: 'notices.code', code: '123456' }); // no code out: a new one must be sent
    expect(t.actor.getSnapshot().context.problem?.code).toBe('code_format');
    t.send({ type: 'notices.resend' });
    await waitFor(t.actor, (s) => s.matches({ code: 'entering' }) && s.context.code !== null);
    t.send({ type: 'notices.code', code: '123456' });
    await waitFor(t.actor, (s) => s.hasTag('editing'));
  });

  it('prints the report, and closes the establishment when the store does', async () => {
    const t = start();
    await openIt(t);
    t.send({ type: 'notices.print' });
    await waitFor(t.actor, (s) => s.hasTag('report'));
    expect(t.actor.getSnapshot().context.report?.counts.residents).toBe(2);
    t.send({ type: 'notices.back' });
    expect(t.actor.getSnapshot().hasTag('editing')).toBe(true);
    t.clock.increment(NOTICES_OPEN_MS - 1);
    expect(t.actor.getSnapshot().hasTag('editing')).toBe(true);
    t.clock.increment(1);
    const after = t.actor.getSnapshot();
    expect(after.matches('identify')).toBe(true);
    expect([after.context.openedWith, after.context.draft, after.context.problem?.code]).toEqual([null, null, 'security_code_needed']);
    t.send({ type: 'notices.close' });
    expect(t.actor.getSnapshot().status).toBe('done');
  });
});

describe('change sets', () => {
  it('names only what changed, events in the store’s order, and empty contacts as removed', () => {
    expect(changeSet(saved, draftOf(saved))).toBeNull();
    const toggled = toggleEvent(toggleEvent(draftOf(saved), R2, 'entry'), R2, 'visaIssued');
    expect(changeSet(saved, toggled)).toEqual({ subscribe: [{ idNumber: R2, events: ['entry'] }] });
    expect(toggleEvent(draftOf(saved), R2, 'visaIssued')).toEqual(draftOf(saved)); // the last event stays
    const contacts = { ...draftOf(saved), contacts: { mobile: ' ', email: 'hr@example.sa', language: 'en' as const } };
    expect(changeSet(saved, contacts)).toEqual({ contacts: { mobile: null, email: 'hr@example.sa', language: 'en' } });
    const fresh: EstablishmentNotices = { ...saved, contacts: null, subscriptions: [] };
    expect(changeSet(fresh, { contacts: { mobile: '0551234567', email: '', language: 'ar' }, subscriptions: [] })).toEqual({ contacts: { mobile: '0551234567', language: 'ar' } });
  });
});

type Snap = SnapshotFrom<typeof noticesMachine>;
const done = (id: string, output?: unknown) => ({ type: `xstate.done.actor.${id}`, output }) as unknown as NoticesEvent;
const failed = (id: string, code: string) => ({ type: `xstate.error.actor.${id}`, error: new CounterError(code, code) }) as unknown as NoticesEvent;

/** What the officer does and what the store answers, in each state. */
function eventsFor(snapshot: Snap): NoticesEvent[] {
  const s = JSON.stringify(snapshot.value);
  const events: NoticesEvent[] = [{ type: 'notices.close' }];
  if (s.includes('identify')) events.push({ type: 'notices.number', establishmentId: E1 }, { type: 'notices.number', establishmentId: '12' });
  if (s.includes('sending')) events.push(done('sendCode', { codeId: 'c1', sentTo: '••67', expiresAt: 1 }), failed('sendCode', 'offline'), failed('sendCode', 'no_registered_mobile'));
  if (s.includes('Wait')) events.push({ type: 'notices.retry' });
  if (s.includes('entering')) events.push({ type: 'notices.code', code: '123456' }, { type: 'notices.resend' }, { type: 'notices.back' });
  if (s.includes('checking')) events.push(done('verifyCode'), failed('verifyCode', 'code_wrong'), failed('verifyCode', 'code_locked'), failed('verifyCode', 'offline'));
  if (s.includes('loading')) events.push(done('load', saved), failed('load', 'offline'), failed('load', 'security_code_needed'));
  if (s.includes('editing')) events.push({ type: 'notices.add', idNumber: NEW, events: ['exit'] }, { type: 'notices.undo' }, { type: 'notices.save' }, { type: 'notices.print' });
  if (s.includes('saving')) events.push(done('save', { ...saved, added: 1, changed: 0, removed: 0 }), failed('save', 'not_sponsored'), failed('save', 'security_code_needed'));
  if (s.includes('printing')) events.push(done('report', { establishmentId: E1 }), failed('report', 'offline'), failed('report', 'security_code_needed'));
  if (s.includes('report')) events.push({ type: 'notices.back' });
  return events;
}

/** The promises of the service, on every step of every path. */
function checkPromises(snapshot: Snap): void {
  const c = snapshot.context;
  const open = JSON.stringify(snapshot.value).includes('open');
  // Nothing of the establishment is read, changed or printed without a code verified for it.
  if (open) expect(c.openedWith).not.toBeNull();
  if (snapshot.matches('identify') || snapshot.matches('code')) expect(c.openedWith).toBeNull();
  // A save always carries a change.
  if (snapshot.matches({ open: 'saving' })) expect(c.saved && c.draft && changeSet(c.saved, c.draft)).not.toBeNull();
  if (snapshot.hasTag('editing')) expect(c.draft).not.toBeNull();
}

describe('notices machine, every simple path', () => {
  const silent = noticesMachine.provide({
    actors: {
      // Never settle: the walk gives the answers as events.
      sendCode: fromPromise(() => new Promise<SentCode>(() => undefined)),
      verifyCode: fromPromise(() => new Promise<void>(() => undefined)),
      load: fromPromise(() => new Promise<EstablishmentNotices>(() => undefined)),
      save: fromPromise(() => new Promise<SaveOutput>(() => undefined)),
      report: fromPromise(() => new Promise<NoticesReport>(() => undefined)),
    },
  });
  const input = { visitId: 'v1' };
  const paths = getSimplePaths(noticesMachine, {
    input,
    events: eventsFor,
    serializeState: (s) => JSON.stringify([s.value, s.context.draft && s.context.saved ? changeSet(s.context.saved, s.context.draft) !== null : null, s.context.code !== null]),
    toState: (s) => s.status === 'done',
  });

  it('reaches the end from everywhere, and keeps its promises on each step of a real actor', () => {
    const seen = new Set(paths.flatMap((p) => p.steps.map((step) => JSON.stringify(step.state.value))));
    for (const state of ['{"open":"saving"}', '{"open":"report"}', '{"open":"loadWait"}', '{"code":"sendWait"}', '{"code":"checkWait"}']) expect(seen).toContain(state);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const actor = createActor(silent, { input }).start();
      for (const step of path.steps) {
        if ((step.event.type as string) !== 'xstate.init') actor.send(step.event);
        checkPromises(actor.getSnapshot());
        expect(actor.getSnapshot().value).toEqual(step.state.value);
      }
      expect(actor.getSnapshot().status).toBe('done');
      actor.stop();
    }
  });
});
