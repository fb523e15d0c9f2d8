/**
 * Starts the central store: opens the database (PostgreSQL when DATABASE_URL is set,
 * otherwise PGlite on disk in DATA_DIR), seeds the pilot office when it is missing,
 * serves the API and the built apps, and in demo mode prints fresh enrollment links.
 *
 *   PORT (8080) · DATABASE_URL · DATA_DIR (./data) · DEMO (on with PGlite, off with PostgreSQL)
 *   SMS_GATEWAY_URL · SMS_GATEWAY_KEY · SMS_SENDER (Jawazat) · SMS_GATEWAY_REPORT_KEY: an HTTP
 *   SMS gateway and the key of its delivery reports; without one, messages go to the local
 *   inbox (kept in the store, shown in the console).
 *   SMTP_URL · SMTP_FROM: e-mail over SMTP (smtp://user:pass@host:587, smtps://…:465) and its
 *   From address; without SMTP_URL, e-mail goes to the local inbox too.
 *   MESSAGE_QUIET_HOURS ("22:00-07:00 Asia/Riyadh", or "off") · MESSAGE_LIMIT_PER_HOUR (5; 0 for
 *   none): reminders wait out the quiet hours; notices and reminders to one recipient beyond
 *   the limit wait for the hour to pass (security codes and turn notices never wait).
 *   BORDER_FEED_KEY: the key the border feed posts entry/exit events with (none: refused).
 *   ISHAAR_PASSPORT_DAYS (30): days before a passport's expiry a subscribed establishment hears of it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { DeviceRole } from '../shared/sync/mutations.ts';
import { createApp } from './app.ts';
import { MetricsCache } from './metrics/officeData.ts';
import type { OfficeConfig } from '../shared/domain/office.ts';
import { seedDemoBookings } from './appointments.ts';
import { seedRegistry } from './registry/seed.ts';
import { createEnrollment } from './enrollment.ts';
import { DEMO_DIRECTOR, DEMO_PIN, DEMO_SUPERVISOR, PILOT_OFFICE_ID, PILOT_OFFICERS, seedDirector, seedOffice } from './seed.ts';
import { startSimulationHandoff } from './simulation/handoff.ts';
import { registerStatic } from './staticFiles.ts';
import { openStore } from './store/index.ts';
import { inboxChannel, smsGatewayChannel, smtpChannel } from './notifications/channels.ts';
import { TurnNotices } from './notifications/ticketNotices.ts';
import { DeliveryWorker } from './notifications/delivery.ts';
import { DEFAULT_RECIPIENT_LIMIT, parseQuietHours } from './notifications/pacing.ts';
import { DailyScheduler } from './notifications/scheduler.ts';

const DEMO_ROLES: readonly DeviceRole[] = ['kiosk', 'counter', 'display'];

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = databaseUrl ? undefined : resolve(process.env.DATA_DIR || './data');
  const demo = flag(process.env.DEMO, !databaseUrl);
  const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

  const store = await openStore({ databaseUrl, dataDir });
  console.log(`[server] store: ${store.engine}${dataDir ? ` in ${dataDir}` : ''}`);
  if (await seedOffice(store)) {
    console.log(`[server] seeded office ${PILOT_OFFICE_ID}`);
    if (!demo) console.warn('[server] WARNING: the seeded accounts use the demo PIN and password; change them before real use.');
  } else if (await seedDirector(store)) {
    console.log(`[server] added the read-only director account "${DEMO_DIRECTOR.username}" to ${PILOT_OFFICE_ID}`);
    if (!demo) console.warn('[server] WARNING: the director account uses the demo password; change it before real use.');
  }
  const registered = await seedRegistry(store, { today: new Date().toISOString().slice(0, 10), now: Date.now() });
  if (registered > 0) console.log(`[server] generated the synthetic resident registry: ${registered} people`);

  const metrics = new MetricsCache(store);
  const publicUrl = publicUrlOf(process.env.PUBLIC_URL);
  // Demo only, the local inbox also prints each message (security codes included: never in production, the log would hold them).
  const inbox = inboxChannel(demo ? (line) => console.log(line) : undefined);
  const gatewayUrl = process.env.SMS_GATEWAY_URL;
  const sms = gatewayUrl
    ? smsGatewayChannel({ url: gatewayUrl, apiKey: process.env.SMS_GATEWAY_KEY ?? '', sender: process.env.SMS_SENDER || 'Jawazat' })
    : inbox;
  const smtpUrl = process.env.SMTP_URL;
  if (smtpUrl && !process.env.SMTP_FROM) throw new Error('SMTP_URL is set but SMTP_FROM is not: the From address of the e-mails, e.g. "Jawazat" <no-reply@jawazat.example.sa>');
  const email = smtpUrl ? smtpChannel({ url: smtpUrl, from: process.env.SMTP_FROM ?? '' }) : inbox;
  const quietHours = parseQuietHours(process.env.MESSAGE_QUIET_HOURS);
  const perHour = Number(process.env.MESSAGE_LIMIT_PER_HOUR || DEFAULT_RECIPIENT_LIMIT.count);
  if (!Number.isInteger(perHour) || perHour < 0) throw new Error(`MESSAGE_LIMIT_PER_HOUR must be a whole number (0 for no limit), got "${process.env.MESSAGE_LIMIT_PER_HOUR}"`);
  const recipientLimit = perHour === 0 ? null : { count: perHour, windowMs: 3_600_000 };
  const messages = new DeliveryWorker(store, { sms, email }, {
    quietHours,
    recipientLimit,
    log: (line) => console.log(line),
    // Texted links (a ticket's status page) use the address phones reach: PUBLIC_URL, else this server's own.
    linkBase: publicUrl ?? `http://localhost:${port}`,
  });
  const turnNotices = new TurnNotices(store, messages, { log: (line) => console.log(line) });
  const app = createApp({
    store, metrics, publicUrl, messages, turnNotices,
    deliveryReportKey: process.env.SMS_GATEWAY_REPORT_KEY || null,
    borderFeedKey: process.env.BORDER_FEED_KEY || null,
    log: (line) => console.log(line),
  });
  // Ishaar's daily scan (expiring passports and iqamas, violations): for the day shortly after start, then each new day.
  const ishaar = new DailyScheduler(store, {
    passportDays: passportDaysOf(process.env.ISHAAR_PASSPORT_DAYS),
    onQueued: () => messages.kick(),
    log: (line) => console.log(line),
  });
  registerStatic(app, distDir);
  // Demo only: `npm run simulate` cannot open the PGlite directory this server holds, so it
  // hands the run to this server with the key written beside the data (simulation/handoff.ts).
  const handoff = demo && dataDir ? startSimulationHandoff({ store, dataDir, port, log: (line) => console.log(line) }) : null;
  const server = serve({ fetch: handoff ? handoff.wrap(app.fetch) : app.fetch, port });
  // Keep idle connections longer than the clients and proxies in front do (Node's 5 s default
  // closed connections a client was about to reuse: an ECONNRESET seen in the browser tests).
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }

  const base = `http://localhost:${port}`;
  console.log(`\nMall passport office running at ${base}\n`);
  console.log(`  Kiosk            ${base}/kiosk/`);
  console.log(`  Counter          ${base}/counter/`);
  console.log(`  Display board    ${base}/display/`);
  console.log(`  Supervisor       ${base}/admin/`);
  console.log(`  Ticket status    ${base}/t/<code>   (the QR code on each ticket)`);
  console.log(`  Receipt check    ${base}/v/<code>   (the QR code on each counter receipt)`);
  console.log(`  Health           ${base}/api/health`);
  if (demo) {
    const now = Date.now();
    const links = await store.tx(async (q) => {
      const made = [];
      for (const role of DEMO_ROLES) made.push(await createEnrollment(q, { officeId: PILOT_OFFICE_ID, role, createdBy: 'demo', now }));
      return made;
    });
    const { bookings, timeZone } = await store.tx(async (q) => {
      const office = await q.query<{ config: OfficeConfig }>('SELECT config FROM offices WHERE office_id = $1', [PILOT_OFFICE_ID]);
      const config = office[0]?.config;
      return { bookings: config ? await seedDemoBookings(q, config, now) : [], timeZone: config?.settings.timeZone ?? 'Asia/Riyadh' };
    });
    console.log('\nDemo enrollment links (single use, valid 24 h):');
    for (const e of links) console.log(`  ${e.role.padEnd(8)} ${base}${e.link}`);
    console.log('\nDemo accounts:');
    console.log(`  Supervisor  ${DEMO_SUPERVISOR.username} / ${DEMO_SUPERVISOR.password}`);
    console.log(`  Director    ${DEMO_DIRECTOR.username} / ${DEMO_DIRECTOR.password} (reads every office, changes nothing)`);
    console.log(`  Officers    badges ${PILOT_OFFICERS[0]?.badge}–${PILOT_OFFICERS.at(-1)?.badge}, PIN ${DEMO_PIN}`);
    console.log('  Counters    1–4 men, 5–8 women');
    console.log('  Residents   iqama numbers 2100000005, 2100012372, 2100024740, … (the synthetic registry)');
    console.log('  SMS codes   printed below as "[sms] to …1234: security code NNNNNN" (the last four digits of the mobile) when a counter sends one (no SMS leaves the demo)');
    if (handoff) console.log('  History     npm run simulate -- --months 6   (six months of pilot history, run by this server)');
    if (bookings.length) {
      console.log(`  Bookings    (check in at the kiosk: "I have an appointment"; office time, ${timeZone})`);
      const clock = new Intl.DateTimeFormat('en-GB', { timeZone: timeZone, hour: '2-digit', minute: '2-digit' });
      for (const b of bookings) console.log(`              ${b.code}  ${clock.format(b.slotAt)}  ${b.sectionId}`);
    }
    console.log('');
  }

  // A few seconds after start, not at once: after a crash the devices come back first, and
  // on the embedded store (one connection) their pushes would otherwise wait behind months
  // of figures being read (restarts got slower as the data grew; npm run chaos showed it).
  setTimeout(() => void warmFigures(store, metrics), WARM_AFTER_MS).unref();
  messages.start();
  turnNotices.start();
  ishaar.start();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: shutting down`);
    handoff?.close();
    server.close(() => {
      void Promise.all([messages.stop(), turnNotices.stop(), ishaar.stop()])
        .then(() => store.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            console.error('[server] closing the store failed:', err);
            process.exit(1);
          },
        );
    });
    // Live SSE streams never end on their own: cut them so close() can finish.
    if ('closeAllConnections' in server) server.closeAllConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Reads every office's figures into memory in the background, so the console's first
 * question after a start is answered from memory (months of pilot take seconds to read).
 */
/** How long after start the console's figures are read into memory. */
const WARM_AFTER_MS = 5000;

async function warmFigures(store: Awaited<ReturnType<typeof openStore>>, metrics: MetricsCache): Promise<void> {
  const started = Date.now();
  try {
    const offices = await store.query<{ office_id: string }>('SELECT office_id FROM offices ORDER BY office_id');
    for (const { office_id } of offices) await metrics.office(office_id, Date.now());
    console.log(`[server] figures of ${offices.length} office(s) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error('[server] reading the figures at start failed (they load on first use):', err);
  }
}

main().catch((err: unknown) => {
  console.error('[server] failed to start:', err);
  process.exit(1);
});

/** ISHAAR_PASSPORT_DAYS: whole days, 0–365 (default 30); checked at start. */
function passportDaysOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0 || days > 365) throw new Error(`ISHAAR_PASSPORT_DAYS must be a whole number of days (0–365), got "${value}"`);
  return days;
}

/** PUBLIC_URL: the address phones reach this server at (the links on printed tickets); checked at start. */
function publicUrlOf(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an address like https://jawazat.example.sa, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`PUBLIC_URL must start with https:// or http://, got "${value}"`);
  return url.origin;
}
