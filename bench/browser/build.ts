/** Bundles a benchmark's in-browser half into one script (IIFE) for `page.addScriptTag`. */
import { build } from 'vite';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, '../../node_modules/.bench');

export async function bundleForBrowser(entry: string, name: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: OUT,
      emptyOutDir: false,
      minify: process.env.BENCH_PROFILE ? false : true,
      lib: { entry: resolve(import.meta.dirname, entry), formats: ['iife'], name, fileName: () => `${name}.js` },
    },
  });
  return readFileSync(join(OUT, `${name}.js`), 'utf8');
}
