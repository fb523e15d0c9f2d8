/**
 * The database seam: everything above this folder speaks plain SQL with $1 parameters
 * through these two interfaces, so the same code runs on PGlite (a single-file pilot)
 * and on PostgreSQL (a national rollout) without knowing which one it has.
 */

/** A SQL parameter. Objects go in as JSON text (`$1::jsonb`), times as Date. */
export type SqlParam = string | number | boolean | null | Date;

/** Something that runs SQL: the store itself, or one open transaction. */
export interface Queryable {
  /** Runs one statement with $1.. parameters and returns its rows. */
  query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export interface Store extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Row locks taken with FOR UPDATE hold until then.
   */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** postgres://… : use PostgreSQL. Takes precedence over dataDir. */
  readonly databaseUrl?: string;
  /** PGlite data directory on disk; undefined means in memory (tests). */
  readonly dataDir?: string;
  /**
   * PGlite only: a tarball made by `dumpPgliteTemplate`, loaded instead of running
   * initdb. Tests use it to open a fresh in-memory database in well under a second.
   */
  readonly pgliteTemplate?: Blob;
  /**
   * PGlite on disk: flush each committed write to the disk (default true). Off only for
   * benchmarks that measure what durability costs.
   */
  readonly durable?: boolean;
  /** PGlite on disk: how often a store that wrote takes a checkpoint (default 5 minutes; tests shorten it). */
  readonly checkpointEveryMs?: number;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
}

/** SQLSTATE of a failed statement, for either engine (both expose `code`). */
export function sqlStateOf(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
  }
  return null;
}
