/**
 * `npm start`: build the browser apps when dist/ is missing or was made from other sources
 * than the ones here (scripts/buildInputs.mjs: modification times first, the contents' hash
 * when they disagree, so an unchanged tree is never built again), then run the server
 * (TypeScript, through tsx) in this same process, so Ctrl-C and SIGTERM reach the server's
 * own graceful shutdown directly.
 * SKIP_BUILD=1 skips the build check (e.g. when a CI step built dist/ already).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildState } from './buildInputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.SKIP_BUILD !== '1') {
  const state = buildState(root);
  if (state !== 'fresh') {
    console.log(state === 'missing' ? '[start] dist/ is missing: building the apps…' : '[start] sources changed: rebuilding the apps…');
    const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) {
      console.error('[start] the build failed; not starting the server.');
      process.exit(result.status ?? 1);
    }
  } else {
    console.log('[start] dist/ is up to date.');
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(join(root, 'server', 'main.ts')).href);
