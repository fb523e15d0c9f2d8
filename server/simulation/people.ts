/**
 * Who comes to the counter: the simulator's copy of the resident registry, read from the
 * store and refreshed after each day, so it picks real residents (and their real record
 * versions) that the shared rules allow for a service, or, for the intended refusals, a
 * person the rules refuse. The store decides again on its own record; this copy only
 * chooses people, as an officer's lookup would show them.
 */
import { DEFAULT_FEES, type FeeSchedule } from '../../shared/domain/fees.ts';
import type { ServiceId } from '../../shared/domain/catalog.ts';
import type { IsoDate } from '../../shared/domain/dates.ts';
import type { EstablishmentRecord, ResidentRecord } from '../../shared/domain/resident.ts';
import { decide, type Decision, type ServiceRequest } from '../../shared/domain/rules.ts';
import { defaultRequest, PROFESSION_CODES } from '../../shared/domain/transactionSteps.ts';
import type { Store } from '../store/index.ts';
import type { Rng } from './rng.ts';
import type { Section } from './model.ts';

export interface Person {
  readonly idNumber: string;
  record: ResidentRecord;
  version: number;
  /** Day of the last visit per service, to keep repeat visits as rare as they are. */
  readonly lastVisit: Map<string, IsoDate>;
}

export interface Choice {
  readonly person: Person;
  readonly request: ServiceRequest;
  readonly decision: Decision;
}

const TRIES = 80;
/** A person is not picked again for the same service within this many days (first-visit resolution). */
const REVISIT_DAYS = 30;

export class Registry {
  readonly #bySection: Record<Section, Person[]>;
  readonly #byId = new Map<string, Person>();
  /** Numbers in use today (one counter at a time serves a person). */
  readonly usedToday = new Set<string>();

  private constructor(people: Person[], readonly establishments: readonly EstablishmentRecord[]) {
    for (const p of people) this.#byId.set(p.idNumber, p);
    // The women's section serves women; the men's, men (real mall offices are separated).
    this.#bySection = {
      men: people.filter((p) => p.record.gender === 'male'),
      women: people.filter((p) => p.record.gender === 'female'),
    };
  }

  static async load(store: Store): Promise<Registry> {
    const rows = await store.query<{ id_number: string; record: ResidentRecord; version: string | number }>(
      'SELECT id_number, record, version FROM residents ORDER BY id_number',
    );
    const est = await store.query<{ record: EstablishmentRecord }>('SELECT record FROM establishments ORDER BY establishment_id');
    if (rows.length === 0) throw new Error('the resident registry is empty');
    const people = rows.map((r) => ({ idNumber: r.id_number, record: r.record, version: Number(r.version), lastVisit: new Map() }));
    return new Registry(people, est.map((e) => e.record));
  }

  /** A copy made from records directly (a dry run of the day model without a store). */
  static of(residents: readonly ResidentRecord[], establishments: readonly EstablishmentRecord[]): Registry {
    return new Registry(residents.map((record) => ({ idNumber: record.idNumber, record, version: 1, lastVisit: new Map() })), establishments);
  }

  get size(): number {
    return this.#byId.size;
  }

  get(idNumber: string): Person | undefined {
    return this.#byId.get(idNumber);
  }

  /** Re-reads the records the store changed (after a day's transactions were delivered). */
  async refresh(store: Store, ids: Iterable<string>): Promise<void> {
    const list = [...new Set(ids)];
    for (let i = 0; i < list.length; i += 500) {
      const chunk = list.slice(i, i + 500);
      const rows = await store.query<{ id_number: string; record: ResidentRecord; version: string | number }>(
        `SELECT id_number, record, version FROM residents WHERE id_number = ANY(string_to_array($1, ','))`,
        [chunk.join(',')],
      );
      for (const r of rows) {
        const p = this.#byId.get(r.id_number);
        if (p) {
          p.record = r.record;
          p.version = Number(r.version);
        }
      }
    }
  }

  /**
   * A person of `section` for `service` on `today`: one the rules allow (`eligible`), or
   * one they refuse; null when none was found in a fair number of tries (the officer then
   * finds the resident not eligible and cancels).
   */
  choose(rng: Rng, section: Section, service: ServiceId, today: IsoDate, eligible: boolean, fees: FeeSchedule = DEFAULT_FEES): Choice | null {
    const pool = this.#bySection[section];
    // First someone who has not had this service lately; the registry is small for months of
    // visits, so then anyone not served today.
    for (let i = 0; i < TRIES + TRIES / 2 && pool.length > 0; i++) {
      const person = rng.pick(pool);
      if (this.usedToday.has(person.idNumber) || (i < TRIES && recentlyVisited(person, service, today))) continue;
      const choice = this.consider(rng, person, service, today, fees);
      if (choice.decision.eligible === eligible) return choice;
    }
    return null;
  }

  /** The request an officer would fill in for `person`, and what the rules say about it. */
  consider(rng: Rng, person: Person, service: ServiceId, today: IsoDate, fees: FeeSchedule = DEFAULT_FEES): Choice {
    const request = requestFor(rng, service, person.record, this.establishments, fees, today);
    return { person, request, decision: decide(person.record, request, { today, fees }) };
  }

  /** Marks a person served today for a service. */
  visit(person: Person, service: ServiceId, today: IsoDate): void {
    this.usedToday.add(person.idNumber);
    person.lastVisit.set(service, today);
  }
}

function recentlyVisited(person: Person, service: ServiceId, today: IsoDate): boolean {
  const last = person.lastVisit.get(service);
  return last !== undefined && Date.parse(today) - Date.parse(last) < REVISIT_DAYS * 86_400_000;
}

/**
 * The form as an officer fills it: the desk's defaults (shared/domain/transactionSteps.ts),
 * with a real change where the service needs one (another profession, another sponsor,
 * an address) and now and then a shorter period than the default.
 */
export function requestFor(
  rng: Rng,
  service: ServiceId,
  record: ResidentRecord,
  establishments: readonly EstablishmentRecord[],
  fees: FeeSchedule,
  today: IsoDate,
): ServiceRequest {
  const base = defaultRequest(service, record, fees, today);
  switch (base.service) {
    case 'iqama.renew':
    case 'iqama.issue': {
      const periods = record.profession.domestic ? fees.iqama.domesticWorkerPeriodsMonths : fees.iqama.periodsMonths;
      return rng.chance(0.25) ? { ...base, months: rng.pick(periods) } : base;
    }
    case 'exitReentry.single':
    case 'exitReentry.multiple':
      return rng.chance(0.3) && base.months > 1 ? { ...base, months: rng.int(1, base.months) } : base;
    case 'profession.change': {
      const others = PROFESSION_CODES.filter((c) => c !== record.profession.code);
      return { ...base, profession: { code: rng.pick(others), domestic: false } };
    }
    case 'sponsorship.transfer': {
      const current = record.sponsor.kind === 'establishment' ? record.sponsor.establishmentId : '';
      const others = establishments.filter((e) => e.establishmentId !== current);
      return { ...base, newSponsor: { kind: 'establishment', establishmentId: rng.pick(others).establishmentId } };
    }
    case 'parcel.add': {
      const letters = 'ABCDEFGHIJKLMNOPRSTUVWXYZ';
      const short = Array.from({ length: 4 }, () => letters[rng.int(0, letters.length - 1)]).join('') + rng.digits(4);
      return { ...base, address: { kind: 'short', shortAddress: short } };
    }
    default:
      return base;
  }
}
