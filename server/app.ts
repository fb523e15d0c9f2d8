/**
 * The HTTP API as a Hono app with no socket attached: main.ts serves it, tests and the
 * in-process sync simulator call `app.request()` / `app.fetch` directly. Cross-cutting
 * rules live here: one JSON error shape, no caching of API answers, a body size cap,
 * JSON 404/405, and 500s that never leak internals.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES } from '../shared/sync/protocol.ts';
import { DEFAULT_PUBLIC_LIMITS, type AppDeps, type AppEnv, type PublicLimits } from './http/context.ts';
import { errorBody, errorResponse, HttpError } from './http/errors.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAdminAuditRoutes } from './routes/adminAudit.ts';
import { registerAdminMessageRoutes } from './routes/adminMessages.ts';
import { registerDeliveryReportRoutes } from './routes/deliveryReports.ts';
import { registerAdminEstablishmentKeyRoutes } from './routes/adminEstablishmentKeys.ts';
import { registerBorderEventRoutes } from './routes/borderEvents.ts';
import { registerEstablishmentRoutes } from './routes/establishments.ts';
import { registerAdminConfigRoutes } from './routes/adminConfig.ts';
import { registerAppointmentRoutes } from './routes/appointments.ts';
import { registerAdminOfficerRoutes } from './routes/adminOfficers.ts';
import { registerAdminMetricsRoutes } from './routes/adminMetrics.ts';
import { registerAdminReportRoutes } from './routes/adminReports.ts';
import { registerCounterRoutes } from './routes/counter.ts';
import { registerCounterEstablishmentRoutes } from './routes/counterEstablishments.ts';
import { registerDeviceRoutes } from './routes/devices.ts';
import { registerPublicRoutes } from './routes/public.ts';
import { registerReceiptRoutes } from './routes/receipts.ts';
import { registerRegistryRoutes } from './routes/registry.ts';
import { registerSecurityCodeRoutes } from './routes/securityCodes.ts';
import { registerSyncRoutes } from './routes/sync.ts';
import type { Store } from './store/index.ts';
import { PokeHub } from './sync/pokes.ts';
import { MetricsCache } from './metrics/officeData.ts';

export type { AppDeps, AppEnv, AuthDevice, AuthSupervisor } from './http/context.ts';
export { PokeHub } from './sync/pokes.ts';

export interface CreateAppOptions {
  readonly store: Store;
  /** Server clock in epoch ms (default Date.now); tests pass a fake one. */
  readonly clock?: () => number;
  /** Poke hub for SSE; pass one to observe or publish from outside the app. */
  readonly pokes?: PokeHub;
  /** Office a supervisor signs in to when the sign-in does not name one (default riyadh-north). */
  readonly defaultOfficeId?: string;
  /** One line per request (method, path, status, ms); tokens never appear in it. */
  readonly log?: (line: string) => void;
  /** Unexpected errors (the 500s), for the server log; default console.error. */
  readonly onError?: (err: unknown) => void;
  /** The figures' data in memory (default: a cache of this app's own); pass one to share it. */
  readonly metrics?: MetricsCache;
  /** Limits of the phone endpoints (default DEFAULT_PUBLIC_LIMITS). */
  readonly publicLimits?: PublicLimits;
  /** The notification outbox's delivery worker (server/notifications/delivery.ts); none: messages wait in the outbox. */
  readonly messages?: { kick(): void };
  /** "Your turn is near" (server/notifications/ticketNotices.ts), told of queue changes; none: not sent. */
  readonly turnNotices?: { changed(officeId: string): void };
  /** The key the SMS gateway signs its delivery reports with (SMS_GATEWAY_REPORT_KEY); none: reports are refused. */
  readonly deliveryReportKey?: string | null;
  /** The key the border feed sends entry and exit events with (BORDER_FEED_KEY); none: events are refused. */
  readonly borderFeedKey?: string | null;
  /** The address phones reach the server at (PUBLIC_URL), for the links kiosks print; null: the kiosk's own. */
  readonly publicUrl?: string | null;
}

/**
 * What a request line logs: the route's pattern, never the path itself (paths carry iqama,
 * border and visa numbers, ticket and receipt codes), never the query string or headers
 * (tokens travel in headers). A path no route matched is logged only by its first two
 * segments, without control characters (a "%0A" in a path must not forge a log line).
 */
export function loggablePath(routePath: string | undefined, path: string): string {
  if (routePath && routePath !== '*' && routePath !== '/*' && routePath !== '/api/*') return routePath;
  const head = path.split('/').slice(0, 3).join('/');
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return `${head.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 60)}/…`;
}

/**
 * An unexpected error as the log keeps it: its kind, message and SQLSTATE, and where it
 * happened; never the statement's parameters (a service request, a receipt code) that
 * database drivers attach to their errors.
 */
export function loggableError(err: unknown): string {
  if (!(err instanceof Error)) return `non-error thrown: ${typeof err}`;
  const code = (err as { code?: unknown }).code;
  const stack = (err.stack ?? '').split('\n').slice(1, 6).join('\n');
  // eslint-disable-next-line no-control-regex -- a message may quote what a client sent
  const message = err.message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?').slice(0, 300);
  return `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message}\n${stack}`;
}

export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const deps: AppDeps = {
    store: options.store,
    clock: options.clock ?? Date.now,
    pokes: options.pokes ?? new PokeHub(),
    defaultOfficeId: options.defaultOfficeId ?? 'riyadh-north',
    publicLimits: options.publicLimits ?? DEFAULT_PUBLIC_LIMITS,
    publicUrl: options.publicUrl ?? null,
    messages: options.messages ?? { kick: () => {} },
    turnNotices: options.turnNotices ?? { changed: () => {} },
  };
  const log = options.log;
  const onError = options.onError ?? ((err: unknown) => console.error(`[server] unhandled error: ${loggableError(err)}`));
  const app = new Hono<AppEnv>();

  if (log) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      log(`${c.req.method} ${loggablePath(c.req.routePath, c.req.path)} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
    });
  }

  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(errorBody('payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`), 413),
    }),
  );

  registerDeviceRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerCounterRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerAdminOfficerRoutes(app, deps);
  registerAdminReportRoutes(app, deps);
  registerAdminConfigRoutes(app, deps);
  registerAdminAuditRoutes(app, deps);
  registerAdminMessageRoutes(app, deps);
  registerAdminMetricsRoutes(app, deps, options.metrics ?? new MetricsCache(options.store));
  registerAppointmentRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerSecurityCodeRoutes(app, deps);
  registerCounterEstablishmentRoutes(app, deps);
  registerPublicRoutes(app, deps);
  registerReceiptRoutes(app, deps);
  registerDeliveryReportRoutes(app, deps, options.deliveryReportKey ?? null);
  registerAdminEstablishmentKeyRoutes(app, deps);
  registerEstablishmentRoutes(app, deps);
  registerBorderEventRoutes(app, deps, options.borderFeedKey ?? null);

  app.all('/api/*', (c) => c.json(errorBody('not_found', `no API route ${c.req.method} ${c.req.path}`), 404));
  app.notFound((c) => c.json(errorBody('not_found', `nothing at ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    onError(err);
    return c.json(errorBody('internal', 'internal server error'), 500);
  });
  return app;
}
