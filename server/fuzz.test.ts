/**
 * Issue 12, proofs: a seeded, bounded fuzz of every route and every mutation. Requests with
 * random path parameters, query strings and bodies (JSON of any shape, or not JSON at all)
 * from every kind of caller: the store never answers 5xx, and a refused request changes
 * nothing a person would see (the audit log and failed-attempt counters record refusals
 * by design, and are left out). Mutations with random arguments are refused one by one
 * and apply nothing. `FUZZ_SEED` replays a run; `FUZZ_RUNS` makes it longer.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MUTATION_NAMES } from '../shared/sync/mutations.ts';
import type { PushResponse } from '../shared/sync/protocol.ts';
import { describeEngines } from './testing/engines.ts';
import { envelope, Harness, issue } from './testing/harness.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** What a person could see change: versions and row counts of everything but logs and counters of refusals. */
async function digest(h: Harness, office: string): Promise<string> {
  const [row] = await h.store.query<Record<string, unknown>>(
    `SELECT o.version, o.config_version, md5(o.config::text) AS config,
            (SELECT count(*) FROM tickets WHERE office_id = $1) AS tickets,
            (SELECT md5(string_agg(ticket_id::text || status || version::text, ',' ORDER BY ticket_id)) FROM tickets WHERE office_id = $1) AS ticket_states,
            (SELECT count(*) FROM appointments WHERE office_id = $1) AS appointments,
            (SELECT count(*) FROM transactions WHERE office_id = $1) AS transactions,
            (SELECT md5(string_agg(badge || pin_hash || coalesce(deactivated_at::text, ''), ',' ORDER BY badge)) FROM officers WHERE office_id = $1) AS officers,
            (SELECT md5(string_agg(device_id::text || coalesce(label, '') || coalesce(revoked_at::text, ''), ',' ORDER BY device_id)) FROM devices WHERE office_id = $1) AS devices,
            (SELECT count(*) FROM officer_sessions WHERE office_id = $1 AND ended_at IS NULL) AS officer_sessions,
            (SELECT count(*) FROM supervisor_sessions WHERE office_id = $1 AND ended_at IS NULL) AS supervisor_sessions,
            (SELECT count(*) FROM enrollment_codes WHERE office_id = $1) AS enrollments,
            (SELECT count(*) FROM security_codes WHERE office_id = $1) AS codes,
            (SELECT count(*) FROM ticket_surveys WHERE office_id = $1) AS surveys,
            (SELECT count(*) FROM establishment_api_keys WHERE office_id = $1 AND revoked_at IS NULL) AS establishment_keys,
            (SELECT md5(string_agg(establishment_id || coalesce(mobile, '') || coalesce(email, '') || language, ',' ORDER BY establishment_id))
               FROM establishment_notice_settings) AS establishment_contacts,
            (SELECT md5(string_agg(establishment_id || id_number || array_to_string(events, ','), ',' ORDER BY establishment_id, id_number))
               FROM establishment_subscriptions) AS subscriptions,
            (SELECT count(*) FROM border_events) AS border_events
       FROM offices o WHERE o.office_id = $1`,
    [office],
  );
  return JSON.stringify(row);
}

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '0', '-1', '2100000005', 'ABCDEFGHJK', '../../etc/passwd', '%00', '9'.repeat(30), 'null', '{}'));
const json = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ pin: text, badge: text, counterId: fc.oneof(fc.integer(), fc.double(), text) }, { requiredKeys: [] }),
  fc.dictionary(fc.constantFrom('username', 'password', 'code', 'idNumber', 'transactionId', 'score', 'lastSeq', 'label', 'role', 'slotAt', 'sectionId'), fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))),
);

describeEngines('fuzz of every route and mutation', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  it(`answers random requests from every caller without a 5xx, and a refused one changes nothing (seed ${SEED})`, async () => {
    console.log(`fuzz on ${engine.name}: seed ${SEED}, ${RUNS} requests (replay with FUZZ_SEED=${SEED})`);
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1001', 1);
    const supervisor = await h.supervisor(office);
    const t = issue(1, kiosk, 1);
    await h.push(kiosk, [t]);
    // An establishment with a key, one person it sponsors and contacts: its API's random calls reach its handlers.
    await h.store.query(`INSERT INTO establishments (establishment_id, record) VALUES ('7010000000', $1::jsonb) ON CONFLICT DO NOTHING`, [
      JSON.stringify({ establishmentId: '7010000000', name: { ar: 'مؤسسة', en: 'Est.' }, subscription: { kind: 'comprehensive' } }),
    ]);
    const establishmentKey = (await h.call<{ key: string }>('POST', '/api/admin/establishment-keys', { token: supervisor, body: { establishmentId: '7010000000' } })).body.key;
    await h.call('PUT', '/api/establishments/7010000000/contacts', { token: establishmentKey, body: { mobile: '0512345678' } });
    const tokens: { token?: string; headers?: Record<string, string> }[] = [
      {},
      { token: kiosk.token },
      { token: display.token },
      { token: counter.token },
      { token: counter.token, headers: { 'x-officer-session': session.token } },
      { token: supervisor },
      { token: 'sup_forged' },
      { token: establishmentKey },
    ];
    const routes = [...new Set(h.app.routes
      .filter((r) => ['GET', 'POST', 'PUT'].includes(r.method) && (r.path.startsWith('/api/') || r.path.startsWith('/v/')) && !r.path.includes('*'))
      // Signing out and revoking end what the rest of the run needs; their refusals are walked in authorization.test.ts.
      .filter((r) => !/sign-out|revoke|end-sessions|events$/.test(r.path))
      .map((r) => `${r.method} ${r.path}`))];
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.nat(tokens.length - 1),
        // A path parameter is sometimes the establishment the key opens, so its handlers (not only its refusal) are fuzzed.
        fc.array(fc.oneof(text, fc.constant('7010000000')), { minLength: 3, maxLength: 3 }),
        fc.dictionary(fc.constantFrom('cursor', 'limit', 'reason', 'from', 'to', 'day', 'office', 'name', 'epoch', 'shift', 'service'), text, { maxKeys: 3 }),
        fc.oneof(json.map((v) => JSON.stringify(v)), text),
        async (route, who, params, query, body) => {
          const [method = 'GET', pattern = '/'] = route.split(' ');
          let i = 0;
          const path = pattern.replace(/:[a-zA-Z]+/g, () => encodeURIComponent(params[i++] ?? ''));
          const search = new URLSearchParams(query).toString();
          const caller = tokens[who] ?? {};
          const before = await digest(h, office);
          const response = await h.app.request(`${path}${search ? `?${search}` : ''}`, {
            method,
            headers: { ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}), ...caller.headers, 'content-type': 'application/json' },
            ...(method === 'GET' ? {} : { body }),
          });
          await response.body?.cancel();
          if (response.status >= 500) problems.push(`${method} ${path}?${search} ${body.slice(0, 80)} → ${response.status}`);
          if (response.status >= 400 && (await digest(h, office)) !== before) problems.push(`${method} ${path} refused (${response.status}) but changed the office`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(problems).toEqual([]);
  });

  it(`refuses random changes one by one and applies none of them (seed ${SEED})`, async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const counter = await h.enroll(office, 'counter');
    const session = await h.signIn(counter, '1002', 2);
    let kioskSeq = 0;
    let counterSeq = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...MUTATION_NAMES, 'ticket.unknown', ''), json, fc.boolean(), async (name, args, fromKiosk) => {
        const before = await digest(h, office);
        const device = fromKiosk ? kiosk : counter;
        const seq = fromKiosk ? ++kioskSeq : ++counterSeq;
        const pushed = await h.push<PushResponse>(device, [envelope(seq, name, args, fromKiosk ? null : session.sessionId)]);
        expect(pushed.status).toBe(200);
        const [result] = pushed.body.results;
        expect(result?.seq).toBe(seq);
        if (result?.status === 'rejected') expect(await digest(h, office)).toBe(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
