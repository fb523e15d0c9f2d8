/**
 * What a run did, counted as the store answered: changes applied and refused (by reason),
 * the refusals the model intended (a person the rules refuse) against any other, and the
 * routes' answers. "Unexpected" is anything live traffic would not have seen: a refused
 * change the model did not intend, an intended refusal the store accepted, a route error.
 */
export interface Summary {
  readonly days: number;
  readonly tickets: number;
  readonly mutations: number;
  readonly pushes: number;
  readonly beats: number;
  readonly applied: Readonly<Record<string, number>>;
  readonly refusals: Readonly<Record<string, number>>;
  readonly routes: Readonly<Record<string, number>>;
  readonly unexpected: Readonly<Record<string, number>>;
  readonly samples: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

const MAX_SAMPLES = 20;

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export class Stats {
  days = 0;
  tickets = 0;
  mutations = 0;
  pushes = 0;
  beats = 0;
  readonly applied: Record<string, number> = {};
  readonly refusals: Record<string, number> = {};
  readonly routes: Record<string, number> = {};
  readonly unexpected: Record<string, number> = {};
  readonly samples: string[] = [];
  /** Milliseconds spent per kind of work (push, heartbeats, each route, sealing, the day model). */
  readonly timings: Record<string, number> = {};

  /** Runs `work`, adding its duration to `kind`. */
  async time<T>(kind: string, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.timings[kind] = (this.timings[kind] ?? 0) + performance.now() - started;
    }
  }

  /** One change's result: `refused` is the store's reason code, or null when it applied. */
  count(name: string, refused: string | null, intended: boolean, message: string): void {
    this.mutations += 1;
    if (refused === null) bump(this.applied, name);
    else bump(this.refusals, refused);
    if (refused === null && !intended) return;
    if (intended && refused === 'transaction_refused') return;
    this.#unexpected(`${name}:${refused ?? 'applied though the rules refuse it'}`, message);
  }

  /** One route's answer; false (and counted as unexpected) when it is not the one expected. */
  route(kind: string, status: number, expected: number, body: unknown): boolean {
    if (status === expected) {
      bump(this.routes, kind);
      return true;
    }
    this.#unexpected(`${kind}:${status}`, JSON.stringify(body));
    return false;
  }

  #unexpected(key: string, detail: string): void {
    bump(this.unexpected, key);
    if (this.samples.length < MAX_SAMPLES) this.samples.push(`${key} ${detail}`.slice(0, 300));
  }

  get unexpectedCount(): number {
    return Object.values(this.unexpected).reduce((s, n) => s + n, 0);
  }

  summary(): Summary {
    return {
      days: this.days, tickets: this.tickets, mutations: this.mutations, pushes: this.pushes, beats: this.beats,
      applied: { ...this.applied }, refusals: { ...this.refusals }, routes: { ...this.routes }, unexpected: { ...this.unexpected },
      samples: [...this.samples],
      timings: Object.fromEntries(Object.entries(this.timings).map(([k, v]) => [k, Math.round(v)])),
    };
  }
}
