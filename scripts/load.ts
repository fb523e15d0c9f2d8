/**
 * Load: many devices syncing once a second against one real server (issue 12, proofs).
 *
 *   npm run load                                  # 200 devices for 3 minutes on PGlite
 *   npm run load -- --devices 200 --seconds 180 --postgres postgres://postgres@127.0.0.1:5432/test
 *
 * The office's nine kiosks each take a ticket a second; its eight counters each call,
 * start and complete one of their section's tickets a second; every other device is a
 * board. Every device pulls from its cursor each second (all pages), and beats every 25 s.
 * Prints push and pull latency (p50, p99), the requests made and the errors (any answer
 * but 2xx, or no answer), and a last line `RESULT {json}` for `npm run bench`.
 */
import { randomUUID } from 'node:crypto';
import { randomCode } from '../shared/domain/ticket.ts';
import { SCHEMA_VERSION, type MutationEnvelope, type PullResponse, type PushResponse } from '../shared/sync/protocol.ts';
import { ServerProcess, sleep } from './serverProcess.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const DEVICES = Number(option('devices') ?? 200);
const SECONDS = Number(option('seconds') ?? 180);
const server = await ServerProcess.create(option('postgres'));

interface Device {
  readonly role: 'kiosk' | 'counter' | 'display';
  readonly token: string;
  readonly deviceId: string;
  readonly kioskNo: number;
  readonly counterId: number;
  sessionId: string | null;
  nextSeq: number;
  outbox: MutationEnvelope[];
  cursor: number;
}

const latency = { push: [] as number[], pull: [] as number[], beat: [] as number[] };
let errors = 0;
let requests = 0;
const errorKinds = new Map<string, number>();
const noteError = (kind: string): void => {
  errors += 1;
  errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
};

async function timed<T>(kind: keyof typeof latency, run: () => Promise<{ status: number; body: T }>): Promise<T | null> {
  const started = performance.now();
  requests += 1;
  try {
    const r = await run();
    latency[kind].push(performance.now() - started);
    if (r.status < 200 || r.status >= 300) {
      noteError(`${kind} ${r.status}`);
      return null;
    }
    return r.body;
  } catch (error) {
    noteError(`${kind} ${error instanceof Error ? error.message : 'failed'}`);
    return null;
  }
}

const queues: Record<'men' | 'women', string[]> = { men: [], women: [] };
let running = true;

async function cycle(d: Device, second: number): Promise<void> {
  const auth = { authorization: `Bearer ${d.token}` };
  if (second % 25 === d.kioskNo % 25) {
    await timed('beat', () => server.call('POST', '/api/sync/heartbeat', {
      deviceTime: Date.now(), appVersion: 'load', outboxDepth: d.outbox.length, oldestUnsentAt: d.outbox[0]?.deviceTime ?? null, sessionId: d.sessionId,
    }, auth));
  }
  const write = (name: string, changeArgs: unknown): void => {
    d.outbox.push({ seq: d.nextSeq++, name, args: changeArgs, deviceTime: Date.now(), schemaVersion: SCHEMA_VERSION, sessionId: d.sessionId });
  };
  if (d.role === 'kiosk') {
    const section = d.kioskNo % 2 ? 'men' : 'women';
    write('ticket.issue', {
      ticketId: randomUUID(), sectionId: section, serviceGroup: 'residence',
      displayNumber: `${section === 'men' ? 'M' : 'W'}${d.kioskNo}-${String(1 + (second % 999)).padStart(3, '0')}`, publicCode: randomCode(10),
    });
  } else if (d.role === 'counter') {
    const ticketId = queues[d.counterId <= 4 ? 'men' : 'women'].shift();
    if (ticketId) for (const name of ['ticket.call', 'ticket.start', 'ticket.complete']) write(name, { ticketId, counterId: d.counterId });
  }
  if (d.outbox.length) {
    const answer = await timed<PushResponse>('push', () => server.call('POST', '/api/sync/push', { deviceId: d.deviceId, mutations: d.outbox.slice(0, 100) }, auth));
    if (answer) {
      for (const r of answer.results) {
        const m = d.outbox.find((x) => x.seq === r.seq);
        if (r.status === 'rejected') noteError(`refused ${r.reason.code}`);
        else if (m?.name === 'ticket.issue') {
          const a = m.args as { ticketId: string; sectionId: 'men' | 'women' };
          queues[a.sectionId].push(a.ticketId);
        }
      }
      d.outbox = d.outbox.filter((m) => m.seq >= answer.nextSeq);
    }
  }
  for (;;) {
    const page = await timed<PullResponse>('pull', () => server.call('GET', `/api/sync/pull?cursor=${d.cursor}`, undefined, auth));
    if (!page) break;
    d.cursor = page.cursor;
    if (!page.more) break;
  }
}

async function runDevice(d: Device, offsetMs: number): Promise<void> {
  await sleep(offsetMs);
  const start = performance.now();
  for (let second = 0; running; second++) {
    await cycle(d, second);
    const next = start + (second + 1) * 1000;
    await sleep(Math.max(0, next - performance.now()));
  }
}

try {
  await server.start();
  const sup = await server.call<{ token: string }>('POST', '/api/admin/sign-in', { username: 'supervisor', password: 'pilot-2026' });
  const supervisor = { authorization: `Bearer ${sup.body.token}` };
  const devices: Device[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const role = i < 9 ? 'kiosk' : i < 17 ? 'counter' : 'display';
    const code = await server.call<{ code: string }>('POST', '/api/admin/enrollments', { role, label: `load ${i + 1}` }, supervisor);
    const enrolled = await server.call<{ token: string; deviceId: string; kioskNo: number }>('POST', '/api/devices/enroll', { code: code.body.code });
    if (!enrolled.body?.token) throw new Error(`enrolling device ${i + 1} failed: ${JSON.stringify(enrolled.body)}`);
    const counterId = role === 'counter' ? i - 8 : 0;
    const d: Device = { role, token: enrolled.body.token, deviceId: enrolled.body.deviceId, kioskNo: enrolled.body.kioskNo ?? 0, counterId, sessionId: null, nextSeq: 1, outbox: [], cursor: 0 };
    if (role === 'counter') {
      const s = await server.call<{ sessionId: string }>('POST', '/api/counter/sign-in', { badge: String(1000 + counterId), pin: '1234', counterId }, { authorization: `Bearer ${d.token}` });
      if (!s.body?.sessionId) throw new Error(`officer sign-in at counter ${counterId} failed: ${JSON.stringify(s.body)}`);
      d.sessionId = s.body.sessionId;
    }
    devices.push(d);
  }
  console.log(`load on ${server.storeName}: ${DEVICES} devices (9 kiosks, 8 counters, ${DEVICES - 17} boards) syncing once a second for ${SECONDS} s`);
  const loops = devices.map((d, i) => runDevice(d, (i * 1000) / DEVICES));
  await sleep(SECONDS * 1000);
  running = false;
  await Promise.all(loops);
  const pct = (xs: number[], q: number): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  };
  const result = {
    store: server.storeName, devices: DEVICES, seconds: SECONDS, requests, errors,
    pushes: latency.push.length, pushP50: pct(latency.push, 0.5), pushP99: pct(latency.push, 0.99),
    pulls: latency.pull.length, pullP50: pct(latency.pull, 0.5), pullP99: pct(latency.pull, 0.99),
    errorKinds: Object.fromEntries(errorKinds),
  };
  console.log(`load on ${server.storeName}: ${requests} requests in ${SECONDS} s (${(requests / SECONDS).toFixed(0)}/s), ` +
    `push p50 ${result.pushP50.toFixed(1)} ms p99 ${result.pushP99.toFixed(1)} ms, pull p50 ${result.pullP50.toFixed(1)} ms p99 ${result.pullP99.toFixed(1)} ms, errors ${errors}` +
    (errors ? ` (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''));
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  running = false;
  await server.dispose();
}
process.exit(errors > 0 ? 1 : 0);
