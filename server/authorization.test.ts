/**
 * Issue 12, proofs: who may call what, walked from the app's own route table and the
 * mutation map, so a route or a mutation added later without an entry here fails this test
 * instead of going unchecked. Every route is called by every kind of caller: a refused one
 * gets 401 or 403 (never a 2xx, never a 5xx), an allowed one is never refused for who it is.
 * Every mutation is pushed by every kind of device: only its role (with an officer session
 * where one is needed) gets past `forbidden` / `session_invalid`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MUTATION_NAMES, mutationRights, type MutationName } from '../shared/sync/mutations.ts';
import type { PushResponse } from '../shared/sync/protocol.ts';
import type { createApp } from './app.ts';
import { DEMO_DIRECTOR } from './seed.ts';
import { describeEngines } from './testing/engines.ts';
import { envelope, Harness, type Device } from './testing/harness.ts';

type Caller =
  | 'anyone' | 'kiosk' | 'display' | 'counter' | 'officer' | 'supervisor' | 'director' | 'officerTokenAsBearer'
  // An establishment's API key for the establishment the paths name, and another establishment's key.
  | 'establishment' | 'otherEstablishment';
const CALLERS: readonly Caller[] = [
  'anyone', 'kiosk', 'display', 'counter', 'officer', 'supervisor', 'director', 'officerTokenAsBearer', 'establishment', 'otherEstablishment',
];

const PUBLIC: readonly Caller[] = CALLERS;
const DEVICES: readonly Caller[] = ['kiosk', 'display', 'counter', 'officer'];
const COUNTER: readonly Caller[] = ['counter', 'officer'];
const OFFICER: readonly Caller[] = ['officer'];
const CONSOLE_READ: readonly Caller[] = ['supervisor', 'director'];
const CONSOLE_WRITE: readonly Caller[] = ['supervisor'];
const ESTABLISHMENT: readonly Caller[] = ['establishment'];

/** Who may call each route. A route of the app missing here fails the test. */
const ACCESS: Record<string, readonly Caller[]> = {
  'GET /api/health': PUBLIC,
  // Only the SMS gateway, with its report key (none of the callers here has it).
  'POST /api/notifications/delivery-reports': [],
  // Only the border feed, with its key.
  'POST /api/border-events': [],
  'GET /api/public/tickets/:code': PUBLIC,
  'POST /api/public/tickets/:code/leave': PUBLIC,
  'POST /api/public/tickets/:code/answer': PUBLIC,
  'POST /api/public/tickets/:code/survey': PUBLIC,
  'GET /api/public/receipts/:code': PUBLIC,
  'GET /v/:code': PUBLIC,
  'POST /api/devices/enroll': PUBLIC,
  'POST /api/admin/sign-in': PUBLIC,

  'GET /api/device/config': DEVICES,
  'GET /api/sync/pull': DEVICES,
  'POST /api/sync/push': ['kiosk', 'counter', 'officer'], // a board writes nothing
  'POST /api/sync/heartbeat': DEVICES,
  'POST /api/sync/rebase': ['kiosk', 'counter', 'officer'],
  'GET /api/sync/events': DEVICES,
  'GET /api/kiosk/day': ['kiosk'],
  'GET /api/device/seal-key': ['kiosk', 'counter', 'officer'],

  'POST /api/counter/sign-in': COUNTER,
  'GET /api/counter/session': OFFICER,
  'POST /api/counter/unlock': OFFICER,
  'POST /api/counter/sign-out': OFFICER,
  'GET /api/counter/tickets/:ticketId/identity': OFFICER,
  'GET /api/counter/residents': OFFICER,
  'GET /api/counter/residents/:idNumber': OFFICER,
  'GET /api/counter/visas/:visaNumber': OFFICER,
  'POST /api/counter/security-codes': OFFICER,
  'POST /api/counter/security-codes/:codeId/verify': OFFICER,
  // Also need a one-time code verified for the establishment (428 without one: not a refusal of who).
  'GET /api/counter/establishments/:establishmentId/notices': OFFICER,
  'PUT /api/counter/establishments/:establishmentId/notices': OFFICER,
  'GET /api/counter/establishments/:establishmentId/report': OFFICER,

  'POST /api/admin/sign-out': CONSOLE_READ,
  'GET /api/admin/me': CONSOLE_READ,
  'GET /api/admin/today': CONSOLE_READ,
  'GET /api/admin/devices': CONSOLE_READ,
  'GET /api/admin/officers': CONSOLE_READ,
  'GET /api/admin/rejections': CONSOLE_READ,
  'GET /api/admin/appointments': CONSOLE_READ,
  'GET /api/admin/audit': CONSOLE_READ,
  'GET /api/admin/messages': CONSOLE_READ,
  'POST /api/admin/messages/:id/resend': CONSOLE_WRITE,
  'GET /api/admin/config': CONSOLE_READ,
  'GET /api/admin/offices': CONSOLE_READ,
  'GET /api/admin/floor': CONSOLE_READ,
  'GET /api/admin/metrics': CONSOLE_READ,
  'GET /api/admin/scorecard': CONSOLE_READ,
  'GET /api/admin/scorecards': ['director'], // every office side by side
  'GET /api/admin/export/:file': CONSOLE_READ,
  'GET /api/admin/events': CONSOLE_READ,
  'POST /api/admin/alerts': CONSOLE_WRITE,
  'POST /api/admin/appointments': CONSOLE_WRITE,
  'PUT /api/admin/config/:part': CONSOLE_WRITE,
  'PUT /api/admin/devices/:id/label': CONSOLE_WRITE,
  'POST /api/admin/devices/:id/revoke': CONSOLE_WRITE,
  'POST /api/admin/enrollments': CONSOLE_WRITE,
  'POST /api/admin/officers': CONSOLE_WRITE,
  'POST /api/admin/officers/:badge/deactivate': CONSOLE_WRITE,
  'POST /api/admin/officers/:badge/reactivate': CONSOLE_WRITE,
  'POST /api/admin/officers/:badge/reset-pin': CONSOLE_WRITE,
  'POST /api/admin/officers/:badge/end-sessions': CONSOLE_WRITE,
  'POST /api/admin/officers/:badge/unlock': CONSOLE_WRITE,
  'GET /api/admin/establishment-keys': CONSOLE_READ,
  'POST /api/admin/establishment-keys': CONSOLE_WRITE,
  'POST /api/admin/establishment-keys/:id/revoke': CONSOLE_WRITE,

  'GET /api/establishments/:establishmentId/subscriptions': ESTABLISHMENT,
  'PUT /api/establishments/:establishmentId/subscriptions': ESTABLISHMENT,
  'GET /api/establishments/:establishmentId/subscriptions/:idNumber': ESTABLISHMENT,
  'PUT /api/establishments/:establishmentId/subscriptions/:idNumber': ESTABLISHMENT,
  'DELETE /api/establishments/:establishmentId/subscriptions/:idNumber': ESTABLISHMENT,
  'GET /api/establishments/:establishmentId/contacts': ESTABLISHMENT,
  'PUT /api/establishments/:establishmentId/contacts': ESTABLISHMENT,
  'GET /api/establishments/:establishmentId/report': ESTABLISHMENT,
};

/** Plausible values for path parameters: the walk is about who, not about what. */
const PARAMS: Record<string, string> = {
  code: 'ABCDEFGHJK',
  ticketId: '00000000-0000-4000-8000-000000000001',
  codeId: '00000000-0000-4000-8000-000000000002',
  id: '00000000-0000-4000-8000-000000000003',
  idNumber: '2100000005',
  visaNumber: '6100000000',
  badge: '1008',
  part: 'targets',
  file: 'tickets.csv',
  establishmentId: '7010000000',
};

/** Two establishments in the registry, each with a key a supervisor issued. */
async function establishmentKeys(h: Harness, supervisor: string): Promise<{ own: string; other: string }> {
  const keys: string[] = [];
  for (const id of [PARAMS.establishmentId ?? '', '7010007919']) {
    await h.store.query(`INSERT INTO establishments (establishment_id, record) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING`, [
      id,
      JSON.stringify({ establishmentId: id, name: { ar: 'مؤسسة', en: 'Est.' }, subscription: { kind: 'comprehensive' } }),
    ]);
    const r = await h.call<{ key: string }>('POST', '/api/admin/establishment-keys', { token: supervisor, body: { establishmentId: id } });
    if (r.status !== 201) throw new Error(`issuing a key failed: ${r.status} ${JSON.stringify(r.body)}`);
    keys.push(r.body.key);
  }
  return { own: keys[0] ?? '', other: keys[1] ?? '' };
}

/** The app's API routes, as Hono registered them (middleware and catch-alls left out). */
function appRoutes(app: ReturnType<typeof createApp>): string[] {
  const keys = app.routes
    .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.includes('*'))
    .filter((r) => r.path.startsWith('/api/') || r.path.startsWith('/v/'))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

describeEngines('who may call what', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  it('names every route of the app, and nothing that is not one', () => {
    const routes = appRoutes(h.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in ACCESS)), 'routes with no entry in ACCESS').toEqual([]);
    expect(Object.keys(ACCESS).filter((r) => !routes.includes(r)), 'entries for routes that do not exist').toEqual([]);
  });

  it('answers every route to every caller: the refused get 401 or 403, nobody a 5xx', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const counter = await h.enroll(office, 'counter');
    const officerAt = await h.enroll(office, 'counter');
    const session = await h.signIn(officerAt, '1001', 1);
    const supervisor = await h.supervisor(office);
    const director = (
      await h.call<{ token: string }>('POST', '/api/admin/sign-in', { body: { username: DEMO_DIRECTOR.username, password: DEMO_DIRECTOR.password, officeId: office } })
    ).body.token;
    const establishments = await establishmentKeys(h, supervisor);
    const auth: Record<Caller, { token?: string; headers?: Record<string, string> }> = {
      anyone: {},
      kiosk: { token: kiosk.token },
      display: { token: display.token },
      counter: { token: counter.token },
      officer: { token: officerAt.token, headers: { 'x-officer-session': session.token } },
      supervisor: { token: supervisor },
      director: { token: director },
      officerTokenAsBearer: { token: session.token },
      establishment: { token: establishments.own },
      otherEstablishment: { token: establishments.other },
    };
    const problems: string[] = [];
    for (const route of appRoutes(h.app)) {
      const [method = 'GET', pattern = '/'] = route.split(' ');
      const path = pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => PARAMS[name] ?? 'x');
      for (const caller of CALLERS) {
        // Signing out and revoking end what the later calls need: the walk leaves them to the last caller's own tests.
        if (/sign-out|revoke|end-sessions|deactivate/.test(route) && ACCESS[route]?.includes(caller)) continue;
        const response = await h.app.request(path, {
          method,
          headers: {
            ...(auth[caller].token ? { authorization: `Bearer ${auth[caller].token}` } : {}),
            ...auth[caller].headers,
            ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        const status = response.status;
        await response.body?.cancel(); // event streams stay open otherwise
        const allowed = ACCESS[route]?.includes(caller) ?? false;
        if (status >= 500) problems.push(`${route} as ${caller}: ${status}`);
        else if (!allowed && status !== 401 && status !== 403) problems.push(`${route} as ${caller}: ${status}, should be refused`);
        else if (allowed && (status === 401 || status === 403)) problems.push(`${route} as ${caller}: ${status}, should be let through`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets only the right device, with an officer where one is needed, send each change', async () => {
    const office = await h.newOffice();
    const devices: Record<'kiosk' | 'display' | 'counter' | 'officer', { device: Device; session: string | null }> = {
      kiosk: { device: await h.enroll(office, 'kiosk'), session: null },
      display: { device: await h.enroll(office, 'display'), session: null },
      counter: { device: await h.enroll(office, 'counter'), session: null },
      officer: { device: await h.enroll(office, 'counter'), session: null },
    };
    devices.officer.session = (await h.signIn(devices.officer.device, '1002', 2)).sessionId;
    const problems: string[] = [];
    const seqs = new Map<Device, number>();
    for (const name of MUTATION_NAMES as readonly MutationName[]) {
      const rights = mutationRights[name];
      for (const [kind, { device, session }] of Object.entries(devices)) {
        const seq = (seqs.get(device) ?? 0) + 1;
        seqs.set(device, seq);
        const pushed = await h.push<PushResponse>(device, [envelope(seq, name, {}, session)]);
        // A board may not push at all: refused for the whole request.
        const result = pushed.status === 403 ? null : pushed.body.results[0];
        const code = result === null ? 'forbidden' : result?.status === 'rejected' ? result.reason.code : 'applied';
        const mayRole = rights.role === device.role;
        const mayOfficer = !rights.officer || kind === 'officer';
        const expected = !mayRole ? 'forbidden' : !mayOfficer ? 'session_invalid' : 'invalid_args';
        if (code !== expected) problems.push(`${name} from ${kind}: ${code}, expected ${expected}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
