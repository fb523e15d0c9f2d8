import { describe, expect, it } from 'vitest';
import { routes, send } from './contract.ts';
import { ApiRequestError, request } from './request.ts';

function answering(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return async (url, init) => {
    seen.url = String(url);
    seen.init = init;
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

describe('request', () => {
  it('sends the bearer token and a JSON body, and returns the parsed answer', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const answer = await request<{ ok: boolean }>('/api/x', { method: 'POST', token: 't0k', body: { a: 1 }, baseUrl: 'http://h', fetch: answering(200, { ok: true }, seen) });
    expect(answer).toEqual({ ok: true });
    expect(seen.url).toBe('http://h/api/x');
    expect(seen.init?.headers).toEqual({ authorization: 'Bearer t0k', 'content-type': 'application/json' });
    expect(seen.init?.body).toBe('{"a":1}');
  });

  it("turns the server's error body into a typed error with code and status", async () => {
    const error = await request('/api/x', { fetch: answering(409, { error: { code: 'taken', message: 'no', details: { n: 1 } } }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: 'taken', status: 409, details: { n: 1 }, fromServer: true });
  });

  it('names a failure without a body by its status, and no answer "offline"', async () => {
    await expect(request('/x', { fetch: answering(401, undefined) })).rejects.toMatchObject({ code: 'unauthorized', status: 401, fromServer: false });
    await expect(request('/x', { fetch: answering(503, undefined) })).rejects.toMatchObject({ code: 'server_error', status: 503 });
    await expect(request('/x', { fetch: () => Promise.reject(new TypeError('network')) })).rejects.toMatchObject({ code: 'offline', status: 0 });
  });

  it('gives up after the timeout as "offline"', async () => {
    const never: typeof fetch = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    await expect(request('/x', { timeoutMs: 10, fetch: never })).rejects.toMatchObject({ code: 'offline', status: 0 });
  });
});

describe('send', () => {
  it("builds the route's path and method from the contract", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    await send(routes.ticketIdentity, { ticketId: 'a/b' }, { token: 'd', fetch: answering(200, { idNumber: '1', source: 'kiosk' }, seen) });
    expect(seen.url).toBe('/api/counter/tickets/a%2Fb/identity');
    expect(seen.init?.method).toBe('GET');
  });
});
