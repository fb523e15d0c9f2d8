/**
 * Serves the built apps from dist/ next to the API. Caching follows what a PWA needs:
 * HTML, the service worker and the manifest are revalidated on every load (so an update
 * is seen at once), hashed files under /assets/ are cached forever. `/t/<code>` is the
 * resident's status page: one HTML file that reads the code from the path.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './http/context.ts';

export const APPS = ['kiosk', 'counter', 'display', 'admin', 't'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

const REVALIDATE = new Set(['sw.js', 'registerSW.js', 'manifest.webmanifest']);

/**
 * The apps' pages run only their own files: no inline or foreign script, no framing (a
 * console page inside another site's frame could be clicked through), no plugins. Styles
 * may be inline (components set them), images may be data: (QR codes) and blob: URLs
 * (downloads), sounds come from the app (the board's spoken calls).
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function cacheControl(urlPath: string): string {
  const base = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  if (urlPath.startsWith('/assets/') && !REVALIDATE.has(base)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

async function sendFile(c: Context<AppEnv>, file: string, urlPath: string): Promise<Response | null> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) return null;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(urlPath),
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    ...(extname(file).toLowerCase() === '.html'
      ? { 'Content-Security-Policy': APP_CSP, 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' }
      : {}),
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'Content-Length': String(info.size) } });
  return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
}

/** Adds the static routes to `app` (after the API routes). `distDir` is an absolute path. */
export function registerStatic(app: Hono<AppEnv>, distDir: string): void {
  const root = normalize(distDir + sep);

  app.get('/', (c) => c.redirect('/kiosk/', 302));
  for (const name of APPS) {
    app.get(`/${name}`, (c) => {
      const query = new URL(c.req.url).search;
      return c.redirect(`/${name}/${query}`, 301);
    });
  }

  app.get('*', async (c) => {
    const urlPath = c.req.path;
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return c.notFound();
    }
    const file = normalize(join(root, decoded));
    if (!file.startsWith(root) || decoded.includes('\0')) return c.notFound();

    const direct = await sendFile(c, decoded.endsWith('/') ? join(file, 'index.html') : file, urlPath);
    if (direct) return direct;
    // /t/<code> and in-app navigations (no file extension) get their app's page.
    const app = APPS.find((name) => urlPath.startsWith(`/${name}/`));
    if (!app || extname(decoded) !== '') return c.notFound();
    const page = await sendFile(c, join(root, app, 'index.html'), `/${app}/index.html`);
    return (
      page ??
      c.text('This app is not built yet: run `npm run build` (or `npm start`, which builds when needed).', 503, {
        'Cache-Control': 'no-store',
      })
    );
  });
}
