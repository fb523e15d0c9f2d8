/**
 * The store's side of counter transactions, over HTTP on a real socket against the seeded
 * registry (5,250 people):
 * - deciding and applying `transaction.submit` (open the sealed number, lock the record,
 *   run the shared rules, apply, history, the transactions row), one per push as a counter
 *   sends them, against the baseline of one `ticket.issue` per push in the same run;
 * - a name search (Arabic and Latin spellings over every resident) against the baseline of
 *   a lookup by number, each audited.
 */
import { generateRegistry, DEFAULT_REGISTRY } from '../server/registry/generate.ts';
import { seedRegistry } from '../server/registry/seed.ts';
import type { Store } from '../server/store/index.ts';
import { DEFAULT_FEES } from '../shared/domain/fees.ts';
import { serviceDayOf } from '../shared/domain/office.ts';
import { decide } from '../shared/domain/rules.ts';
import type { MutationEnvelope, OfficerSession, PushResponse } from '../shared/sync/protocol.ts';
import { sealText } from '../shared/sync/sealing.ts';
import { enroll, json, listen, median, percentile, ticketIssues } from './common.ts';

export interface TransactionBench {
  readonly transactions: number;
  readonly txMedianMs: number;
  readonly txP95Ms: number;
  readonly issueMedianMs: number;
  readonly searches: number;
  readonly searchMedianMs: number;
  readonly searchP95Ms: number;
  readonly lookupMedianMs: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

export async function benchTransactions(store: Store, count: number, searches: number): Promise<TransactionBench> {
  const now = Date.now();
  const today = serviceDayOf(now, 'Asia/Riyadh');
  await seedRegistry(store, { today, now });
  const server = await listen(store);
  try {
    const counter = await enroll(server.url, 'counter');
    const kiosk = await enroll(server.url, 'kiosk');
    const session = await json<OfficerSession>(`${server.url}/api/counter/sign-in`, 'POST', { badge: '1001', pin: '1234', counterId: 1 }, counter.token);
    const { sealKey } = await json<{ sealKey: string }>(`${server.url}/api/device/seal-key`, 'GET', undefined, counter.token);
    const push = (token: string, deviceId: string, mutations: MutationEnvelope[]) =>
      json<PushResponse>(`${server.url}/api/sync/push`, 'POST', { deviceId, mutations }, token);

    // Work the rules allow without an SMS code (an iqama issue), one person each.
    const request = { service: 'iqama.issue', months: 12 } as const;
    const people = generateRegistry({ ...DEFAULT_REGISTRY, today })
      .residents.filter((r) => r.kind === 'resident' && decide(r, request, { today, fees: DEFAULT_FEES }).eligible)
      .slice(0, count);
    const tx: number[] = [];
    const issue: number[] = [];
    let kioskSeq = kiosk.nextSeq;
    let txSeq = counter.nextSeq;
    for (const person of people) {
      const args = {
        transactionId: crypto.randomUUID(),
        ticketId: null,
        counterId: 1,
        sealedIdNumber: await sealText(sealKey, person.idNumber),
        request,
        basedOnVersion: 1,
        quotedTotal: decide(person, request, { today, fees: DEFAULT_FEES }).total,
        securityCodeId: null,
        payment: { method: 'mada', reference: null },
      };
      const envelope: MutationEnvelope = { seq: txSeq++, name: 'transaction.submit', args, deviceTime: Date.now(), schemaVersion: 1, sessionId: session.sessionId };
      tx.push(
        await timed(async () => {
          const r = await push(counter.token, counter.deviceId, [envelope]);
          if (r.results[0]?.status !== 'applied') throw new Error(`transaction refused: ${JSON.stringify(r.results[0])}`);
        }),
      );
      const [ticket] = ticketIssues(kioskSeq++, 1, kiosk.kioskNo);
      if (ticket) issue.push(await timed(() => push(kiosk.token, kiosk.deviceId, [ticket])));
    }

    // Names as officers type them: a given name in a Latin spelling and a family name, or the Arabic.
    const sample = people.slice(0, searches);
    const search: number[] = [];
    const lookup: number[] = [];
    const headers = { authorization: `Bearer ${counter.token}`, 'x-officer-session': session.token };
    const get = async (path: string): Promise<void> => {
      const r = await fetch(`${server.url}${path}`, { headers });
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      await r.arrayBuffer();
    };
    for (const [i, person] of sample.entries()) {
      const parts = i % 2 === 0 ? person.name.en.split(' ') : person.name.ar.split(' ');
      const name = `${parts[0]} ${parts.at(-1)}`;
      search.push(await timed(() => get(`/api/counter/residents?name=${encodeURIComponent(name)}&reason=bench`)));
      lookup.push(await timed(() => get(`/api/counter/residents/${person.idNumber}?reason=bench`)));
    }
    return {
      transactions: tx.length,
      txMedianMs: median(tx),
      txP95Ms: percentile(tx, 95),
      issueMedianMs: median(issue),
      searches: search.length,
      searchMedianMs: median(search),
      searchP95Ms: percentile(search, 95),
      lookupMedianMs: median(lookup),
    };
  } finally {
    await server.close();
  }
}
