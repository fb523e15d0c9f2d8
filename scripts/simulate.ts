/**
 * `npm run simulate -- --months 6`: six months (or --days D) of a simulated pilot written
 * into the store through the store's own code (server/simulation/), so the supervisor
 * console has a pilot to evaluate. The store is found as the server finds it: PostgreSQL
 * when DATABASE_URL is set, else PGlite in DATA_DIR (./data). When a running server holds
 * that PGlite directory, the run is handed to the server if it is in demo mode; otherwise
 * this says what to do. Ctrl-C stops after the day in progress.
 */
import { resolve } from 'node:path';
import { dataDirHolder, openStore } from '../server/store/index.ts';
import { handOff, readKeyFile } from '../server/simulation/handoff.ts';
import { argsToInput, parseOptions, USAGE } from '../server/simulation/options.ts';
import { progressPrinter } from '../server/simulation/progress.ts';
import { runSimulation, type Progress } from '../server/simulation/run.ts';

/** The live server process holding a PGlite data directory, if any (server/store/pgliteLock.ts). */
function holderOf(dataDir: string): number | null {
  const pid = dataDirHolder(dataDir);
  return pid === process.pid ? null : pid;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const args = argsToInput(argv);
  const parsed = args.ok ? parseOptions(args.input) : args;
  if (!args.ok || !parsed.ok) {
    console.error(`${parsed.ok ? '' : parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nStopping after the day in progress (Ctrl-C again to quit at once)...\n');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  let unexpected = 0;
  const print = progressPrinter(process.stderr);
  const show = (p: Progress): void => {
    if (p.type === 'done') unexpected = Object.values(p.summary.unexpected).reduce((a, b) => a + b, 0);
    print(p);
  };

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : resolve(process.env.DATA_DIR || './data');
  const holder = dataDir ? holderOf(dataDir) : null;
  if (dataDir && holder !== null) {
    const server = readKeyFile(dataDir);
    if (!server) {
      console.error(
        `The store in ${dataDir} is in use by a running server (process ${holder}) that does not take simulations\n` +
          '(it does only in demo mode). Stop the server, run this command again, then start the server again.',
      );
      return 1;
    }
    process.stderr.write(`The server (process ${holder}) holds ${dataDir}: it runs the simulation.\n`);
    try {
      await handOff(server, args.input, show, stop.signal);
    } catch (err) {
      if (!stop.signal.aborted) throw err;
      process.stderr.write('Interrupted: the server stops after the day in progress and tidies up.\n');
      return 130;
    }
  } else {
    const store = await openStore({ databaseUrl, dataDir });
    process.stderr.write(`Store: ${store.engine}${dataDir ? ` in ${dataDir}` : ''}\n`);
    try {
      await runSimulation(store, { ...parsed.options, signal: stop.signal }, show);
    } finally {
      await store.close();
    }
  }
  if (unexpected > 0) {
    console.error(`${unexpected} results were not what live traffic gets: the simulator or the store has a bug (see above).`);
    return 3;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('simulate failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
