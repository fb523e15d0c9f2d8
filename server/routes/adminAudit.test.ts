/** The audit log read back in the console: newest first, filtered, paged, and strict about its parameters. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError } from '../../shared/sync/protocol.ts';
import { audit } from '../audit.ts';
import { describeEngines } from '../testing/engines.ts';
import { Harness, T0 } from '../testing/harness.ts';

interface Entry {
  auditId: number;
  at: number;
  actorKind: string;
  actorId: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

interface Page {
  entries: Entry[];
  nextBefore: number | null;
}

const DAY_MS = 86_400_000;

describeEngines('admin audit log API', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const read = (token: string, query = '') => h.call<Page & ApiError>('GET', `/api/admin/audit${query}`, { token });

  /** An office with a known history: lookups by two officers on two days, one setting changed. */
  async function officeWithHistory(): Promise<{ office: string; sup: string }> {
    const office = await h.newOffice();
    await h.store.tx(async (q) => {
      const at = (days: number, minutes: number) => T0 + days * DAY_MS + minutes * 60_000;
      await audit(q, { officeId: office, at: at(-1, 0), actorKind: 'officer', actorId: '1001', action: 'person.lookup', subject: '2100000005', details: { reason: 'renewal' } });
      await audit(q, { officeId: office, at: at(-1, 5), actorKind: 'officer', actorId: '1002', action: 'person.search', subject: null, details: { results: 3 } });
      await audit(q, { officeId: office, at: at(0, 0), actorKind: 'officer', actorId: '1001', action: 'person.lookup', subject: '2100012372', details: {} });
      await audit(q, { officeId: office, at: at(0, 1), actorKind: 'supervisor', actorId: 'supervisor', action: 'config.changed', subject: 'hours', details: { part: 'hours' } });
    });
    return { office, sup: await h.supervisor(office) };
  }

  it('lists newest first and filters by day, actor, kind of action and subject', async () => {
    const { sup } = await officeWithHistory();
    const all = await read(sup);
    expect(all.status).toBe(200);
    // The supervisor's own sign-in (just now) is the newest entry.
    expect(all.body.entries.map((e) => e.action)).toEqual(['supervisor.signedIn', 'config.changed', 'person.lookup', 'person.search', 'person.lookup', 'office.seeded']);
    expect(all.body.nextBefore).toBeNull();
    expect(all.body.entries[2]).toMatchObject({ actorKind: 'officer', actorId: '1001', subject: '2100012372', at: T0 });

    const yesterday = await read(sup, '?from=2026-02-28&to=2026-02-28');
    expect(yesterday.body.entries.map((e) => e.action)).toEqual(['person.search', 'person.lookup']);
    const today = await read(sup, '?from=2026-03-01');
    expect(today.body.entries.map((e) => e.action)).toEqual(['supervisor.signedIn', 'config.changed', 'person.lookup', 'office.seeded']);
    const lookups = await read(sup, '?action=person.');
    expect(lookups.body.entries.map((e) => e.subject)).toEqual(['2100012372', null, '2100000005']);
    const exact = await read(sup, '?action=person.lookup,config.changed&actor=1001');
    expect(exact.body.entries.map((e) => e.subject)).toEqual(['2100012372', '2100000005']);
    const subject = await read(sup, '?subject=2100000005');
    expect(subject.body.entries.map((e) => e.details)).toEqual([{ reason: 'renewal' }]);
  });

  it('pages by audit id without repeating or losing an entry when new ones arrive', async () => {
    const { office, sup } = await officeWithHistory();
    const first = await read(sup, '?limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.entries[1]?.auditId);
    await h.store.tx((q) => audit(q, { officeId: office, at: h.now, actorKind: 'system', actorId: 'test', action: 'test.meanwhile' }));
    const rest: Entry[] = [];
    for (let before = first.body.nextBefore; before !== null; ) {
      const page = await read(sup, `?limit=2&before=${before}`);
      rest.push(...page.body.entries);
      before = page.body.nextBefore;
    }
    const ids = [...first.body.entries, ...rest].map((e) => e.auditId);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(rest.map((e) => e.action)).not.toContain('test.meanwhile');
    expect(ids).toHaveLength(6);
  });

  it('refuses bad parameters with 400 naming the parameter', async () => {
    const { sup } = await officeWithHistory();
    const cases: [string, RegExp][] = [
      ['?from=2024-02-30', /^from: must be a real date/],
      ['?to=2026-13-01', /^to: must be a real date/],
      ['?from=01-03-2026', /^from:/],
      ['?from=2026-03-02&to=2026-03-01', /^to: must not be before from/],
      ['?limit=0', /^limit:/],
      ['?limit=500', /^limit:/],
      ['?before=abc', /^before:/],
      ['?action=person.%25', /^action:/],
      ['?action=drop table', /^action:/],
      [`?actor=${'x'.repeat(65)}`, /^actor:/],
    ];
    for (const [query, message] of cases) {
      const r = await read(sup, query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.message, query).toMatch(message);
    }
  });

  it('shows an office its own log only; a director may name any office', async () => {
    const { office } = await officeWithHistory();
    const other = await h.newOffice();
    const sup = await h.supervisor(other);
    expect((await read(sup, `?office=${office}`)).status).toBe(403);
    expect((await read(sup)).body.entries.some((e) => e.action.startsWith('person.'))).toBe(false);
    const director = (await h.call<{ token: string }>('POST', '/api/admin/sign-in', { body: { username: 'director', password: 'pilot-2026', officeId: other } })).body.token;
    const theirs = await read(director, `?office=${office}&action=person.`);
    expect(theirs.body.entries).toHaveLength(3);
    expect((await h.call('GET', '/api/admin/audit')).status).toBe(401);
  });
});
