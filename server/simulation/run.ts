/**
 * A whole simulated pilot: months of office days, up to yesterday, into a store. For each
 * day and office the day model plays the day (day.ts), heartbeats and bookings are added,
 * and delivery writes it all through the store's own code (delivery.ts); the registry copy
 * is refreshed and the next day follows. At the end the simulated devices are revoked (so
 * the live console does not show them as silent; their history stays) and the offices'
 * pilot start is set to the first simulated day. Deterministic for a seed.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTINGS, serviceDayOf, shiftsOf } from '../../shared/domain/office.ts';
import { PokeHub } from '../sync/pokes.ts';
import { createApp } from '../app.ts';
import type { AppDeps } from '../http/context.ts';
import { seedRegistry } from '../registry/seed.ts';
import type { Store } from '../store/index.ts';
import { at, meanDailyWeight, rampUp, runDays, weekdayOf } from './calendar.ts';
import { DayModel, type OfficeRun } from './day.ts';
import { Delivery } from './delivery.ts';
import { heartbeats } from './heartbeats.ts';
import { DEFAULT_TUNING, VOLUMES, type Tuning } from './model.ts';
import type { Op } from './ops.ts';
import { Registry } from './people.ts';
import { planBookings, type BookedSlot } from './plan.ts';
import { Rng } from './rng.ts';
import { SupervisorDesk } from './sessions.ts';
import { officeConfigs, prepareOffice, refuseSecondRun } from './setup.ts';
import { Stats, type Summary } from './stats.ts';
import { finishOffice } from './finish.ts';

export interface SimulationOptions {
  readonly months: number;
  /** Overrides `months`: this many days up to yesterday (tests). */
  readonly days?: number | undefined;
  readonly offices: number;
  readonly seed: number;
  /** A named volume, or the mean tickets per office day. */
  readonly volume: keyof typeof VOLUMES | number;
  /** The rare things made common (tests). */
  readonly tuning?: Partial<Tuning> | undefined;
  /** The real clock: the history ends the day before this (default now). */
  readonly now?: number | undefined;
  /** Stops after the day in progress (its devices are still revoked). */
  readonly signal?: AbortSignal | undefined;
}

export const DEFAULT_OPTIONS: SimulationOptions = { months: 6, offices: 1, seed: 20_260_901, volume: 'normal' };

export type Progress =
  | { readonly type: 'start'; readonly firstDay: string; readonly lastDay: string; readonly days: number; readonly offices: number }
  | { readonly type: 'day'; readonly day: string; readonly done: number; readonly total: number; readonly tickets: number; readonly mutations: number; readonly elapsedMs: number }
  | { readonly type: 'done'; readonly summary: Summary; readonly elapsedMs: number; readonly stopped: boolean };

/** Phone endpoints without limits for the simulator's own app (one "client" makes every resident's requests). */
const UNLIMITED = { burst: 1e9, perMinute: 1e9 };

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `${pkg.version ?? '0.0.0'}+simulated`;
}

export async function runSimulation(store: Store, options: SimulationOptions, onProgress: (p: Progress) => void = () => {}): Promise<Summary> {
  const started = performance.now();
  const tuning: Tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const volume = typeof options.volume === 'number' ? options.volume : VOLUMES[options.volume];
  const today = serviceDayOf(options.now ?? Date.now(), DEFAULT_SETTINGS.timeZone);
  const days = runDays(today, options);
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  if (!firstDay || !lastDay) throw new Error('nothing to simulate: the run has no days');
  onProgress({ type: 'start', firstDay, lastDay, days: days.length, offices: options.offices });

  const clock = { now: at(firstDay, 0, DEFAULT_SETTINGS.timeZone) - 86_400_000 + 8 * 3_600_000 };
  const pokes = new PokeHub(); // its own: live devices are not told to pull history
  const publicLimits = { perCode: UNLIMITED, writesPerCode: UNLIMITED, missesPerClient: UNLIMITED };
  const errors: unknown[] = [];
  const app = createApp({ store, clock: () => clock.now, pokes, publicLimits, onError: (err) => errors.push(err) });
  // Its security codes are read from the outbox by the simulated residents (simulation/delivery.ts), not delivered.
  const deps: AppDeps = { store, clock: () => clock.now, pokes, defaultOfficeId: 'riyadh-north', publicLimits, publicUrl: null, messages: { kick: () => {} }, turnNotices: { changed: () => {} } };
  // A registry made for the run starts at the pilot's first day, so its dates make sense then.
  const stats = new Stats();
  const configs = officeConfigs(options.offices);
  await refuseSecondRun(store, configs);
  await stats.time('setup', () => seedRegistry(store, { today: firstDay, now: clock.now }));
  const registry = await Registry.load(store);
  const offices: OfficeRun[] = [];
  for (const [i, config] of configs.entries()) {
    offices.push(await stats.time('setup', () => prepareOffice({ store, app, clock, seed: options.seed }, config, i)));
  }
  const bookings = new Map<string, BookedSlot[]>(); // by office and day
  const version = appVersion();
  let stopped = false;

  for (const [dayIndex, day] of days.entries()) {
    for (const office of offices) {
      const { config } = office;
      const shifts = shiftsOf(config.settings);
      const rng = Rng.for(options.seed, 'day', office.index, day);
      const officeVolume = volume * (office.index === 0 ? 1 : Rng.for(options.seed, 'volume', office.index).float(0.75, 1.1));
      const perWeight = (officeVolume * rampUp(dayIndex) * rng.logNormal(1, 0.08)) / meanDailyWeight(shifts);
      const todays = bookings.get(`${office.officeId}/${day}`) ?? [];
      for (const b of todays) if (b.idNumber) registry.usedToday.add(b.idNumber); // booked people are kept for their slot
      const model = new DayModel({ office, rng, day, dayIndex, weekday: weekdayOf(day), perWeight, tuning, registry, bookings: todays });
      const booked = (forDay: string): readonly BookedSlot[] => bookings.get(`${office.officeId}/${forDay}`) ?? [];
      const ops: Op[] = await stats.time('model', () => [...model.run(), ...bookingOps(rng, tuning, registry, day, lastDay, office, dayIndex, booked)]);
      ops.push(...heartbeats(rng, ops, [...office.kiosks, ...office.boards], shifts, day, config.settings.timeZone));
      const ordered = ops.map((op, i) => ({ op, i })).sort((a, b) => a.op.arriveAt - b.op.arriveAt || a.i - b.i).map((x) => x.op);
      const supervisor = new SupervisorDesk(store, office.officeId);
      const delivery = new Delivery({
        store, app, deps, clock, stats, officeId: office.officeId, kiosks: office.kiosks, supervisor,
        sessionHours: config.settings.sessionHours, appVersion: version, delivered: [],
        booked: (forDay, b) => {
          const key = `${office.officeId}/${forDay}`;
          bookings.set(key, [...(bookings.get(key) ?? []), { ...b, sectionId: b.sectionId === 'women' ? 'women' : 'men', service: b.service as BookedSlot['service'] }]);
        },
      });
      await delivery.deliver(ordered);
      // The supervisor signs out after the day's last phone booking.
      const lastBooking = Math.max(0, ...ordered.flatMap((op) => (op.kind === 'book' ? [op.at] : [])));
      await supervisor.signOut(lastBooking + rng.int(2, 30) * 60_000);
      if (errors.length) throw new Error(`the store failed during the simulation of ${day}`, { cause: errors[0] });
      stats.tickets += ordered.filter((op) => op.kind === 'mutation' && op.name === 'ticket.issue').length;
      await stats.time('registry', () => registry.refresh(store, model.people));
      bookings.delete(`${office.officeId}/${day}`);
    }
    registry.usedToday.clear();
    stats.days += 1;
    onProgress({ type: 'day', day, done: dayIndex + 1, total: days.length, tickets: stats.tickets, mutations: stats.mutations, elapsedMs: performance.now() - started });
    if (options.signal?.aborted && dayIndex + 1 < days.length) {
      stopped = true;
      break;
    }
  }
  for (const office of offices) {
    await stats.time('finish', () => finishOffice({ store, app, clock }, office, firstDay, at(lastDay, 23 * 60 + 50, office.config.settings.timeZone)));
  }
  const summary = stats.summary();
  onProgress({ type: 'done', summary, elapsedMs: performance.now() - started, stopped });
  return summary;
}

/** The phone bookings the supervisor takes today for the coming days, each for a person the rules allow then. */
function bookingOps(
  rng: Rng, tuning: Tuning, registry: Registry, day: string, lastDay: string, office: OfficeRun, dayIndex: number,
  booked: (forDay: string) => readonly BookedSlot[],
): Op[] {
  const { config } = office;
  const count = Math.round(tuning.bookingsPerDay * rampUp(dayIndex) * rng.float(0.8, 1.2));
  const taken = new Set<string>(); // "day/id": one booking per person and day (a second would find the record changed by the first)
  return planBookings(rng, tuning, count, day, lastDay, shiftsOf(config.settings), config.settings.timeZone).map((b) => {
    const isTaken = (id: string): boolean => taken.has(`${b.forDay}/${id}`) || booked(b.forDay).some((x) => x.idNumber === id);
    let person = rng.chance(0.75) ? registry.choose(rng, b.slot.sectionId, b.slot.service, b.forDay, true) : null;
    for (let i = 0; i < 3 && person && isTaken(person.person.idNumber); i++) person = registry.choose(rng, b.slot.sectionId, b.slot.service, b.forDay, true);
    const idNumber = person && !isTaken(person.person.idNumber) ? person.person.idNumber : null;
    if (idNumber) taken.add(`${b.forDay}/${idNumber}`);
    return { kind: 'book', at: b.at, arriveAt: b.at, forDay: b.forDay, booking: { ...b.slot, idNumber } };
  });
}
