/**
 * The server as one JavaScript module for `npm start`. Loading server/main.ts through tsx
 * costs about a second of CPU at every start (each of ~150 modules resolved and loaded
 * through tsx's hooks, on another thread); esbuild (the compiler tsx uses) bundles the same
 * TypeScript once, in about half a second, and a restart loads the one file in a fraction
 * of that. Packages stay outside the bundle and load from node_modules as usual.
 *
 * The bundle is rebuilt only when one of its own source files changed: esbuild lists them,
 * and they are checked like dist/'s inputs (modification times, then contents' hash).
 * `import.meta.url`, `import.meta.dirname` and `import.meta.filename` keep meaning each
 * source file's own place (server/main.ts finds dist/ beside server/, the migrations are
 * read from server/migrations/), so the server behaves as it does under tsx.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareWithRecord, hashFiles, writeRecord } from './buildInputs.mjs';

/** The bundle and its record, relative to the project root. */
export const SERVER_BUNDLE = 'node_modules/.cache/jawazat/server/main.mjs';
const RECORD = 'node_modules/.cache/jawazat/server/inputs.json';

/** Whether the bundle must be made: `missing`, `changed` (a source differs from the bundle's) or `fresh`. */
export function serverBundleState(root) {
  const bundle = join(root, SERVER_BUNDLE);
  if (!existsSync(bundle)) return 'missing';
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, RECORD), 'utf8')).inputs;
  } catch {
    return 'missing';
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return 'missing';
  const files = inputs.map((path) => {
    try {
      return { path, mtimeMs: statSync(join(root, path)).mtimeMs };
    } catch {
      return { path, mtimeMs: Infinity }; // deleted: look at the contents (they differ)
    }
  });
  return compareWithRecord(root, files, statSync(bundle).mtimeMs, RECORD);
}

/** Bundles server/main.ts into SERVER_BUNDLE (with a source map) and records its inputs. */
export async function bundleServer(root) {
  const { build } = await import('esbuild');
  const checkedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['server/main.ts'],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'own-import-meta',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
            const text = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            return { contents: text, loader: 'ts' };
          });
        },
      },
    ],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((path) => relative(root, join(root, path)))
    .sort();
  writeRecord(root, { hash: hashFiles(root, inputs), checkedAt, builtAt: statSync(join(root, SERVER_BUNDLE)).mtimeMs, inputs }, RECORD);
}
