/**
 * `npm start`: build what is missing or out of date, then run the server in this same
 * process, so Ctrl-C and SIGTERM reach the server's own graceful shutdown directly.
 *
 * - The browser apps (dist/) are built when missing or made from other sources than the
 *   ones here (scripts/buildInputs.mjs: modification times first, the contents' hash when
 *   they disagree, so an unchanged tree is never built again).
 * - The server runs from one bundled module (scripts/serverBundle.mjs), made again only when
 *   one of its sources changed; if bundling fails, it runs through tsx as before.
 *
 * SKIP_BUILD=1 skips the dist/ check (e.g. when a CI step built dist/ already).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildState } from './buildInputs.mjs';
import { SERVER_BUNDLE, bundleServer, serverBundleState } from './serverBundle.mjs';

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

let bundled = false;
try {
  const state = serverBundleState(root);
  if (state !== 'fresh') {
    console.log(state === 'missing' ? '[start] bundling the server…' : '[start] server sources changed: bundling the server…');
    await bundleServer(root);
  }
  bundled = true;
} catch (error) {
  console.warn('[start] bundling the server failed; running it through tsx instead.', error);
}

if (bundled) {
  process.setSourceMapsEnabled(true); // stack traces name the TypeScript files and lines
  await import(pathToFileURL(join(root, SERVER_BUNDLE)).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'server', 'main.ts')).href);
}
