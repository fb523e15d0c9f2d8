/**
 * The hand-off a demo server offers `npm run simulate` while it holds the PGlite
 * directory: a key file only the owner can read, 401 without its key, one run at a time
 * (409), and the run's progress streamed back as newline-delimited JSON that the command's
 * client reads into the same events a local run gives.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/office.ts';
import { PILOT_OFFICE_ID, pilotConfig, seedOffice } from '../seed.ts';
import { hashSecret } from '../security/secrets.ts';
import { openStore } from '../store/index.ts';
import { pgliteTemplate } from '../testing/engines.ts';
import { HANDOFF_PATH, readKeyFile, startSimulationHandoff } from './handoff.ts';

const dir = mkdtempSync(join(tmpdir(), 'simulate-handoff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('takes a run only with the key, one at a time, and streams its progress', async () => {
  const store = await openStore({ pgliteTemplate: await pgliteTemplate() });
  const cheap = { N: 1024, r: 8, p: 1 };
  const shifts = [{ id: 'morning', from: '09:00', to: '10:00' }, { id: 'evening', from: '16:00', to: '17:00' }] as const;
  await seedOffice(store, {
    config: { ...pilotConfig(PILOT_OFFICE_ID), settings: { ...DEFAULT_SETTINGS, shifts } },
    hashes: { pin: await hashSecret('1234', cheap), password: await hashSecret('pw', cheap) },
  });
  const handoff = startSimulationHandoff({ store, dataDir: dir, port: 1 });
  try {
    const server = readKeyFile(dir);
    expect(server?.port).toBe(1);
    expect(statSync(handoff.keyFile).mode & 0o777).toBe(0o600);
    const fetch = handoff.wrap(() => new Response('the app', { status: 200 }));
    const post = (key: string, body: unknown): Promise<Response> =>
      Promise.resolve(fetch(new Request(`http://localhost${HANDOFF_PATH}`, { method: 'POST', headers: { 'x-simulate-key': key, 'content-type': 'application/json' }, body: JSON.stringify(body) })));

    expect(await (await fetch(new Request('http://localhost/api/health'))).text()).toBe('the app');
    expect((await post('wrong', { days: 1 })).status).toBe(401);
    expect((await post(server?.key ?? '', { days: 'one' })).status).toBe(400);

    const run = await post(server?.key ?? '', { days: 1, volume: 20 });
    expect(run.status).toBe(200);
    expect(run.headers.get('content-type')).toContain('application/x-ndjson');
    expect((await post(server?.key ?? '', { days: 1 })).status).toBe(409);
    const events = (await run.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(events.map((e) => e.type)).toEqual(['start', 'day', 'done']);
    // Free again once the run is over (a second run into the same office is then refused by the run itself).
    const again = await post(server?.key ?? '', { days: 1 });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already has simulated history');
  } finally {
    handoff.close();
    await store.close();
  }
  expect(readKeyFile(dir)).toBeNull();
});
