/**
 * The simulator's network: sits between each device's sync client and the in-process
 * server, and misbehaves on purpose, deterministically from a seed. It drops requests,
 * drops answers after the server acted, delivers twice, and holds requests back to
 * deliver them later (out of order). Partitioned devices reach nothing.
 */

export { seededRandom } from '../../shared/domain/random.ts';

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  delay: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropResponse: 0, duplicate: 0, delay: 0 };

export type Handler = (request: Request) => Promise<Response>;

export class SimNetwork {
  readonly partitioned = new Set<string>();
  /** Requests held back; delivered later, their answers lost. */
  private readonly held: Request[] = [];
  /** Devices whose next request reaches the server but whose answer is lost (then they crash). */
  private readonly loseNextAnswer = new Set<string>();
  readonly stats = { requests: 0, dropped: 0, lostAnswers: 0, duplicated: 0, concurrentDuplicates: 0, delayed: 0 };

  constructor(
    private readonly random: () => number,
    public faults: FaultRates,
    private readonly server: () => Handler,
  ) {}

  /** A fetch for one device. Every failure looks like a real one: a TypeError from fetch. */
  fetchFor(device: string): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      if (this.partitioned.has(device)) throw new TypeError('Failed to fetch (partitioned)');
      this.stats.requests += 1;
      if (this.loseNextAnswer.delete(device)) {
        await this.server()(request.clone());
        this.stats.lostAnswers += 1;
        throw new TypeError('Failed to fetch (answer lost)');
      }
      const roll = this.random();
      const f = this.faults;
      if (roll < f.dropRequest) {
        this.stats.dropped += 1;
        throw new TypeError('Failed to fetch (request dropped)');
      }
      if (roll < f.dropRequest + f.delay) {
        this.held.push(request.clone());
        this.stats.delayed += 1;
        throw new TypeError('Failed to fetch (request delayed)');
      }
      let response: Response;
      if (roll < f.dropRequest + f.delay + f.duplicate) {
        // Delivered twice: half the time one after the other, half the time at once (two
        // connections racing for the same office lock), the answer of either kept.
        this.stats.duplicated += 1;
        if (this.random() < 0.5) {
          await (await this.server()(request.clone())).text();
          response = await this.server()(request.clone());
        } else {
          this.stats.concurrentDuplicates += 1;
          const [a, b] = await Promise.all([this.server()(request.clone()), this.server()(request.clone())]);
          [response] = this.random() < 0.5 ? [a, await b.text()] : [b, await a.text()];
        }
      } else {
        response = await this.server()(request.clone());
      }
      if (roll < f.dropRequest + f.delay + f.duplicate + f.dropResponse) {
        this.stats.lostAnswers += 1;
        throw new TypeError('Failed to fetch (answer lost)');
      }
      return response;
    };
  }

  loseNextAnswerOf(device: string): void {
    this.loseNextAnswer.add(device);
  }

  /** Delivers some held requests (oldest last, to reorder), discarding their answers. */
  async deliverHeld(count = Infinity): Promise<void> {
    const batch = this.held.splice(0, Math.min(count, this.held.length)).reverse();
    for (const request of batch) await (await this.server()(request)).text();
  }

  get heldCount(): number {
    return this.held.length;
  }
}
