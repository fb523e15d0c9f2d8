/**
 * Delivers a day's ops to the store through the code live traffic uses: device changes
 * through pushMutations with the replay hook (each received at its own time: late when its
 * device was offline), heartbeats through recordHeartbeats (each device's in one go), and the routes (security codes,
 * bookings, a resident leaving or answering the survey) through the app itself.
 *
 * Fast because changes are held per device and sent in full batches (MAX_PUSH_BATCH)
 * instead of one push each, yet in an order the rules accept: counters' batches go only
 * after every kiosk's (a ticket is issued before it is called), a counter acting on a
 * ticket another counter still holds unsent (a transfer) first sends that counter's batch,
 * and a resident's action on the phone waits until the changes before it are in. What
 * batching changes is the office version order only: tickets of the two kiosks are
 * numbered batch by batch, not strictly by time (their times are exact).
 */
import type { Hono } from 'hono';
import { MAX_PUSH_BATCH, SCHEMA_VERSION, type MutationEnvelope } from '../../shared/sync/protocol.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import type { Store } from '../store/index.ts';
import { recordHeartbeats } from '../sync/heartbeat.ts';
import type { HeartbeatRequest } from '../../shared/sync/protocol.ts';
import { pushMutations } from '../sync/push.ts';
import type { Op, SimDevice } from './ops.ts';
import { officerSignIn, officerSignOut, type SupervisorDesk } from './sessions.ts';
import type { Stats } from './stats.ts';
import { callRoute } from './routes.ts';

const BEATS_PER_TX = 5000;
const YIELD_EVERY = 25;
/** A counter's unsent changes are sent when this many wait, whatever the kiosks hold. */
const MAX_HELD = 4 * MAX_PUSH_BATCH;

interface Pending {
  readonly env: MutationEnvelope;
  readonly arriveAt: number;
  readonly ticketId: string | null;
  readonly refusal: boolean;
}

export interface DeliveryContext {
  readonly store: Store;
  readonly app: Hono<AppEnv>;
  readonly deps: AppDeps;
  readonly clock: { now: number };
  readonly stats: Stats;
  readonly officeId: string;
  readonly kiosks: readonly SimDevice[];
  readonly supervisor: SupervisorDesk;
  readonly sessionHours: number;
  readonly appVersion: string;
  /** SMS the simulated residents received (marked sent when the day is delivered). */
  readonly delivered: string[];
  /** A booking the store accepted (with its id), for the day it is for. */
  readonly booked: (forDay: string, booking: { appointmentId: string; slotAt: number; sectionId: string; service: string; idNumber: string | null }) => void;
}

type RouteOp = Extract<Op, { kind: 'leave' | 'survey' }>;
type BeatOp = Extract<Op, { kind: 'beat' }>;

export class Delivery {
  readonly #buffers = new Map<SimDevice, Pending[]>();
  /** The device whose unsent batch holds the latest change of a ticket. */
  readonly #holder = new Map<string, SimDevice>();
  #beats: BeatOp[] = [];
  #deferred: RouteOp[] = [];

  constructor(private readonly ctx: DeliveryContext) {}

  async deliver(ops: readonly Op[]): Promise<void> {
    for (const [i, op] of ops.entries()) {
      await this.#take(op);
      // PGlite answers without ever returning to Node's event loop: without a pause now and
      // then, a server running the simulation would not answer its live devices (or Ctrl-C).
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await this.flushAll();
  }

  async #take(op: Op): Promise<void> {
    const { ctx } = this;
    switch (op.kind) {
      case 'mutation': {
        const device = op.device;
        if (op.ticketId) {
          const holder = this.#holder.get(op.ticketId);
          if (holder && holder !== device && holder.auth.role === 'counter') await this.#flush(holder);
          this.#holder.set(op.ticketId, device);
        }
        device.seq += 1;
        const args = await ctx.stats.time('args', op.args);
        const env: MutationEnvelope = { seq: device.seq, name: op.name, args, deviceTime: op.deviceTime, schemaVersion: SCHEMA_VERSION, sessionId: op.sessionId };
        const buffer = this.#buffers.get(device) ?? [];
        this.#buffers.set(device, buffer);
        buffer.push({ env, arriveAt: op.arriveAt, ticketId: op.ticketId, refusal: op.refusal ?? false });
        // Everything goes when a kiosk has a full batch: counters' batches then fill up too, and
        // never wait for a kiosk's half-empty one.
        if (buffer.length >= (device.auth.role === 'kiosk' ? MAX_PUSH_BATCH : MAX_HELD)) await this.flushAll();
        return;
      }
      case 'beat':
        this.#beats.push(op);
        if (this.#beats.length >= BEATS_PER_TX) await this.#flushBeats();
        return;
      case 'signIn':
      case 'signOut':
        // Beats of the session must be in before it ends (a beat names a live session only).
        await this.#flushBeats();
        await ctx.stats.time('sessions', () =>
          ctx.store.tx((q) => (op.kind === 'signIn' ? officerSignIn(q, ctx.officeId, op.session, ctx.sessionHours) : officerSignOut(q, ctx.officeId, op.session))));
        return;
      case 'leave':
      case 'survey':
        this.#deferred.push(op);
        return;
      default:
        // The terminal's beats so far are in first: they carry the officer's last touch, which
        // the store's idle limit on a session's lookups and codes reads.
        await this.#flushBeats();
        await ctx.stats.time(op.kind, () => callRoute(ctx, op));
    }
  }

  /** Everything held: beats, kiosks, counters, then the residents' phone actions. */
  async flushAll(): Promise<void> {
    await this.#flushBeats();
    for (const device of this.ctx.kiosks) await this.#push(device);
    for (const device of this.#buffers.keys()) await this.#push(device);
    const deferred = this.#deferred.sort((a, b) => a.at - b.at);
    this.#deferred = [];
    for (const op of deferred) await this.ctx.stats.time(op.kind, () => callRoute(this.ctx, op));
    const sent = this.ctx.delivered.splice(0);
    if (sent.length) {
      await this.ctx.store.query(`UPDATE outgoing_messages SET status = 'delivered', sent_at = created_at, delivered_at = created_at, failure = NULL
          WHERE message_id = ANY(string_to_array($1, ',')::uuid[])`, [sent.join(',')]);
    }
    // The sponsors' notices of the simulated transactions and the ticket links reached them
    // when they were made: history, not a backlog for a demo server's sender to deliver months late.
    await this.ctx.store.query(
      `UPDATE outgoing_messages SET status = 'delivered', sent_at = created_at, delivered_at = created_at
        WHERE office_id = $1 AND template IN ('transactionNotice', 'ticketLink') AND status = 'queued'`,
      [this.ctx.officeId],
    );
    // A day's mobiles left for ticket notices expire with it, as on a live server (ticketNotices.ts).
    await this.ctx.store.query('UPDATE ticket_notices SET mobile = NULL, link_key = NULL WHERE office_id = $1 AND mobile IS NOT NULL', [
      this.ctx.officeId,
    ]);
  }

  async #flush(device: SimDevice): Promise<void> {
    await this.#flushBeats();
    if (device.auth.role === 'counter') for (const kiosk of this.ctx.kiosks) await this.#push(kiosk);
    await this.#push(device);
  }

  async #flushBeats(): Promise<void> {
    const beats = this.#beats;
    if (beats.length === 0) return;
    this.#beats = [];
    const { store, appVersion, stats } = this.ctx;
    // Each device's beats together, in order (the store works their periods out in memory).
    const byDevice = new Map<SimDevice, { beat: HeartbeatRequest; now: number }[]>();
    for (const b of beats) {
      const list = byDevice.get(b.device) ?? [];
      byDevice.set(b.device, list);
      // A signed-in officer is at work while the terminal beats: their last touch is the beat's moment.
      const officer = b.sessionId ? { officer: { activityAt: b.at + b.device.skewMs, locked: false } } : {};
      list.push({ beat: { deviceTime: b.at + b.device.skewMs, appVersion, outboxDepth: b.outboxDepth, oldestUnsentAt: b.oldestUnsentAt, sessionId: b.sessionId, ...officer }, now: b.at });
    }
    await stats.time('beats', () => store.tx(async (q) => {
      for (const [device, list] of byDevice) await recordHeartbeats(q, device.auth, list);
    }));
    stats.beats += beats.length;
  }

  /** Sends a device's batch in pushes of at most MAX_PUSH_BATCH, each change received at its own time. */
  async #push(device: SimDevice): Promise<void> {
    const pending = this.#buffers.get(device);
    if (!pending?.length) return;
    this.#buffers.set(device, []);
    const { ctx } = this;
    for (let i = 0; i < pending.length; i += MAX_PUSH_BATCH) {
      const chunk = pending.slice(i, i + MAX_PUSH_BATCH);
      const bySeq = new Map(chunk.map((p) => [p.env.seq, p]));
      ctx.clock.now = chunk[0]?.arriveAt ?? ctx.clock.now;
      const replay = { receivedAt: (m: MutationEnvelope) => bySeq.get(m.seq)?.arriveAt ?? ctx.clock.now };
      const request = { deviceId: device.deviceId, mutations: chunk.map((p) => p.env) };
      const { response } = await ctx.stats.time(`push.${device.auth.role}`, () => pushMutations(ctx.deps, device.auth, request, replay));
      const last = chunk[chunk.length - 1];
      if (!last || response.nextSeq !== last.env.seq + 1) {
        throw new Error(`push of ${device.label} stopped at seq ${response.nextSeq}, expected ${(last?.env.seq ?? 0) + 1}`);
      }
      ctx.stats.pushes += 1;
      for (const result of response.results) {
        const sent = bySeq.get(result.seq);
        if (!sent) continue;
        ctx.stats.count(sent.env.name, result.status === 'rejected' ? result.reason.code : null, sent.refusal, result.status === 'rejected' ? result.reason.message : '');
      }
    }
    for (const p of pending) if (p.ticketId && this.#holder.get(p.ticketId) === device) this.#holder.delete(p.ticketId);
  }
}
