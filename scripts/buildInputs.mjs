/**
 * What the browser apps in dist/ are built from, shared by `npm start` (scripts/start.mjs,
 * which decides whether to build) and the build itself (vite.config.ts, which records the
 * inputs it built from), so the two can never disagree on the list.
 *
 * A build records a hash of its inputs' contents in node_modules/.cache (not in dist/: the
 * server serves every file there). Modification times answer first, because they are cheap;
 * when they say "changed" (a checkout, a branch switched back and forth, an editor saving an
 * unchanged file) the contents decide, so an unchanged tree is never built again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const APPS = ['kiosk', 'counter', 'display', 'admin', 't'];
const SOURCE_DIRS = [...APPS, 'shared', 'public'];
const SOURCE_FILES = ['vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.app.json', 'tsconfig.base.json', 'scripts/buildInputs.mjs'];
const SKIP = new Set(['node_modules', 'dist', '.git']);
/** Not part of any app: unit tests and notes. */
const NOT_INPUT = /(\.test\.tsx?|\.md)$/;

/** Where the last build of dist/ is recorded, relative to the project root. */
export const RECORD = 'node_modules/.cache/jawazat/build-inputs.json';

/** Every input file of dist/ with its modification time, sorted by path (relative to `root`). */
export function listInputs(root) {
  const files = [];
  const visit = (path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) if (!SKIP.has(name)) visit(join(path, name));
    } else if (!NOT_INPUT.test(path)) {
      files.push({ path: relative(root, path), mtimeMs: info.mtimeMs });
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A hash of the files' names and contents (paths relative to `root`); a missing file counts as empty. */
export function hashFiles(root, paths) {
  const hash = createHash('sha256');
  for (const path of paths) {
    let body = '';
    try {
      body = readFileSync(join(root, path));
    } catch {
      // Gone since it was listed: hashed as absent, so the hash differs from when it was there.
    }
    hash.update(path).update('\0').update(body).update('\0');
  }
  return hash.digest('hex');
}

/** A hash of the inputs of dist/. */
export function hashInputs(root, files = listInputs(root)) {
  return hashFiles(
    root,
    files.map((f) => f.path),
  );
}

/** A record (JSON under node_modules/.cache) with a hash, or null if there is none or it is unreadable. */
export function readRecord(root, file = RECORD) {
  try {
    const record = JSON.parse(readFileSync(join(root, file), 'utf8'));
    return typeof record?.hash === 'string' && typeof record.checkedAt === 'number' && typeof record.builtAt === 'number' ? record : null;
  } catch {
    return null;
  }
}

export function writeRecord(root, record, file = RECORD) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record)}\n`);
}

/** The oldest app page in dist/ (what identifies one build); 0 when one is missing. */
export function pagesBuiltAt(root) {
  let oldest = Infinity;
  for (const app of APPS) {
    const page = join(root, 'dist', app, 'index.html');
    if (!existsSync(page)) return 0;
    oldest = Math.min(oldest, statSync(page).mtimeMs);
  }
  return oldest;
}

/**
 * Whether an output must be built again from `files` (with their modification times):
 * `changed` or `fresh`. Modification times answer when every input is older than the last
 * check; otherwise the contents' hash is compared with the record, and a match refreshes
 * the record's time so the next start answers from modification times again. A record
 * about another output (`builtAt` differs: built without one) is ignored: then any input
 * newer than the output means `changed`.
 */
export function compareWithRecord(root, files, builtAt, recordFile) {
  const saved = readRecord(root, recordFile);
  const record = saved && saved.builtAt === builtAt ? saved : null;
  const since = record ? record.checkedAt : builtAt;
  if (files.every((f) => f.mtimeMs <= since)) return 'fresh';
  if (!record) return 'changed';
  const checkedAt = Date.now();
  if (hashFiles(root, files.map((f) => f.path)) !== record.hash) return 'changed';
  writeRecord(root, { ...record, checkedAt }, recordFile);
  return 'fresh';
}

/** Whether dist/ must be built: `missing` (no complete build), `changed` (other inputs than its own) or `fresh`. */
export function buildState(root) {
  const built = existsSync(join(root, 'dist', 'sw.js')) ? pagesBuiltAt(root) : 0;
  if (built === 0) return 'missing';
  return compareWithRecord(root, listInputs(root), built, RECORD);
}
