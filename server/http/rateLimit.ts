/**
 * Request limits for the endpoints anyone can call without a token (the phone status
 * page), as token buckets in memory. Phones in a mall share the mall Wi-Fi's address,
 * so ordinary use is limited per ticket code (a phone polls its own code), and only
 * misses (codes that do not exist: someone guessing) are limited per client address.
 * One server process per office is the pilot's shape; several instances would each
 * limit on their own (a shared store can replace the map behind the same interface).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { HttpError } from './errors.ts';

/** The client's address as the socket sees it (a proxy in front must pass it on). */
export function clientOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // called in process (tests), no socket
  }
}

export interface Limit {
  /** Requests allowed in a burst. */
  readonly burst: number;
  /** Sustained requests per minute. */
  readonly perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_KEYS = 50_000;

export class Limiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: Limit,
    private readonly clock: () => number,
  ) {}

  #bucket(key: string): Bucket {
    const now = this.clock();
    const bucket = this.#buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) * this.limit.perMinute) / 60_000);
    bucket.at = now;
    this.#buckets.delete(key); // re-insert: the map's order is least recently used first
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_KEYS) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    return bucket;
  }

  /** Throws 429 (with the seconds to wait) when `key` has no request left. */
  check(key: string): void {
    const bucket = this.#bucket(key);
    if (bucket.tokens >= 1) return;
    const waitS = Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.limit.perMinute));
    throw new HttpError(429, 'rate_limited', `too many requests; try again in ${waitS} s`, { retryAfterSeconds: waitS });
  }

  /** Spends one request of `key` (after `check` let it through). */
  spend(key: string): void {
    const bucket = this.#bucket(key);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /** check + spend. */
  take(key: string): void {
    this.check(key);
    this.spend(key);
  }
}

/**
 * A delay that grows with failures, per key (a client's address): the first `free` failures
 * cost nothing, then each one doubles the wait before the next attempt, from `firstMs` up
 * to `maxMs`; a success clears the key. Used for sign-in instead of an account lock, which
 * anyone typing wrong passwords could keep closed on its owner (issue 12, point 3).
 */
export interface BackoffPolicy {
  readonly free: number;
  readonly firstMs: number;
  readonly maxMs: number;
}

export class Backoff {
  readonly #failures = new Map<string, { count: number; until: number }>();

  constructor(
    readonly policy: BackoffPolicy,
    private readonly clock: () => number,
  ) {}

  /** Throws 429 (with the seconds to wait) while `key` must still wait. */
  check(key: string): void {
    const entry = this.#failures.get(key);
    const waitMs = entry ? entry.until - this.clock() : 0;
    if (waitMs <= 0) return;
    const waitS = Math.ceil(waitMs / 1000);
    throw new HttpError(429, 'rate_limited', `too many failed sign-ins from here; try again in ${waitS} s`, { retryAfterSeconds: waitS });
  }

  /** One more failure of `key`; returns the wait it now owes (ms). */
  fail(key: string): number {
    const count = (this.#failures.get(key)?.count ?? 0) + 1;
    const over = count - this.policy.free;
    const waitMs = over <= 0 ? 0 : Math.min(this.policy.maxMs, this.policy.firstMs * 2 ** (over - 1));
    this.#failures.delete(key); // re-insert: least recently failed first
    this.#failures.set(key, { count, until: this.clock() + waitMs });
    if (this.#failures.size > MAX_KEYS) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    return waitMs;
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }
}
