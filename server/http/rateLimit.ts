/**
 * Request limits for the endpoints anyone can call without a token (the phone status
 * page), as token buckets in memory. Phones in a mall share the mall Wi-Fi's address,
 * so ordinary use is limited per ticket code (a phone polls its own code), and only
 * misses (codes that do not exist: someone guessing) are limited per client address.
 * One server process per office is the pilot's shape; several instances would each
 * limit on their own (a shared store can replace the map behind the same interface).
 */
import { HttpError } from './errors.ts';

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
