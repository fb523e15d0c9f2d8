/**
 * Small routing helpers shared by the route modules: a 405 for known paths called with
 * the wrong method, and strict query-integer parsing.
 */
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import { errorBody, HttpError } from './errors.ts';

/** Registers a 405 fallback for each path; call after the path's real handlers. */
export function methodNotAllowed(app: Hono<AppEnv>, paths: readonly string[]): void {
  for (const path of paths) {
    app.all(path, (c) => c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.routePath}`), 405));
  }
}

/** A non-negative integer query parameter within [min, max]; `fallback` when absent; 400 otherwise. */
export function queryInt(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw new HttpError(400, 'invalid_request', `${name}: must be a whole number`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, 'invalid_request', `${name}: must be between ${min} and ${max}`);
  }
  return value;
}
