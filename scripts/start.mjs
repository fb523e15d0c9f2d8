/**
 * `npm start`: build the browser apps when dist/ is missing or older than any source it
 * is built from, then run the server (TypeScript, through tsx) in this same process, so
 * Ctrl-C and SIGTERM reach the server's own graceful shutdown directly.
 * SKIP_BUILD=1 skips the build check (e.g. when a CI step built dist/ already).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['kiosk', 'counter', 'display', 'admin', 't'];
const SOURCE_DIRS = [...APPS, 'shared', 'public'];
const SOURCE_FILES = ['vite.config.ts', 'package.json', 'tsconfig.app.json', 'index.html'];
const SKIP = new Set(['node_modules', 'dist', '.git']);

/** Newest modification time (ms) of any build input; test files do not count. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) if (!SKIP.has(name)) visit(join(path, name));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return newest;
}

/** When dist/ was built: the oldest app page in it; 0 when any app is missing. */
function builtAt() {
  let oldest = Infinity;
  for (const app of APPS) {
    const page = join(root, 'dist', app, 'index.html');
    if (!existsSync(page)) return 0;
    oldest = Math.min(oldest, statSync(page).mtimeMs);
  }
  return oldest;
}

if (process.env.SKIP_BUILD !== '1') {
  const built = builtAt();
  if (built === 0 || newestSource() > built) {
    console.log(built === 0 ? '[start] dist/ is missing: building the apps…' : '[start] sources changed: rebuilding the apps…');
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
