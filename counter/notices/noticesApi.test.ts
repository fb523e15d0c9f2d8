/** The notices actors over a fake fetch: the paths, the code's id on every establishment call, and refusals with their numbers. */
import { describe, expect, it } from 'vitest';
import { createActor, toPromise, type AnyActorLogic } from 'xstate';
import { noticesActors } from './noticesApi.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(answer: (seen: Seen) => { status: number; body: unknown }) {
  const calls: Seen[] = [];
  const impl: typeof fetch = async (url, init) => {
    const seen = {
      method: init?.method ?? 'GET',
      url: String(url),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined,
    };
    calls.push(seen);
    const { status, body } = answer(seen);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, impl };
}

const run = (logic: AnyActorLogic, input: unknown) => toPromise(createActor(logic, { input }).start());

describe('notices actors', () => {
  it('call the counter routes with the session and the verified code', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 200, body: { ok: true } }));
    const actors = noticesActors('dev-token', async () => 'session-token', impl);
    await run(actors.sendCode, { establishmentId: '7010000000', transactionId: 't1' });
    await run(actors.load, { establishmentId: '7010000000', codeId: 'c1' });
    await run(actors.save, { establishmentId: '7010000000', codeId: 'c1', change: { unsubscribe: ['2000000212'] } });
    await run(actors.report, { establishmentId: '7010000000', codeId: 'c1' });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/counter/security-codes',
      'GET /api/counter/establishments/7010000000/notices',
      'PUT /api/counter/establishments/7010000000/notices',
      'GET /api/counter/establishments/7010000000/report',
    ]);
    expect(calls[0]?.body).toEqual({ establishmentId: '7010000000', transactionId: 't1' });
    expect(calls[2]?.body).toEqual({ unsubscribe: ['2000000212'] });
    expect(calls.slice(1).every((c) => c.headers['x-security-code'] === 'c1' && c.headers['x-officer-session'] === 'session-token')).toBe(true);
    expect(calls.every((c) => c.headers.authorization === 'Bearer dev-token')).toBe(true);
  });

  it('fail with the store’s code and the numbers it names', async () => {
    const { impl } = fakeFetch(() => ({
      status: 422,
      body: { error: { code: 'not_sponsored', message: 'nothing was changed', details: { notSponsored: ['2000000238', '2000000246'], unknown: [] } } },
    }));
    const actors = noticesActors('dev-token', async () => 'session-token', impl);
    await expect(run(actors.save, { establishmentId: '7010000000', codeId: 'c1', change: {} })).rejects.toMatchObject({
      code: 'not_sponsored',
      params: { status: 422, notSponsored: '2000000238, 2000000246', unknown: '' },
    });
    const signedOut = noticesActors('dev-token', async () => null, impl);
    await expect(run(signedOut.load, { establishmentId: '7010000000', codeId: 'c1' })).rejects.toMatchObject({ code: 'session_invalid' });
  });
});
