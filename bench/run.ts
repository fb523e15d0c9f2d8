/**
 * `npm run bench` (after a build): the platform's speed goals, each measured against a
 * baseline in the same run where one exists (machines here are noisy, so ratios within
 * one run mean more than absolute figures). Writes BENCHMARKS.md with the machine.
 *
 * 1. Push ingest through the sync endpoint vs raw inserts of the same rows: the ratio.
 * 2. A device catching up after a day offline (2,000 mutations up, 10,000 changes down).
 * 3. Counter "call" to the display board showing it, online, in Chromium: p95 ms.
 * 4. Initial JavaScript of each app, gzip (also held by test/e2e/bundle-size.spec.ts).
 * 5. The queue engine's next-ticket decision with 5,000 waiting, from the kept line, vs a full sort: the ratio.
 * 6. The wait estimator's error on simulated days.
 * 7. The kiosk's "take ticket" tap to the ticket on screen, in Chromium: p95 ms.
 * 8. The store deciding counter transactions, and name searches over the registry.
 * 9. Faults and load: the server killed while devices push (npm run chaos), 200 devices syncing (npm run load).
 * 10. The console's figures over six months of one office (PGlite) and of ten (PostgreSQL),
 *    the console from sign-in to charts drawn, and the pilot simulator's speed.
 *
 * Engines: PGlite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
 * BENCH_QUICK=1 runs smaller sizes (a smoke run, not figures to publish); BENCH_ONLY=1,5 runs only those sections (into bench-partial.md;
 * with BENCH_UPDATE=1 also into their places in BENCHMARKS.md, the header saying when they ran).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { DIST } from '../test/e2e/support/bundleSize.ts';
import { section2, section3, section4, section7 } from './sectionsBrowser.ts';
import { section10, section11, section12 } from './sectionsFigures.ts';
import { section13, section9 } from './sectionsLoad.ts';
import { section1, section5, section6, section8 } from './sectionsStore.ts';
import { QUICK, type Log } from './setup.ts';

/** BENCH_ONLY=2,3,7 runs those sections alone and writes them to bench-partial.md, leaving BENCHMARKS.md as the last full run. */
const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean).map(Number));
const want = (section: number): boolean => ONLY.size === 0 || ONLY.has(section);
const OUTPUT = ONLY.size ? 'bench-partial.md' : 'BENCHMARKS.md';
const SECTIONS: ReadonlyArray<(log: Log) => Promise<void>> = [section1, section2, section3, section4, section5, section6, section7, section8, section9, section10, section11, section12, section13];

async function main(): Promise<void> {
  if (!existsSync(`${DIST}/kiosk/index.html`)) throw new Error('dist/ is not built: run `npm run build` first (npm run bench does)');
  const out: string[] = [];
  // Written as it goes: a run stopped part-way (the six months of section 10 take long) still
  // leaves what it measured, with a line saying where it stopped.
  const log = (line = ''): void => {
    out.push(line);
    console.log(line);
    if (line.startsWith('## ')) writeFileSync(OUTPUT, `${out.join('\n')}\n\n(This run is still going, or stopped here.)\n`);
  };
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  log('# Benchmarks');
  log();
  log(`Run ${new Date().toISOString()} by \`npm run bench\`${QUICK ? ' (BENCH_QUICK: small sizes)' : ''} on ${osType()} ${release()}, ` +
    `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${chromiumVersion()}.`);
  log('Figures vary with the machine; ratios are against a baseline measured in the same run.');

  for (const [i, section] of SECTIONS.entries()) if (want(i + 1)) await section(log);
  writeFileSync(OUTPUT, `${out.join('\n')}\n`);
  if (ONLY.size && process.env.BENCH_UPDATE === '1') updateSections(out);
}

/**
 * BENCH_ONLY with BENCH_UPDATE=1: the sections just run replace theirs in BENCHMARKS.md,
 * and its header says which sections come from which run (the rest keep their figures).
 */
function updateSections(out: readonly string[]): void {
  const split = (text: string): { head: string; sections: Map<number, string> } => {
    const parts = text.split(/^(?=## \d+\. )/m);
    const sections = new Map<number, string>();
    for (const part of parts.slice(1)) sections.set(Number(/^## (\d+)\./.exec(part)?.[1]), part.trimEnd());
    return { head: parts[0] ?? '', sections };
  };
  const old = split(readFileSync('BENCHMARKS.md', 'utf8'));
  const fresh = split(out.join('\n'));
  for (const [n, text] of fresh.sections) old.sections.set(n, text);
  const runLine = out.find((l) => l.startsWith('Run ')) ?? '';
  const names = [...fresh.sections.keys()];
  const which = names.length === 1 ? `Section ${names[0]} was` : `Sections ${names.join(', ')} were`;
  const note = `${which} run again alone (BENCH_ONLY): ${runLine.replace(/^Run /, '')}`;
  const head = old.head.trimEnd().split('\n').filter((l) => !l.startsWith(which));
  const ordered = [...old.sections.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
  writeFileSync('BENCHMARKS.md', `${[...head, note].join('\n')}\n\n${ordered.join('\n\n')}\n`);
}

await main();

/** The browser the in-page figures come from: they move with its version (its IndexedDB above all). */
function chromiumVersion(): string {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'Chromium version unknown';
  }
}
