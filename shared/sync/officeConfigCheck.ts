/**
 * What a part of the office configuration means beyond its shape: the checks that look
 * across entries (letters used twice, overlapping shifts), at the calendar and the
 * runtime's time zones (a real date, a known zone), or at the rest of the
 * configuration (a counter's section must exist), how a checked part replaces its piece
 * of the configuration, and the part as a form starts from (defaults filled in). Pure, so
 * the console and the store decide alike; the store adds what only it knows (today's
 * tickets, who is signed in where).
 */
import { catalogOf, DEFAULT_CATALOG } from '../domain/catalog.ts';
import { appointmentSettingsOf } from '../domain/appointments.ts';
import { feesOf } from '../domain/fees.ts';
import { minutesOfClock, pilotOf, shiftsOf, type OfficeConfig } from '../domain/office.ts';
import { queueSettingsOf } from '../domain/queue.ts';
import { SERVICE_GROUPS, type ServiceGroup } from '../domain/services.ts';
import { isDay, isTimeZone, parseConfigPart, type ConfigPart, type ConfigPartBody, type ConfigProblem } from './officeConfigSchema.ts';

/** Paths of entries whose `key` repeats an earlier entry's. */
function duplicates<T>(items: readonly T[], key: (item: T) => unknown, path: (i: number) => string): ConfigProblem[] {
  const seen = new Set<unknown>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ path: path(i), code: 'duplicate' });
    seen.add(k);
  });
  return problems;
}

function sectionProblems(body: ConfigPartBody<'sections'>, current: OfficeConfig): ConfigProblem[] {
  const { sections } = body;
  const problems = [
    ...duplicates(sections, (s) => s.id, (i) => `sections.${i}.id`),
    ...duplicates(sections, (s) => s.letter, (i) => `sections.${i}.letter`),
  ];
  const kept = new Set(sections.map((s) => s.id));
  for (const counter of current.counters) {
    if (!kept.has(counter.sectionId)) {
      problems.push({ path: 'sections', code: 'sectionInUse', params: { section: counter.sectionId, counter: counter.id } });
      break;
    }
  }
  return problems;
}

function counterProblems(body: ConfigPartBody<'counters'>, current: OfficeConfig): ConfigProblem[] {
  const problems = duplicates(body.counters, (c) => c.id, (i) => `counters.${i}.id`);
  const sections = new Set(current.sections.map((s) => s.id));
  body.counters.forEach((c, i) => {
    if (!sections.has(c.sectionId)) problems.push({ path: `counters.${i}.sectionId`, code: 'unknownSection', params: { section: c.sectionId } });
    const skills = c.skills ?? [];
    problems.push(...duplicates(skills, (g) => g, () => `counters.${i}.skills`));
    const unknown = skills.find((g) => !current.serviceGroups.includes(g));
    if (unknown) problems.push({ path: `counters.${i}.skills`, code: 'unknownGroup', params: { group: unknown } });
  });
  return problems;
}

/** Groups with at least one offered service, in the kiosk's order. */
export function groupsOffering(offered: readonly string[]): ServiceGroup[] {
  return SERVICE_GROUPS.filter((g) => DEFAULT_CATALOG.some((e) => e.group === g && offered.includes(e.id)));
}

function serviceProblems(body: ConfigPartBody<'services'>, current: OfficeConfig): ConfigProblem[] {
  const { fees } = body;
  const problems = duplicates(body.offered, (s) => s, (i) => `offered.${i}`);
  const groups = groupsOffering(body.offered);
  for (const counter of current.counters) {
    const lost = (counter.skills ?? []).find((g) => !groups.includes(g));
    if (lost) {
      problems.push({ path: 'offered', code: 'groupInUse', params: { group: lost, counter: counter.id } });
      break;
    }
  }
  for (const kind of ['single', 'multiple'] as const) {
    const visa = fees.exitReentry[kind];
    if (visa.baseMonths > visa.maxMonths) {
      problems.push({ path: `fees.exitReentry.${kind}.baseMonths`, code: 'atMost', params: { limit: visa.maxMonths } });
    }
  }
  problems.push(...duplicates(fees.iqama.periodsMonths, (m) => m, () => 'fees.iqama.periodsMonths'));
  problems.push(...duplicates(fees.iqama.domesticWorkerPeriodsMonths, (m) => m, () => 'fees.iqama.domesticWorkerPeriodsMonths'));
  return problems;
}

function hourProblems(body: ConfigPartBody<'hours'>): ConfigProblem[] {
  const problems = duplicates(body.shifts, (s) => s.id, (i) => `shifts.${i}.id`);
  if (!isTimeZone(body.timeZone)) problems.unshift({ path: 'timeZone', code: 'timeZone' });
  const order = body.shifts.map((s, i) => ({ s, i })).sort((a, b) => minutesOfClock(a.s.from) - minutesOfClock(b.s.from));
  order.forEach(({ s, i }, k) => {
    if (minutesOfClock(s.to) <= minutesOfClock(s.from)) problems.push({ path: `shifts.${i}.to`, code: 'order' });
    const before = order[k - 1];
    if (before && minutesOfClock(s.from) < minutesOfClock(before.s.to)) problems.push({ path: `shifts.${i}.from`, code: 'overlap' });
  });
  return problems;
}

/** Every problem of `body` as the new `part` of `current`: its shape first, then its meaning. */
export function checkConfigPart<P extends ConfigPart>(
  part: P,
  body: unknown,
  current: OfficeConfig,
): { readonly ok: true; readonly value: ConfigPartBody<P> } | { readonly ok: false; readonly problems: readonly ConfigProblem[] } {
  const parsed = parseConfigPart(part, body);
  if (!parsed.ok) return parsed;
  const value = parsed.value as ConfigPartBody<ConfigPart>;
  let problems: ConfigProblem[] = [];
  if (part === 'sections') problems = sectionProblems(value as ConfigPartBody<'sections'>, current);
  else if (part === 'counters') problems = counterProblems(value as ConfigPartBody<'counters'>, current);
  else if (part === 'services') problems = serviceProblems(value as ConfigPartBody<'services'>, current);
  else if (part === 'hours') problems = hourProblems(value as ConfigPartBody<'hours'>);
  else if (part === 'targets' && !isDay((value as ConfigPartBody<'targets'>).pilot.startDate)) problems = [{ path: 'pilot.startDate', code: 'date' }];
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

/** `current` with `part` replaced by a checked body. */
export function applyConfigPart<P extends ConfigPart>(current: OfficeConfig, part: P, body: ConfigPartBody<P>): OfficeConfig {
  const b = body as ConfigPartBody<ConfigPart>;
  const settings = current.settings;
  switch (part) {
    case 'sections':
      return { ...current, sections: (b as ConfigPartBody<'sections'>).sections };
    case 'counters':
      // No skills means every group, so an empty list is stored as none.
      return {
        ...current,
        counters: (b as ConfigPartBody<'counters'>).counters.map(({ skills, ...c }) => (skills && skills.length > 0 ? { ...c, skills } : c)),
      };
    case 'services': {
      const { offered, fees } = b as ConfigPartBody<'services'>;
      // A service keeps its own entry (its list of documents) when it was already offered.
      const own = current.catalog ?? DEFAULT_CATALOG;
      const catalog = DEFAULT_CATALOG.filter((e) => offered.includes(e.id)).map((e) => own.find((o) => o.id === e.id) ?? e);
      return { ...current, catalog, serviceGroups: groupsOffering(offered), fees };
    }
    case 'hours': {
      const { timeZone, shifts } = b as ConfigPartBody<'hours'>;
      const ordered = [...shifts].sort((x, y) => minutesOfClock(x.from) - minutesOfClock(y.from));
      return { ...current, settings: { ...settings, timeZone, shifts: ordered } };
    }
    case 'targets': {
      const { serviceLevelTargetMinutes, pilot } = b as ConfigPartBody<'targets'>;
      return { ...current, settings: { ...settings, serviceLevelTargetMinutes, pilot } };
    }
    case 'settings':
      return { ...current, settings: { ...settings, ...(b as ConfigPartBody<'settings'>) } };
  }
  throw new Error(`unknown configuration part ${String(part)}`);
}

/** The part as it is now, with every default filled in: what the console's form starts from. */
export function configPartOf<P extends ConfigPart>(config: OfficeConfig, part: P): ConfigPartBody<P> {
  const s = config.settings;
  const bodies: { [K in ConfigPart]: () => ConfigPartBody<K> } = {
    sections: () => ({ sections: config.sections.map((x) => ({ id: x.id, letter: x.letter, name: { ar: x.name.ar, en: x.name.en } })) }),
    counters: () => ({ counters: config.counters.map((c) => ({ id: c.id, sectionId: c.sectionId, skills: [...(c.skills ?? [])] })) }),
    services: () => ({ offered: catalogOf(config).map((e) => e.id), fees: feesOf(config) as ConfigPartBody<'services'>['fees'] }),
    hours: () => ({ timeZone: s.timeZone, shifts: shiftsOf(s).map((x) => ({ ...x })) }),
    targets: () => ({ serviceLevelTargetMinutes: s.serviceLevelTargetMinutes, pilot: pilotOf(s) as ConfigPartBody<'targets'>['pilot'] }),
    settings: () => ({
      idleLockMinutes: s.idleLockMinutes,
      sessionHours: s.sessionHours,
      maxPinAttempts: s.maxPinAttempts,
      queue: queueSettingsOf(s),
      appointments: appointmentSettingsOf(s),
    }),
  };
  return bodies[part]() as ConfigPartBody<P>;
}
