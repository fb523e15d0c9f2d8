/** Serving the built apps: redirects, the phone status page, and PWA-friendly cache headers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './http/context.ts';
import { registerStatic } from './staticFiles.ts';

describe('static apps', () => {
  let dir: string;
  const app = new Hono<AppEnv>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dist-'));
    for (const name of ['kiosk', 'counter', 't']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'index.html'), `<h1>${name}</h1>`);
    }
    writeFileSync(join(dir, 'kiosk', 'manifest.webmanifest'), '{}');
    writeFileSync(join(dir, 'sw.js'), '// sw');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    registerStatic(app, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('redirects / and bare app paths', async () => {
    const root = await app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/kiosk/');
    const bare = await app.request('/counter?enroll=ABCDEFGH');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/counter/?enroll=ABCDEFGH');
  });

  it('serves HTML, the service worker and manifests revalidated; hashed assets immutable', async () => {
    const page = await app.request('/kiosk/');
    expect(await page.text()).toBe('<h1>kiosk</h1>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/sw.js')).headers.get('cache-control')).toBe('no-cache');
    const manifest = await app.request('/kiosk/manifest.webmanifest');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = asset.headers.get('etag') ?? '';
    expect((await app.request('/assets/index-abc123.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('sends every app page with a content security policy that forbids framing and foreign scripts', async () => {
    for (const path of ['/kiosk/', '/counter/', '/t/ABCDEFGHJK']) {
      const r = await app.request(path);
      expect(r.status, path).toBe(200);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // Scripts themselves need no policy of their own (the page's applies).
    expect((await app.request('/assets/index-abc123.js')).headers.get('content-security-policy')).toBeNull();
  });

  it('serves the status page for /t/<code>', async () => {
    const r = await app.request('/t/K7M2Q9XZAB');
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('<h1>t</h1>');
  });

  it('never serves files outside dist/ and 404s missing files', async () => {
    expect((await app.request('/kiosk/..%2f..%2fetc%2fpasswd')).status).not.toBe(200);
    expect((await app.request('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
    expect((await app.request('/kiosk/missing.js')).status).toBe(404);
    expect((await app.request('/display/')).status).toBe(503); // app not built
  });
});
