/** The store module is the only door to a database driver: checked over the whole source tree. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'data', 'test-results', 'playwright-report', 'dev-dist', '.tmp']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;
/** `from 'pg'`, `import('pg')`, `require("pg/lib/…")`, `import '@electric-sql/pglite/…'`, … */
const DRIVER_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](?:pg|@electric-sql\/pglite)(?:\/[^'"]*)?['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(join(dir, entry.name));
    return SOURCE.test(entry.name) ? [join(dir, entry.name)] : [];
  });
}

it('imports pg and @electric-sql/pglite only inside server/store/', () => {
  const files = sourceFiles(ROOT);
  expect(files.length).toBeGreaterThan(20);
  const storeDir = `server${sep}store${sep}`;
  const offenders = files
    .map((file) => relative(ROOT, file))
    .filter((file) => !file.startsWith(storeDir) && file !== `server${sep}layering.test.ts`)
    .filter((file) => DRIVER_IMPORT.test(readFileSync(join(ROOT, file), 'utf8')));
  expect(offenders).toEqual([]);
});

it('recognises every import form it is meant to catch', () => {
  for (const line of [
    "import pg from 'pg';",
    'import { Pool } from "pg"',
    "const { PGlite } = await import('@electric-sql/pglite');",
    "require('pg/lib/client')",
    "import '@electric-sql/pglite/vector';",
    "export { types } from 'pg';",
  ]) {
    expect(DRIVER_IMPORT.test(line), line).toBe(true);
  }
  expect(DRIVER_IMPORT.test("import { openStore } from './store/index.ts';")).toBe(false);
  expect(DRIVER_IMPORT.test("import x from 'pgx';")).toBe(false);
});

/**
 * JSON reaches the store one way (issue 12, point 6): `toJsonb`, which cleans what
 * PostgreSQL cannot hold (U+0000, a lone surrogate) out of every string and key, so text a
 * device sent can never make the database refuse a whole push. `JSON.stringify` stays in
 * the few places that write to no column (event streams, cache keys, log lines).
 */
it('writes JSON to the store only through toJsonb', () => {
  const allowed = new Set([
    'server/http/errors.ts', // toJsonb itself
    'server/routes/sync.ts', // event-stream payloads
    'server/routes/adminMetrics.ts', // a cache key and event-stream payloads
    'server/configChanges.ts', // a short text for the change list, which the audit stores through toJsonb
    'server/notifications/channels.ts', // the body of a request to the SMS gateway
  ]);
  const offenders = sourceFiles(join(ROOT, 'server'))
    .map((file) => relative(ROOT, file).split(sep).join('/'))
    .filter((file) => !/\.test\.ts$|^server\/(testing|simulation)\//.test(file) && !allowed.has(file))
    .filter((file) => /JSON\.stringify\(/.test(readFileSync(join(ROOT, file), 'utf8')));
  expect(offenders).toEqual([]);
});
