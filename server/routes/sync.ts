/**
 * Sync endpoints: push (outbox → server), pull (server → device copy, by cursor) and the
 * SSE stream that only says "office X is now at version V" so devices know to pull.
 */
import type { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { PokeEvent, StreamPage } from '../../shared/sync/protocol.ts';
import type { Queryable } from '../store/index.ts';
import { DEFAULT_PULL_LIMIT, heartbeatRequestSchema, MAX_PULL_LIMIT, pushRequestSchema, rebaseRequestSchema } from '../../shared/sync/protocol.ts';
import { DEVICE_ROLES } from '../../shared/sync/mutations.ts';
import { requireDevice } from '../http/auth.ts';
import type { AppDeps, AppEnv, AuthDevice } from '../http/context.ts';
import { HttpError, readJson } from '../http/errors.ts';
import { UUID_RE } from '../security/secrets.ts';
import { rebaseDevice } from '../sync/restore.ts';
import { methodNotAllowed, queryInt } from '../http/routing.ts';
import { recordHeartbeat } from '../sync/heartbeat.ts';
import { pullChanges } from '../sync/pull.ts';
import { pushMutations } from '../sync/push.ts';

/** A comment line keeps proxies and the client's watchdog from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** Event streams one device may hold open at once. */
export const MAX_STREAMS_PER_DEVICE = 3;

export function registerSyncRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post('/api/sync/push', requireDevice(deps, ['kiosk', 'counter']), async (c) => {
    const body = await readJson(c, pushRequestSchema);
    const { response, changed } = await pushMutations(deps, c.get('device'), body);
    if (changed) deps.pokes.publish({ officeId: c.get('device').officeId, version: response.version });
    // A queue that moved, or a notice just asked for, may make "your turn is near" due.
    if (body.mutations.length > 0) deps.turnNotices.changed(c.get('device').officeId);
    return c.json(response);
  });

  app.get('/api/sync/pull', requireDevice(deps, DEVICE_ROLES), async (c) => {
    const cursor = queryInt(c.req.query('cursor'), 'cursor', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = queryInt(c.req.query('limit'), 'limit', DEFAULT_PULL_LIMIT, 1, MAX_PULL_LIMIT);
    const { officeId, deviceId, role } = c.get('device');
    const now = deps.clock();
    // Only counters submit transactions: kiosks and boards skip looking for their results.
    const submitter = role === 'counter' ? deviceId : null;
    const epoch = c.req.query('epoch');
    if (epoch !== undefined && epoch !== '' && !UUID_RE.test(epoch)) throw new HttpError(400, 'invalid_request', 'epoch: must be a UUID');
    return c.json(await deps.store.tx((q) => pullChanges(q, { officeId, deviceId: submitter, reader: deviceId, cursor, limit, now, ...(epoch === undefined ? {} : { epoch }) })));
  });

  app.post('/api/sync/heartbeat', requireDevice(deps, DEVICE_ROLES), async (c) => {
    const body = await readJson(c, heartbeatRequestSchema);
    const device = c.get('device');
    const now = deps.clock();
    return c.json(await deps.store.tx((q) => recordHeartbeat(q, device, body, now)));
  });

  app.post('/api/sync/rebase', requireDevice(deps, ['kiosk', 'counter']), async (c) => {
    const body = await readJson(c, rebaseRequestSchema);
    const device = c.get('device');
    const now = deps.clock();
    return c.json(await deps.store.tx((q) => rebaseDevice(q, device, body, now)));
  });

  // Open event streams per device: a device needs one (a second while it reconnects); more
  // is a bug or someone holding connections open, and each costs the server.
  const streams = new Map<string, number>();
  app.get('/api/sync/events', requireDevice(deps, DEVICE_ROLES), (c) => {
    const device = c.get('device');
    const open = streams.get(device.deviceId) ?? 0;
    if (open >= MAX_STREAMS_PER_DEVICE) {
      throw new HttpError(429, 'too_many_streams', `this device already has ${open} event streams open`, { retryAfterSeconds: 30 });
    }
    streams.set(device.deviceId, open + 1);
    const release = (): void => {
      const n = (streams.get(device.deviceId) ?? 1) - 1;
      if (n <= 0) streams.delete(device.deviceId);
      else streams.set(device.deviceId, n);
    };
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      try {
        await serveEvents(deps, device, stream);
      } finally {
        release();
      }
    });
  });

  methodNotAllowed(app, ['/api/sync/push', '/api/sync/pull', '/api/sync/heartbeat', '/api/sync/rebase', '/api/sync/events']);
}

/** A poke carries its change when the change is at most this many rows (else the device pulls). */
export const STREAM_PAGE_LIMIT = 200;

/**
 * One device's stream: its office's version on every change, a heartbeat comment, until it
 * goes or is revoked. A change comes with the poke itself (`changes`: what the device's pull
 * from the version this stream last told it of would answer), so a board shows a call
 * without a round trip of its own; a change too big for that, or a device that is behind,
 * gets the plain `version` poke and pulls.
 */
async function serveEvents(deps: AppDeps, device: AuthDevice, stream: SSEStreamingApi): Promise<void> {
  let open = true;
  let wake: () => void = () => {};
  // The version this stream last told the device of; the next page starts there.
  let told = 0;
  // Pokes are handled one after another, in order (a page is read from the store).
  let queue: Promise<void> = Promise.resolve();
  const submitter = device.role === 'counter' ? device.deviceId : null;
  const tell = async (event: PokeEvent): Promise<void> => {
    if (!open || event.version <= told) return;
    const from = told;
    const page = await deps.store.tx(async (q) =>
      (await deviceRevoked(deps, device.officeId, device.deviceId, q))
        ? null
        : pullChanges(q, { officeId: device.officeId, deviceId: submitter, reader: device.deviceId, cursor: from, limit: STREAM_PAGE_LIMIT, now: deps.clock() }),
    );
    if (!open) return;
    if (page === null) {
      await stream.writeSSE({ event: 'revoked', data: JSON.stringify({ deviceId: device.deviceId }) });
      open = false;
      wake();
      return;
    }
    if (page.reset || page.more) {
      told = Math.max(told, event.version);
      await stream.writeSSE({ event: 'version', data: JSON.stringify(event) });
      return;
    }
    told = page.cursor;
    const message: StreamPage = { officeId: device.officeId, version: page.cursor, from, page };
    await stream.writeSSE({ event: 'changes', data: JSON.stringify(message) });
  };
  // Subscribe before reading the version, so no commit can fall between the two.
  const unsubscribe = deps.pokes.subscribe(device.officeId, (event) => {
    queue = queue.then(() => tell(event)).catch(() => {});
  });
  stream.onAbort(() => {
    open = false;
    wake();
  });
  try {
    const rows = await deps.store.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1', [device.officeId]);
    const version = rows[0]?.version ?? 0;
    // The first event is a plain poke: the device pulls up to it, and pages start there.
    queue = queue.then(async () => {
      if (told > 0) return;
      told = version;
      await stream.writeSSE({ event: 'version', data: JSON.stringify({ officeId: device.officeId, version } satisfies PokeEvent) });
    });
    await queue;
    while (open) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, HEARTBEAT_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (!open) break;
      if (await deviceRevoked(deps, device.officeId, device.deviceId)) {
        await stream.writeSSE({ event: 'revoked', data: JSON.stringify({ deviceId: device.deviceId }) });
        break;
      }
      await stream.write(': heartbeat\n\n');
    }
  } finally {
    open = false;
    unsubscribe();
  }
}

async function deviceRevoked(deps: AppDeps, officeId: string, deviceId: string, q: Queryable = deps.store): Promise<boolean> {
  const rows = await q.query<{ revoked: boolean }>(
    'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE office_id = $1 AND device_id = $2',
    [officeId, deviceId],
  );
  return rows[0]?.revoked ?? true;
}
