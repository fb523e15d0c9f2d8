/**
 * What a device downloads before an app can run: the entry script of `dist/<app>/index.html`
 * and every module it loads statically (Vite lists them as modulepreload links), gzipped.
 * Lazily imported chunks are not counted: they load after the first screen.
 */
import { readFileSync } from 'node:fs';
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
  const files = [...paths].map((path) => {
    const body = readFileSync(join(dist, path.replace(/^\//, '')));
    return { path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
}
