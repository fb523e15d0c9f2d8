/**
 * The pilot simulator's speed: `days` of the pilot office at normal volume into a fresh
 * PGlite store in memory, everything through the store's own code (push with replay,
 * heartbeats, the routes), as `npm run simulate` does.
 */
import { seedOffice } from '../server/seed.ts';
import { runSimulation } from '../server/simulation/run.ts';
import { openStore } from '../server/store/index.ts';

export async function benchSimulator(days: number): Promise<{ days: number; tickets: number; changes: number; ms: number }> {
  const store = await openStore({});
  try {
    await seedOffice(store);
    const started = performance.now();
    const summary = await runSimulation(store, { months: 6, days, offices: 1, seed: 20261203, volume: 'normal' });
    return { days: summary.days, tickets: summary.tickets, changes: summary.mutations, ms: performance.now() - started };
  } finally {
    await store.close();
  }
}
