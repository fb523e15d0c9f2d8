/**
 * What a device downloads before an app can run: the entry script of `dist/<app>/index.html`
 * and every module it loads statically (Vite lists them as modulepreload links), gzipped.
 * Lazily imported chunks are not counted: they load after the first screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = resolve(import.meta.dirname, '../../../dist');

export interface InitialJs {
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number; readonly gzip: number }>;
  readonly bytes: number;
  readonly gzip: number;
}

export function initialJs(app: string, dist = DIST): InitialJs {
  const html = readFileSync(join(dist, app, 'index.html'), 'utf8');
  const paths = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) paths.add(m[1] ?? '');
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) paths.add(m[1] ?? '');
  paths.delete('');
  if (paths.size === 0) throw new Error(`no scripts found in dist/${app}/index.html`);
  return sizes(paths, dist);
}

/**
 * What an app that draws its first screen from a small script (kiosk, counter) needs
 * before its next one: the initial JS plus its lazily loaded root (`<app>Root-*.js`, from
 * `<app>/<app>Root.tsx`) and every chunk that one imports statically. Null for apps
 * without such a root.
 */
export function withAppRoot(app: string, dist = DIST): InitialJs | null {
  const root = readdirSync(join(dist, 'assets')).find((name) => name.startsWith(`${app}Root-`) && name.endsWith('.js'));
  if (!root) return null;
  const paths = new Set(initialJs(app, dist).files.map((f) => f.path));
  const queue = [`/assets/${root}`];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (paths.has(path)) continue;
    paths.add(path);
    const text = readFileSync(join(dist, path.replace(/^\//, '')), 'utf8');
    // Rolldown's static imports between chunks: import{…}from"./x.js" and import"./x.js".
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(`/assets/${m[1]}`);
  }
  return sizes(paths, dist);
}

function sizes(paths: ReadonlySet<string>, dist: string): InitialJs {
  const files = [...paths].map((path) => {
    const body = readFileSync(join(dist, path.replace(/^\//, '')));
    return { path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}
