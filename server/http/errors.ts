/**
 * One error shape for every endpoint ({error:{code,message}}, see ApiError in the
 * protocol) and the helpers that produce it: HttpError to throw from a handler (which
 * also rolls back the request's transaction), body parsing that names the bad field.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import type { ApiError } from '../../shared/sync/protocol.ts';

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: string, message: string, details?: unknown): ApiError {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function errorResponse(c: Context, err: HttpError): Response {
  const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (err.status === 429 && typeof retry === 'number') c.header('Retry-After', String(retry));
  return c.json(errorBody(err.code, err.message, err.details), err.status);
}

/** Valibot issues → "field: why" for the first issue (what a developer needs to fix it). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid request';
  const path = v.getDotPath(issue);
  if (issue.kind === 'schema' && issue.received === 'undefined' && path) return `${path}: is required`;
  if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.expected === 'never' && path) return `${path}: unknown field`;
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Validates `value` against `schema` or throws 400 `invalid_request` naming the field. */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new HttpError(400, 'invalid_request', describeIssues(result.issues));
  return result.output;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'request body is not valid JSON');
  }
}

/** Reads the body as JSON (400 `bad_json` when it is not) and validates it. */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  return validate(schema, parseJson(await c.req.text()));
}

/** Like readJson, for endpoints whose body is optional: none at all (older clients) reads as `{}` checked by the schema. */
export async function readOptionalJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await c.req.text();
  return validate(schema, text.trim() === '' ? {} : parseJson(text));
}

/** Removes what PostgreSQL text and jsonb cannot hold (NUL, lone surrogates) from untrusted text. */
export function cleanText(value: string): string {
  return value.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * What JSON.stringify writes for the characters cleanText replaces: U+0000 and lone
 * surrogates come out as escapes (paired surrogates as themselves). Without one of these
 * in the text there was nothing to clean. A backslash written before "u0000" also
 * matches; that only sends the value the slow way.
 */
const NEEDS_CLEANING = /\\u(?:0000|d[89a-f])/i;

/** JSON text for a jsonb parameter, with every string and key cleaned. */
export function toJsonb(value: unknown): string {
  // Most values hold nothing to clean: one plain stringify (a quarter of the cost of the
  // replacer, which a push pays for every change's ledger row) and a scan of its text.
  const plain = JSON.stringify(value);
  if (typeof plain !== 'string' || !NEEDS_CLEANING.test(plain)) return plain;
  return JSON.stringify(value, (_key, val: unknown) => {
    if (typeof val === 'string') return cleanText(val);
    if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
      const entries = Object.entries(val);
      if (entries.some(([k]) => cleanText(k) !== k)) return Object.fromEntries(entries.map(([k, x]) => [cleanText(k), x]));
    }
    return val;
  });
}
