/** Who may call what: every endpoint against every kind of caller. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import type { Device } from '../testing/harness.ts';
import { Harness, issue } from '../testing/harness.ts';

type Caller = 'none' | 'garbage' | 'kiosk' | 'counter' | 'display' | 'revoked' | 'supervisor';
const DEVICES = ['kiosk', 'counter', 'display'] as const;

interface Endpoint {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Callers that get past authentication and authorisation. */
  readonly allowed: readonly Caller[];
}

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/device/config', allowed: DEVICES },
  { method: 'POST', path: '/api/sync/push', allowed: ['kiosk', 'counter'] },
  { method: 'GET', path: '/api/sync/pull', allowed: DEVICES },
  { method: 'GET', path: '/api/sync/events', allowed: DEVICES },
  { method: 'POST', path: '/api/counter/sign-in', allowed: ['counter'] },
  { method: 'POST', path: '/api/counter/unlock', allowed: ['counter'] },
  { method: 'POST', path: '/api/counter/sign-out', allowed: ['counter'] },
  { method: 'GET', path: '/api/counter/session', allowed: ['counter'] },
  { method: 'POST', path: '/api/admin/sign-out', allowed: ['supervisor'] },
  { method: 'GET', path: '/api/admin/me', allowed: ['supervisor'] },
  { method: 'POST', path: '/api/admin/enrollments', allowed: ['supervisor'] },
  { method: 'GET', path: '/api/admin/devices', allowed: ['supervisor'] },
  { method: 'POST', path: '/api/admin/devices/00000000-0000-4000-8000-000000000000/revoke', allowed: ['supervisor'] },
  { method: 'GET', path: '/api/admin/officers', allowed: ['supervisor'] },
  { method: 'POST', path: '/api/admin/officers/1001/end-sessions', allowed: ['supervisor'] },
  { method: 'POST', path: '/api/admin/officers/1001/unlock', allowed: ['supervisor'] },
  { method: 'GET', path: '/api/admin/today', allowed: ['supervisor'] },
  { method: 'GET', path: '/api/admin/rejections', allowed: ['supervisor'] },
];

describeEngines('authorisation', (engine) => {
  let h: Harness;
  const tokens = new Map<Caller, string | undefined>();
  let kiosk: Device;

  beforeAll(async () => {
    h = await Harness.open(engine);
    const office = await h.newOffice();
    kiosk = await h.enroll(office, 'kiosk');
    const revoked = await h.enroll(office, 'display');
    const supervisor = await h.supervisor(office);
    await h.call('POST', `/api/admin/devices/${revoked.deviceId}/revoke`, { token: supervisor });
    tokens.set('none', undefined);
    tokens.set('garbage', 'not-a-token');
    tokens.set('kiosk', kiosk.token);
    tokens.set('counter', (await h.enroll(office, 'counter')).token);
    tokens.set('display', (await h.enroll(office, 'display')).token);
    tokens.set('revoked', revoked.token);
    // Signing out would end it: the matrix uses a session only for the sign-out row's own call.
    tokens.set('supervisor', supervisor);
  });
  afterAll(() => h?.close());

  const callers: readonly Caller[] = ['none', 'garbage', 'kiosk', 'counter', 'display', 'revoked', 'supervisor'];

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.method} ${endpoint.path}`, async () => {
      for (const caller of callers) {
        // Run the supervisor last on sign-out: it ends the session the others rely on.
        if (endpoint.path === '/api/admin/sign-out' && caller === 'supervisor') continue;
        const token = tokens.get(caller);
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        const body = endpoint.method === 'POST' ? JSON.stringify({}) : undefined;
        const response = await h.app.request(endpoint.path, { method: endpoint.method, headers, body });
        const status = response.status;
        const text = response.headers.get('content-type')?.includes('event-stream') ? (await response.body?.cancel(), '') : await response.text();
        const label = `${caller} → ${endpoint.method} ${endpoint.path}: ${status} ${text}`;
        const isAdmin = endpoint.path.startsWith('/api/admin/');
        if (endpoint.allowed.includes(caller)) {
          // Past the gate: whatever comes back (200, 400, 404, or 401 session_invalid for a
          // missing officer session) is not an authentication or role refusal.
          const code = text ? ((JSON.parse(text) as Partial<ApiError>).error?.code ?? null) : null;
          expect(['unauthorized', 'device_revoked', 'forbidden'], label).not.toContain(code);
        } else if (caller === 'none' || caller === 'garbage') {
          expect(status, label).toBe(401);
          expect((JSON.parse(text) as ApiError).error.code, label).toBe('unauthorized');
        } else if (caller === 'revoked' && !isAdmin) {
          expect(status, label).toBe(401);
          expect((JSON.parse(text) as ApiError).error.code, label).toBe('device_revoked');
        } else {
          expect(status, label).toBe(403);
          expect((JSON.parse(text) as ApiError).error.code, label).toBe('forbidden');
        }
      }
    });
  }

  it('a kiosk may push ticket.issue only: anything else is rejected as forbidden', async () => {
    const r = await h.push<{ results: { status: string; reason?: { code: string } }[] }>(kiosk, [
      issue(1, kiosk, 1),
      { ...issue(2, kiosk, 2), name: 'counter.open', args: { counterId: 1 } },
    ]);
    expect(r.body.results.map((x) => x.reason?.code ?? x.status)).toEqual(['applied', 'forbidden']);
  });

  it('a signed-out supervisor token no longer works', async () => {
    const token = tokens.get('supervisor');
    expect((await h.call('POST', '/api/admin/sign-out', { token })).status).toBe(200);
    const after = await h.call<ApiError>('GET', '/api/admin/me', { token });
    expect(after.status).toBe(401);
  });
});
