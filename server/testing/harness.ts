/**
 * Test-only: the real app over a test store, with a controllable clock and helpers that
 * do the routine set-up through the public API (enroll a device, sign an officer in,
 * build mutations). Each test takes a fresh office, so tests sharing one store (one
 * database per file keeps the suite fast) never see each other's rows.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { randomCode } from '../../shared/domain/ticket.ts';
import type { DeviceRole, MutationName } from '../../shared/sync/mutations.ts';
import type { EnrollResponse, MutationEnvelope, OfficerSession } from '../../shared/sync/protocol.ts';
import { SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { createApp } from '../app.ts';
import type { AppEnv } from '../app.ts';
import { createEnrollment } from '../enrollment.ts';
import { DEMO_PIN, DEMO_SUPERVISOR, pilotConfig, seedOffice } from '../seed.ts';
import { hashSecret } from '../security/secrets.ts';
import type { Store } from '../store/index.ts';
import { PokeHub } from '../sync/pokes.ts';
import type { TestEngine, TestStore } from './engines.ts';

/** 2026-03-01 10:00 in Riyadh: inside the morning shift. */
const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export const T0 = Date.parse('2026-03-01T10:00:00+03:00');

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (for malformed JSON tests). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** The caller's address, as the socket would show it (default: none, which the app reads as "local"). */
  readonly client?: string;
}

export interface CallResult<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface Device extends EnrollResponse {
  readonly officeId: string;
}

export class Harness {
  now = T0;
  readonly pokes = new PokeHub();
  readonly app: Hono<AppEnv>;
  #offices = 0;
  #hashes: Promise<{ pin: string; password: string }> | null = null;

  private constructor(
    readonly engine: TestEngine['name'],
    private readonly testStore: TestStore,
  ) {
    this.app = createApp({ store: testStore.store, clock: () => this.now, pokes: this.pokes, onError: () => {} });
  }

  static async open(engine: TestEngine): Promise<Harness> {
    return new Harness(engine.name, await engine.open());
  }

  get store(): Store {
    return this.testStore.store;
  }

  close(): Promise<void> {
    return this.testStore.close();
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const env = options.client ? { incoming: { socket: { remoteAddress: options.client } } } : undefined;
    const response = await this.app.request(path, { method, headers, body }, env);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  }

  /** A new, seeded office with the pilot layout; returns its id. */
  async newOffice(): Promise<string> {
    // A cheap scrypt cost for test accounts (the cost travels inside each hash, so
    // verification follows it); production hashes use DEFAULT_SCRYPT.
    this.#hashes ??= Promise.all([hashSecret(DEMO_PIN, TEST_SCRYPT), hashSecret(DEMO_SUPERVISOR.password, TEST_SCRYPT)]).then(
      ([pin, password]) => ({ pin, password }),
    );
    const officeId = `office-${process.pid}-${++this.#offices}`;
    await seedOffice(this.store, { config: pilotConfig(officeId), hashes: await this.#hashes, now: this.now });
    return officeId;
  }

  async enrollmentCode(officeId: string, role: DeviceRole, ttlMs?: number): Promise<string> {
    const e = await this.store.tx((q) => createEnrollment(q, { officeId, role, createdBy: 'test', now: this.now, ...(ttlMs ? { ttlMs } : {}) }));
    return e.code;
  }

  async enroll(officeId: string, role: DeviceRole): Promise<Device> {
    const code = await this.enrollmentCode(officeId, role);
    const r = await this.call<EnrollResponse>('POST', '/api/devices/enroll', { body: { code } });
    if (r.status !== 201) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { ...r.body, officeId };
  }

  async signIn(device: Device, badge: string, counterId: number, pin = DEMO_PIN): Promise<OfficerSession> {
    const r = await this.call<OfficerSession>('POST', '/api/counter/sign-in', { token: device.token, body: { badge, pin, counterId } });
    if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async supervisor(officeId: string): Promise<string> {
    const r = await this.call<{ token: string }>('POST', '/api/admin/sign-in', { body: { ...DEMO_SUPERVISOR, officeId } });
    if (r.status !== 200) throw new Error(`supervisor sign-in failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token;
  }

  push<T = unknown>(device: Device, mutations: readonly MutationEnvelope[]): Promise<CallResult<T>> {
    return this.call<T>('POST', '/api/sync/push', { token: device.token, body: { deviceId: device.deviceId, mutations } });
  }
}

/** A ticket.issue envelope for a kiosk (number n of the day, in `section`). */
export function issue(seq: number, kiosk: Pick<Device, 'kioskNo'>, n: number, section: 'men' | 'women' = 'men', ticketId: string = randomUUID()): MutationEnvelope {
  const letter = section === 'men' ? 'M' : 'W';
  return envelope(seq, 'ticket.issue', {
    ticketId,
    sectionId: section,
    serviceGroup: 'residence',
    displayNumber: `${letter}${kiosk.kioskNo}-${String(n).padStart(3, '0')}`,
    publicCode: randomCode(10),
  }, null);
}

/** Any mutation envelope; deviceTime is a fixed, plausible device clock. */
export function envelope(seq: number, name: MutationName | string, args: unknown, sessionId: string | null): MutationEnvelope {
  return { seq, name, args, deviceTime: T0 + seq, schemaVersion: SCHEMA_VERSION, sessionId };
}

/** A counter action on a ticket (ticket.call, .start, ...). */
export function act(seq: number, name: MutationName, ticketId: string, counterId: number, session: Pick<OfficerSession, 'sessionId'> | null): MutationEnvelope {
  return envelope(seq, name, { ticketId, counterId }, session?.sessionId ?? null);
}

/** The ticket id an issue envelope creates. */
export function ticketIdOf(m: MutationEnvelope): string {
  return (m.args as { ticketId: string }).ticketId;
}
