/**
 * The one way the device apps and the console call the server's REST routes: base URL,
 * bearer token, JSON in and out, and every failure as an ApiRequestError with the server's
 * `{ error: { code, message } }` code and the HTTP status ("offline", status 0, when the
 * network is down or the call timed out). Each app's wrapper (adminApi, counterApi, ...)
 * keeps its public functions and turns this error into its own where screens expect one.
 * The sync loop keeps its own request function (shared/device/syncClient.ts).
 */
import type { ApiError } from '../sync/protocol.ts';
import type { HttpMethod } from './contract/route.ts';

export type { HttpMethod } from './contract/route.ts';

/** A refused or failed call: the server's code (or "offline", "unauthorized", "server_error", "unexpected") and status. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** The server's `error.details`, when it sent any. */
    readonly details?: unknown,
    /** True when the code is the server's own (its error body), false when this helper chose it. */
    readonly fromServer = false,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface RequestOptions {
  readonly method?: HttpMethod;
  /** Sent as `authorization: Bearer <token>` when set. */
  readonly token?: string | null;
  /** Sent as JSON when not undefined. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How to read a successful answer: parsed JSON (null when there is none), or a Blob. */
  readonly as?: 'json' | 'blob';
  /** Prefixed to `path` (default: same origin). */
  readonly baseUrl?: string;
  readonly signal?: AbortSignal;
  /** Gives up after this many milliseconds, failing as "offline"; unset: no limit. */
  readonly timeoutMs?: number;
  /** Replaceable for tests. */
  readonly fetch?: typeof fetch;
}

/** The code for a failure whose body named none. */
function fallbackCode(status: number): string {
  return status === 401 ? 'unauthorized' : status >= 500 ? 'server_error' : 'unexpected';
}

/** One call to the server; resolves with the answer's body, throws ApiRequestError otherwise. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', token, body, as = 'json', baseUrl = '', signal, timeoutMs, fetch: doFetch = (...a) => fetch(...a) } = options;
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
  let response: Response;
  try {
    response = await doFetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      ...(signals.length ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
    });
  } catch {
    throw new ApiRequestError('offline', 'The server cannot be reached', 0);
  }
  if (response.ok && as === 'blob') return (await response.blob()) as T;
  const parsed = (await response.json().catch(() => null)) as T | ApiError | null;
  if (!response.ok) {
    const error = (parsed as ApiError | null)?.error;
    throw new ApiRequestError(error?.code ?? fallbackCode(response.status), error?.message ?? `HTTP ${response.status}`, response.status, error?.details, error?.code !== undefined);
  }
  return parsed as T;
}
