/**
 * A demo border feed (issue 11): posts a few exit and entry events to a running server, as
 * the border's systems would, with the key the server was started with. Each event has a
 * fixed id, so running it twice shows the second run applying nothing ("duplicate").
 *
 *   BORDER_FEED_KEY=demo-feed npm run dev:server          (in one terminal)
 *   BORDER_FEED_KEY=demo-feed npx tsx scripts/border-feed.ts [http://localhost:8080] [iqama …]
 *
 * Default numbers: the first people of the demo's synthetic registry. An establishment that
 * subscribed to `exit` / `entry` for one of them (PUT /api/establishments/:id/subscriptions)
 * gets a message in the outbox (the console's Messages page; printed by the local inbox).
 */
export {};

const [base = 'http://localhost:8080', ...given] = process.argv.slice(2);
const key = process.env.BORDER_FEED_KEY;
if (!key) {
  console.error('Set BORDER_FEED_KEY to the key the server was started with.');
  process.exit(1);
}
const numbers = given.length ? given : ['2100000005', '2100012372', '2100024740'];
const day = 86_400_000;
const leftAt = Date.now() - 2 * day;
const events = numbers.flatMap((idNumber, i) => [
  { eventId: `demo-${idNumber}-exit`, idNumber, kind: 'exit', at: leftAt + i * 60_000, port: 'King Khalid International Airport' },
  // The first person comes back today; the others are still away.
  ...(i === 0 ? [{ eventId: `demo-${idNumber}-entry`, idNumber, kind: 'entry', at: Date.now() - 60_000, port: 'King Fahd Causeway' }] : []),
]);

const response = await fetch(new URL('/api/border-events', base), {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  body: JSON.stringify({ events }),
});
const body = (await response.json()) as unknown;
if (!response.ok) {
  console.error(`The server refused the feed (${response.status}):`, JSON.stringify(body));
  process.exit(1);
}
const { results, queued } = body as { results: { eventId: string; result: string }[]; queued: number };
for (const r of results) console.log(`${r.eventId.padEnd(32)} ${r.result}`);
console.log(`${queued} message(s) queued for subscribed establishments.`);
