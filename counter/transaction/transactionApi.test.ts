/** The desk's calls over a fake fetch: each is a route of the REST contract, with the officer's session, and fails as CounterError. */
import { describe, expect, it } from 'vitest';
import { createTransactionApi } from './transactionApi.ts';

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

describe('transaction api', () => {
  it('calls the registry, code and sealing-key routes with the session', async () => {
    const { calls, impl } = fakeFetch((seen) => ({ status: 200, body: seen.url.endsWith('seal-key') ? { sealKey: 'KEY' } : { results: [], more: false } }));
    const api = createTransactionApi('dev-token', impl);
    await api.person('session-token', 'idNumber', '2000000212', 'ticket M1-042');
    await api.person('session-token', 'visaNumber', '1234567890', 'ticket M1-042');
    await api.search('session-token', 'محمد علي', 'ticket M1-042');
    await api.sendCode('session-token', { idNumber: '2000000212', transactionId: 't1' });
    await api.verifyCode('session-token', 'c/1', '123456');
    expect(await api.sealKey()).toBe('KEY');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/counter/residents/2000000212?reason=ticket%20M1-042',
      'GET /api/counter/visas/1234567890?reason=ticket%20M1-042',
      `GET /api/counter/residents?name=${encodeURIComponent('محمد علي')}&reason=ticket%20M1-042`,
      'POST /api/counter/security-codes',
      'POST /api/counter/security-codes/c%2F1/verify',
      'GET /api/device/seal-key',
    ]);
    expect(calls[3]?.body).toEqual({ idNumber: '2000000212', transactionId: 't1' });
    expect(calls[4]?.body).toEqual({ code: '123456' });
    expect(calls.slice(0, 5).every((c) => c.headers['x-officer-session'] === 'session-token')).toBe(true);
    expect(calls[5]?.headers['x-officer-session']).toBeUndefined();
    expect(calls.every((c) => c.headers.authorization === 'Bearer dev-token')).toBe(true);
  });

  it('fails with the store’s code, or offline', async () => {
    const { impl } = fakeFetch(() => ({ status: 404, body: { error: { code: 'person_unknown', message: 'no one with this number' } } }));
    await expect(createTransactionApi('dev-token', impl).person('s', 'idNumber', '2000000212', 'ticket M1-042')).rejects.toMatchObject({
      code: 'person_unknown',
      params: { status: 404 },
    });
    const down: typeof fetch = async () => {
      throw new TypeError('network down');
    };
    await expect(createTransactionApi('dev-token', down).sealKey()).rejects.toMatchObject({ code: 'offline' });
  });
});
