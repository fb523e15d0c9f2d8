/**
 * The counter machine with its real actors over a real (fake-indexeddb) device
 * database: a reload loses nothing, the lock survives a reload and lifts offline, a lost
 * race reported by the server reaches the officer, and sign-out closes the counter.
 * Only the server is faked.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { applyPullPage, applyPushResponse, getSession, type DeviceDb } from '../shared/db/index.ts';
import { enrolledDb, TEST_CONFIG } from '../shared/db/testing.ts';
import { serviceDayOf } from '../shared/domain/office.ts';
import type { Ticket } from '../shared/domain/ticket.ts';
import { counterMachine, type CounterSnapshot } from '../shared/machines/counterMachine.ts';
import { sampleTicket } from '../shared/domain/testing.ts';
import { CounterError } from '../shared/machines/counterTypes.ts';
import type { SyncClient } from '../shared/device/syncClient.ts';
import type { OfficerSession } from '../shared/sync/protocol.ts';
import type { CounterApi } from './counterApi.ts';
import { counterActors } from './counterActors.ts';

const PIN = '1234';

function waitingTicket(n: number): Ticket {
  const now = Date.now();
  return sampleTicket({
    ticketId: crypto.randomUUID(),
    officeId: TEST_CONFIG.officeId,
    displayNumber: `M1-${String(n).padStart(3, '0')}`,
    serviceDay: serviceDayOf(now, TEST_CONFIG.settings.timeZone),
    issuedAt: now,
    issuedVersion: n,
    version: n,
  });
}

async function withQueue(db: DeviceDb, count: number): Promise<Ticket[]> {
  const tickets = Array.from({ length: count }, (_, i) => waitingTicket(i + 1));
  await applyPullPage(db, {
    changes: tickets.map((t) => ({ entity: 'ticket' as const, version: t.version, data: t })),
    cursor: count,
    more: false,
    reset: false,
    version: count,
  });
  return tickets;
}

/** A server that knows one officer; `reachable: false` makes every call fail as offline. */
function fakeServer() {
  const server = { reachable: true, signedOut: [] as string[] };
  const offline = (): never => {
    throw new CounterError('offline', 'unreachable');
  };
  const api: CounterApi = {
    signIn: async ({ badge, pin, counterId }): Promise<OfficerSession> => {
      if (!server.reachable) offline();
      if (pin !== PIN) throw new CounterError('bad_credentials', 'Badge number or PIN is wrong');
      return { sessionId: crypto.randomUUID(), token: 'session-token', badge, name: 'Faisal', counterId, expiresAt: Date.now() + 8 * 3_600_000 };
    },
    unlock: async (_token, pin) => {
      if (!server.reachable) offline();
      if (pin !== PIN) throw new CounterError('bad_credentials', 'wrong PIN');
    },
    signOut: async (token) => {
      if (!server.reachable) offline();
      server.signedOut.push(token);
    },
    session: async () => undefined,
    idNumber: async () => offline(),
  };
  return { server, api };
}

const sync = { syncNow: async () => undefined } as unknown as SyncClient;

function terminal(db: DeviceDb, api: CounterApi) {
  const machine = counterMachine.provide({ actors: counterActors({ db, sync, api, settings: TEST_CONFIG.settings }) });
  const actor = createActor(machine, { input: { settings: TEST_CONFIG.settings } });
  actor.start();
  const until = (predicate: (s: CounterSnapshot) => boolean) => waitFor(actor, predicate, { timeout: 5000 });
  return { actor, until };
}

async function signIn(db: DeviceDb, api: CounterApi) {
  const t = terminal(db, api);
  await t.until((s) => s.matches('signedOut'));
  t.actor.send({ type: 'session.signIn', badge: '1001', pin: PIN, counterId: 2 });
  await t.until((s) => s.matches({ signedIn: { work: 'ready' } }));
  return t;
}

describe('counter terminal over the device database', () => {
  it('loses nothing on reload: session, called ticket, then serving ticket', async () => {
    const db = await enrolledDb('counter');
    const [first] = await withQueue(db, 3);
    const { api } = fakeServer();
    const a = await signIn(db, api);
    a.actor.send({ type: 'ticket.callNext' });
    await a.until((s) => s.matches({ signedIn: { work: 'called' } }));
    expect(a.actor.getSnapshot().context.ticket?.displayNumber).toBe(first?.displayNumber);
    a.actor.stop();

    const b = terminal(db, api);
    await b.until((s) => s.matches({ signedIn: { work: 'called', watch: 'awake' } }));
    expect(b.actor.getSnapshot().context.ticket?.ticketId).toBe(first?.ticketId);
    b.actor.send({ type: 'ticket.start' });
    await b.until((s) => s.matches({ signedIn: { work: 'serving' } }));
    b.actor.stop();

    const c = terminal(db, api);
    await c.until((s) => s.matches({ signedIn: { work: 'serving' } }));
    c.actor.send({ type: 'ticket.complete' });
    await c.until((s) => s.matches({ signedIn: { work: 'ready' } }));
    const names = (await db.outbox.orderBy('seq').toArray()).map((r) => r.name);
    expect(names).toEqual(['counter.open', 'ticket.call', 'ticket.start', 'ticket.complete']);
    c.actor.stop();
  });

  it('refuses a wrong PIN at sign-in and stays signed out', async () => {
    const db = await enrolledDb('counter');
    const { api } = fakeServer();
    const t = terminal(db, api);
    await t.until((s) => s.matches('signedOut'));
    t.actor.send({ type: 'session.signIn', badge: '1001', pin: '9999', counterId: 2 });
    await t.until((s) => s.matches('signedOut') && s.context.message?.code === 'bad_credentials');
    expect(await getSession(db)).toBeUndefined();
    t.actor.stop();
  });

  it('stays locked across a reload and unlocks offline with the PIN', async () => {
    const db = await enrolledDb('counter');
    const { server, api } = fakeServer();
    const a = await signIn(db, api);
    a.actor.send({ type: 'terminal.lock' });
    await expect.poll(async () => (await getSession(db))?.locked).toBe(true);
    a.actor.stop();

    server.reachable = false;
    const b = terminal(db, api);
    await b.until((s) => s.matches({ signedIn: { watch: { locked: 'asking' } } }));
    b.actor.send({ type: 'terminal.unlock', pin: '0000' });
    await b.until((s) => s.context.attemptsLeft === TEST_CONFIG.settings.maxPinAttempts - 1);
    b.actor.send({ type: 'terminal.unlock', pin: PIN });
    await b.until((s) => s.matches({ signedIn: { watch: 'awake' } }));
    expect(await getSession(db)).toMatchObject({ locked: false, failedUnlocks: 0 });
    b.actor.stop();
  });

  it('tells the officer when the server gave the ticket to another counter', async () => {
    const db = await enrolledDb('counter');
    await withQueue(db, 2);
    const { api } = fakeServer();
    const t = await signIn(db, api);
    t.actor.send({ type: 'ticket.callNext' });
    await t.until((s) => s.matches({ signedIn: { work: 'called' } }));
    const call = (await db.outbox.toArray()).find((r) => r.name === 'ticket.call');
    await applyPushResponse(
      db,
      {
        results: [
          { seq: 1, status: 'applied', version: 10 },
          {
            seq: call?.seq ?? 0,
            status: 'rejected',
            version: 11,
            reason: { code: 'already_called', message: 'Ticket M1-001 was already called by counter 3', params: { number: 'M1-001', counter: 3 } },
          },
        ],
        nextSeq: 3,
        version: 11,
      },
      Date.now(),
    );
    await t.until((s) => s.matches({ signedIn: { work: 'ready' } }) && s.context.message !== null);
    expect(t.actor.getSnapshot().context.message?.text).toBe('Ticket M1-001 was already called by counter 3');
    await expect.poll(async () => (await db.rejections.toArray()).map((r) => r.seen)).toEqual([1]);
    t.actor.stop();
  });

  it('signs out: closes the counter, tells the server, forgets the session', async () => {
    const db = await enrolledDb('counter');
    const { server, api } = fakeServer();
    const t = await signIn(db, api);
    t.actor.send({ type: 'session.signOut' });
    await t.until((s) => s.matches('signedOut'));
    expect(await getSession(db)).toBeUndefined();
    expect((await db.outbox.orderBy('seq').toArray()).map((r) => r.name)).toEqual(['counter.open', 'counter.close']);
    expect(server.signedOut).toEqual(['session-token']);
    t.actor.stop();
  });
});
