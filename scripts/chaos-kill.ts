/**
 * Chaos: the server process killed (SIGKILL) at random moments while kiosks and counters
 * push, then restarted on the same data, again and again (issue 12, proofs).
 *
 *   npm run chaos                          # 100 kills on the embedded store (PGlite)
 *   npm run chaos -- --kills 150 --postgres postgres://postgres@127.0.0.1:5432/test
 *   npm run chaos -- --seed 42             # replays the same kill moments
 *
 * Three kiosks issue tickets and two counters call and complete them, each device with its
 * own outbox that retries until the store answers, exactly as the apps do. Between kills
 * the devices run for a random 0.1–1.5 s. At the end every outbox must drain, and the store
 * (opened directly) must hold each device's changes exactly once (seqs 1..n, no gap, no
 * double), every ticket issued once, every ticket event once. Prints the figures for
 * BENCHMARKS.md; exits 1 on anything lost, doubled or stuck, or a store that did not reopen.
 */
import { randomUUID } from 'node:crypto';
import { randomCode } from '../shared/domain/ticket.ts';
import { SCHEMA_VERSION, type MutationEnvelope, type PushResponse } from '../shared/sync/protocol.ts';
import { ServerProcess, sleep } from './serverProcess.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const KILLS = Number(option('kills') ?? 100);
let seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
const SEED = seed;
/** A small seeded generator (mulberry32), so a run's kill moments can be replayed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const server = await ServerProcess.create(option('postgres'));
const storeName = server.storeName;
const call = <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => server.call<T>(method, path, body, headers);

// --- the devices ----------------------------------------------------------------------

interface Device {
  readonly name: string;
  readonly role: 'kiosk' | 'counter';
  readonly token: string;
  readonly deviceId: string;
  readonly kioskNo: number;
  sessionId: string | null;
  nextSeq: number;
  outbox: MutationEnvelope[];
  results: Map<number, 'applied' | 'rejected'>;
  retries: number;
}

async function enroll(supervisor: string, role: 'kiosk' | 'counter', name: string): Promise<Device> {
  const code = await call<{ code: string }>('POST', '/api/admin/enrollments', { role, label: name }, { authorization: `Bearer ${supervisor}` });
  const device = await call<{ token: string; deviceId: string; kioskNo: number }>('POST', '/api/devices/enroll', { code: code.body.code });
  if (device.status !== 201 && device.status !== 200) throw new Error(`enrolling ${name} failed: ${device.status} ${JSON.stringify(device.body)}`);
  return { name, role, token: device.body.token, deviceId: device.body.deviceId, kioskNo: device.body.kioskNo, sessionId: null, nextSeq: 1, outbox: [], results: new Map(), retries: 0 };
}

function write(device: Device, name: string, changeArgs: unknown): void {
  device.outbox.push({ seq: device.nextSeq++, name, args: changeArgs, deviceTime: Date.now(), schemaVersion: SCHEMA_VERSION, sessionId: device.sessionId });
}

/** One push of the oldest pending changes; the answer settles them. Network errors leave them for the next try. */
async function push(device: Device): Promise<void> {
  if (device.outbox.length === 0) return;
  try {
    const r = await call<PushResponse>('POST', '/api/sync/push', { deviceId: device.deviceId, mutations: device.outbox.slice(0, 20) }, { authorization: `Bearer ${device.token}` });
    if (r.status !== 200) {
      device.retries += 1;
      return;
    }
    for (const result of r.body.results) {
      const previous = device.results.get(result.seq);
      if (previous && previous !== result.status) throw new Error(`${device.name} change ${result.seq} was ${previous}, now ${result.status}`);
      device.results.set(result.seq, result.status);
    }
    device.outbox = device.outbox.filter((m) => m.seq >= r.body.nextSeq);
  } catch (error) {
    if (error instanceof Error && /was (applied|rejected), now/.test(error.message)) throw error;
    device.retries += 1; // the server is down or was killed mid-answer: the same changes go again
  }
}

const queue: string[] = [];
let ticketNo = 0;
let running = true;

async function runDevice(device: Device): Promise<void> {
  while (running) {
    if (device.role === 'kiosk' && device.outbox.length < 40) {
      ticketNo += 1;
      const ticketId = randomUUID();
      write(device, 'ticket.issue', {
        ticketId, sectionId: 'men', serviceGroup: 'residence',
        displayNumber: `M${device.kioskNo}-${String(1 + (ticketNo % 998)).padStart(3, '0')}`, publicCode: randomCode(10),
      });
      const seq = device.nextSeq - 1;
      await push(device);
      if (device.results.get(seq) === 'applied') queue.push(ticketId);
      else pendingIssues.set(`${device.name}#${seq}`, ticketId);
    } else if (device.role === 'counter' && device.outbox.length < 40) {
      const ticketId = queue.shift();
      if (ticketId) {
        const counterId = device.name === 'counter 1' ? 1 : 2;
        write(device, 'ticket.call', { ticketId, counterId });
        write(device, 'ticket.start', { ticketId, counterId });
        write(device, 'ticket.complete', { ticketId, counterId });
      }
      await push(device);
    } else {
      await push(device);
    }
    // Issues settled on a later push join the queue then.
    for (const [key, ticketId] of pendingIssues) {
      const [name, seq] = key.split('#');
      const d = devices.find((x) => x.name === name);
      if (d?.results.get(Number(seq)) === 'applied') {
        queue.push(ticketId);
        pendingIssues.delete(key);
      }
    }
    await sleep(5 + random() * 30);
  }
}
const pendingIssues = new Map<string, string>();
const devices: Device[] = [];

// --- the run --------------------------------------------------------------------------

const reopenMs: number[] = [];
let failed: string | null = null;
const started = performance.now();
console.log(`chaos: ${KILLS} kills of the server on ${storeName}, seed ${SEED} (replay with --seed ${SEED})`);
try {
  reopenMs.push(await server.start());
  const sup = await call<{ token: string }>('POST', '/api/admin/sign-in', { username: 'supervisor', password: 'pilot-2026' });
  if (!sup.body.token) throw new Error(`supervisor sign-in failed: ${JSON.stringify(sup.body)}`);
  for (let i = 1; i <= 3; i++) devices.push(await enroll(sup.body.token, 'kiosk', `kiosk ${i}`));
  for (let i = 1; i <= 2; i++) {
    const d = await enroll(sup.body.token, 'counter', `counter ${i}`);
    const session = await call<{ sessionId: string }>('POST', '/api/counter/sign-in', { badge: `100${i}`, pin: '1234', counterId: i }, { authorization: `Bearer ${d.token}` });
    if (!session.body.sessionId) throw new Error(`officer sign-in failed: ${JSON.stringify(session.body)}`);
    d.sessionId = session.body.sessionId;
    devices.push(d);
  }
  const loops = devices.map((d) => runDevice(d));
  for (let k = 1; k <= KILLS; k++) {
    await sleep(100 + random() * 1400);
    await server.kill();
    reopenMs.push(await server.start());
    if (k % 10 === 0) console.log(`  ${k} kills, ${devices.reduce((n, d) => n + d.results.size, 0)} changes settled, last reopen ${reopenMs.at(-1)?.toFixed(0)} ms`);
  }
  running = false;
  await Promise.all(loops);
  // Nothing stuck: every outbox drains once the server stays up.
  const drainBy = performance.now() + 120_000;
  while (devices.some((d) => d.outbox.length > 0) && performance.now() < drainBy) {
    for (const d of devices) await push(d);
    await sleep(50);
  }
  const stuck = devices.filter((d) => d.outbox.length > 0).map((d) => `${d.name}: ${d.outbox.length}`);
  await server.kill('SIGTERM');

  // The store, opened directly: each device's changes exactly once, each ticket once.
  const store = await server.openStore();
  const problems: string[] = [...stuck.map((s) => `stuck: ${s}`)];
  let sent = 0;
  for (const d of devices) {
    sent += d.nextSeq - 1;
    const rows = await store.query<{ seq: number; n: number }>(
      'SELECT seq, count(*)::int AS n FROM applied_mutations WHERE device_id = $1 GROUP BY seq ORDER BY seq',
      [d.deviceId],
    );
    const seqs = rows.map((r) => r.seq);
    const doubled = rows.filter((r) => r.n > 1).length;
    if (doubled) problems.push(`${d.name}: ${doubled} changes recorded twice`);
    if (seqs.length !== d.nextSeq - 1 || seqs.some((s, i) => s !== i + 1)) problems.push(`${d.name}: the store holds ${seqs.length} of ${d.nextSeq - 1} changes`);
  }
  const [tickets] = await store.query<{ n: number; distinct_ids: number }>('SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS distinct_ids FROM tickets');
  const issuedChanges = devices.filter((d) => d.role === 'kiosk').reduce((n, d) => n + d.nextSeq - 1, 0);
  if (tickets?.n !== issuedChanges) problems.push(`${tickets?.n} tickets for ${issuedChanges} issues`);
  const [events] = await store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT device_id, device_seq FROM ticket_events WHERE device_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) d',
  );
  if ((events?.n ?? 0) > 0) problems.push(`${events?.n} ticket events recorded twice`);
  const [rejected] = await store.query<{ n: number }>("SELECT count(*)::int AS n FROM applied_mutations WHERE status = 'rejected'");
  const reasons = await store.query<{ code: string; n: number }>(
    "SELECT reason->>'code' AS code, count(*)::int AS n FROM applied_mutations WHERE status = 'rejected' GROUP BY 1 ORDER BY 2 DESC",
  );
  if (reasons.length) console.log(`  refused: ${reasons.map((r) => `${r.code} ${r.n}`).join(', ')}`);
  await store.close();

  const sorted = [...reopenMs].sort((a, b) => a - b);
  const p = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  console.log(`chaos on ${storeName}: ${KILLS} kills in ${((performance.now() - started) / 1000).toFixed(0)} s, ${sent} changes sent, ${tickets?.n} tickets, ` +
    `${rejected?.n ?? 0} refused by the rules, ${devices.reduce((n, d) => n + d.retries, 0)} pushes retried; ` +
    `lost 0 and doubled 0 unless listed; store reopened every time (p50 ${p(0.5).toFixed(0)} ms, max ${p(1).toFixed(0)} ms)`);
  console.log(`RESULT ${JSON.stringify({
    store: storeName, kills: KILLS, seed: SEED, seconds: (performance.now() - started) / 1000, sent, tickets: tickets?.n ?? 0,
    refused: rejected?.n ?? 0, retried: devices.reduce((n, d) => n + d.retries, 0), reopenP50: p(0.5), reopenMax: p(1), problems,
  })}`);
  if (problems.length) {
    failed = problems.join('\n');
  }
} catch (error) {
  failed = error instanceof Error ? error.message : String(error);
} finally {
  running = false;
  await server.dispose();
}
if (failed) {
  console.error(`chaos FAILED (seed ${SEED}):\n${failed}`);
  process.exit(1);
}
console.log('chaos: nothing lost, nothing doubled, nothing stuck');
process.exit(0);
