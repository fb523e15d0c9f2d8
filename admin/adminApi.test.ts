import { describe, expect, it } from 'vitest';
import { AdminApiError, createAdminApi } from './adminApi.ts';

/** A fetch that records each call and answers with `body` and `status`. */
function recorder(status = 200, body: unknown = {}) {
  const calls: { url: string; method: string; body: string | undefined; auth: string | undefined }[] = [];
  const doFetch: typeof fetch = async (url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url: String(url), method: init?.method ?? 'GET', body: init?.body as string | undefined, auth: headers.authorization });
    return new Response(JSON.stringify(body), { status });
  };
  return { calls, doFetch };
}

describe('createAdminApi', () => {
  it('calls the contract paths with the token, and a director office on reads only', async () => {
    const { calls, doFetch } = recorder(200, { devices: [] });
    const api = createAdminApi({ token: () => 'tok', office: () => 'riyadh-1', fetch: doFetch });
    await api.devices();
    await api.revokeDevice('d/1');
    await api.messages('failed');
    await api.audit({ action: 'x', before: undefined } as never);
    expect(calls.map((c) => [c.method, c.url, c.body ?? null])).toEqual([
      ['GET', '/api/admin/devices?office=riyadh-1', null],
      ['POST', '/api/admin/devices/d%2F1/revoke', '{}'],
      ['GET', '/api/admin/messages?status=failed&office=riyadh-1', null],
      ['GET', '/api/admin/audit?action=x&office=riyadh-1', null],
    ]);
    expect(calls.every((c) => c.auth === 'Bearer tok')).toBe(true);
  });

  it('fails as AdminApiError and reports an expired token, but not a failed sign-in', async () => {
    const { doFetch } = recorder(401, { error: { code: 'unauthorized', message: 'no' } });
    let expired = 0;
    const api = createAdminApi({ token: () => 'tok', onUnauthorized: () => void expired++, fetch: doFetch });
    await expect(api.today()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    await expect(api.signIn('a', 'b')).rejects.toBeInstanceOf(AdminApiError);
    expect(expired).toBe(1);
  });
});
