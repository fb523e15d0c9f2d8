/**
 * Sync endpoints: push (outbox → server), pull (server → device copy, by cursor) and the
 * SSE stream that only says "office X is now at version V" so devices know to pull.
 */
import type { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { PokeEvent } from '../../shared/sync/protocol.ts';
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

/** One device's stream: its office's version on every change, a heartbeat comment, until it goes or is revoked. */
async function serveEvents(deps: AppDeps, device: AuthDevice, stream: SSEStreamingApi): Promise<void> {
  let open = true;
  let wake: () => void = () => {};
  const send = (event: PokeEvent): Promise<void> => stream.writeSSE({ event: 'version', data: JSON.stringify(event) });
  // Subscribe before reading the version, so no commit can fall between the two.
  const unsubscribe = deps.pokes.subscribe(device.officeId, (event) => {
    if (open) void send(event).catch(() => {});
  });
  stream.onAbort(() => {
    open = false;
    wake();
  });
  try {
    const rows = await deps.store.query<{ version: number }>('SELECT version FROM offices WHERE office_id = $1', [device.officeId]);
    await send({ officeId: device.officeId, version: rows[0]?.version ?? 0 });
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

async function deviceRevoked(deps: AppDeps, officeId: string, deviceId: string): Promise<boolean> {
  const rows = await deps.store.query<{ revoked: boolean }>(
    'SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE office_id = $1 AND device_id = $2',
    [officeId, deviceId],
  );
  return rows[0]?.revoked ?? true;
}
