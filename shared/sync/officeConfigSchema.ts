/**
 * The office configuration as the supervisor console edits it: one valibot schema per
 * part (PUT /api/admin/config/<part>), shared by the console (which checks a form before
 * sending it) and the store (which checks it again). A failure is a list of problems, each
 * naming the field by its dot path and a code, so the console can put the reason next to
 * the field in the reader's language and the store can say it in English.
 * (In shared/sync, not shared/domain: the domain imports nothing, valibot included.)
 */
import * as v from 'valibot';
import { SERVICE_IDS } from '../domain/catalog.ts';
import { SHIFT_IDS } from '../domain/office.ts';
import { SERVICE_GROUPS } from '../domain/services.ts';

export const CONFIG_PARTS = ['sections', 'counters', 'services', 'hours', 'targets', 'settings'] as const;
export type ConfigPart = (typeof CONFIG_PARTS)[number];

export function isConfigPart(value: unknown): value is ConfigPart {
  return typeof value === 'string' && (CONFIG_PARTS as readonly string[]).includes(value);
}

/** Why a field is wrong. The console translates `adminConfig:problems.<code>` with `params`. */
export const PROBLEM_CODES = [
  'required',
  'invalid',
  'unknownField',
  'number',
  'integer',
  'min',
  'max',
  'tooLong',
  'minItems',
  'maxItems',
  'choice',
  'sectionId',
  'letter',
  'clock',
  'date',
  'timeZone',
  'duplicate',
  'order',
  'overlap',
  'atMost',
  'unknownSection',
  'unknownGroup',
  'sectionInUse',
  'groupInUse',
  // Only the store can tell these: they depend on today's tickets and who is signed in.
  'sectionBusy',
  'counterBusy',
  'counterSignedIn',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ConfigProblem {
  /** Dot path of the field in the part's body, e.g. "sections.1.letter". */
  readonly path: string;
  readonly code: ProblemCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Largest amount in riyals an office may set: far above any real fee, low enough to catch a slip of the keyboard. */
export const MAX_AMOUNT = 100_000;

// Only the valibot actions the devices' schemas use already: valibot is one module, so
// any other action used here would land in the chunk every app loads first.
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
// v.number() refuses NaN, and JSON cannot carry Infinity.
const num = (min: number, max: number) => v.pipe(v.number(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const amount = int(0, MAX_AMOUNT);
const months = int(1, 24);
const list = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.minLength(1), v.maxLength(max));
const share = num(0, 1);
const money = num(0, MAX_AMOUNT);

function isRealDate(value: string): boolean {
  const [y = 0, m = 0, d = 0] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar day "YYYY-MM-DD" that exists (2024-02-30 does not). */
export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value);
}

const TIME_ZONE_PATTERN = /^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/;

/** An IANA time zone the runtime knows (the same check in the browser and in Node). */
export function isTimeZone(value: string): boolean {
  if (!TIME_ZONE_PATTERN.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The shape of a day; whether it exists (no 2024-02-30) is checked in officeConfigCheck.ts. */
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date'));
const clock = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'clock'));
const localizedName = v.strictObject({ ar: text(60), en: text(60) });

export const SECTION_ID_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export const sectionSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(SECTION_ID_PATTERN, 'sectionId')),
  letter: v.pipe(v.string(), v.regex(/^[A-Z]$/, 'letter')),
  name: localizedName,
});

export const counterSchema = v.strictObject({
  id: int(1, 999),
  sectionId: v.pipe(v.string(), v.minLength(1)),
  skills: v.optional(v.pipe(v.array(v.picklist(SERVICE_GROUPS, 'choice')), v.maxLength(SERVICE_GROUPS.length))),
});

const visaFees = v.strictObject({ baseFee: amount, baseMonths: months, perExtraMonth: amount, maxMonths: months });

export const feeScheduleSchema = v.strictObject({
  iqama: v.strictObject({
    residenceFeePerYear: amount,
    workPermitLevyPerMonth: amount,
    dependantFeePerMonth: amount,
    periodsMonths: list(months, 12),
    domesticWorkerPeriodsMonths: list(months, 12),
    domesticWorkerLevyPerMonth: amount,
    lateGraceDays: int(0, 90),
    latePenalties: list(amount, 10),
  }),
  exitReentry: v.strictObject({ single: visaFees, multiple: visaFees, cancel: amount, reprint: amount }),
  finalExit: v.strictObject({ issue: amount, validityDays: int(1, 365), expiredCancellation: amount, reprint: amount }),
  sponsorshipTransfer: list(amount, 10),
  professionChange: amount,
  parcelDelivery: amount,
  query: amount,
});

export const shiftSchema = v.strictObject({ id: v.picklist(SHIFT_IDS, 'choice'), from: clock, to: clock });

const nullableShare = v.nullable(share);

export const pilotSchema = v.strictObject({
  startDate: day,
  months: int(1, 24),
  targets: v.strictObject({
    serviceLevelShare: share,
    serviceLevelMinutes: int(1, 240),
    satisfaction: num(0, 100),
    noShowMax: share,
    transactionsPerCounterHour: num(0, 100),
    costPerTransactionMax: money,
  }),
  staffCostPerCounterHour: money,
  baseline: v.strictObject({
    // Empty: the console calls it "a regular office" in the reader's language.
    label: v.pipe(v.string(), v.trim(), v.maxLength(120)),
    serviceLevelShare: nullableShare,
    medianWaitMinutes: v.nullable(num(0, 600)),
    satisfaction: v.nullable(num(0, 100)),
    noShowShare: nullableShare,
    transactionsPerCounterHour: v.nullable(num(0, 100)),
    costPerTransaction: v.nullable(money),
  }),
});

/** The body of PUT /api/admin/config/<part>, one schema per part. */
export const configPartSchemas = {
  sections: v.strictObject({ sections: v.pipe(v.array(sectionSchema), v.minLength(1), v.maxLength(26)) }),
  counters: v.strictObject({ counters: v.pipe(v.array(counterSchema), v.minLength(1), v.maxLength(200)) }),
  services: v.strictObject({
    offered: v.pipe(v.array(v.picklist(SERVICE_IDS, 'choice')), v.minLength(1), v.maxLength(SERVICE_IDS.length)),
    fees: feeScheduleSchema,
  }),
  hours: v.strictObject({
    // Whether the runtime knows the zone is checked in officeConfigCheck.ts.
    timeZone: v.pipe(v.string(), v.regex(TIME_ZONE_PATTERN, 'timeZone')),
    shifts: v.pipe(v.array(shiftSchema), v.minLength(1), v.maxLength(SHIFT_IDS.length)),
  }),
  targets: v.strictObject({ serviceLevelTargetMinutes: int(1, 240), pilot: pilotSchema }),
  settings: v.strictObject({
    idleLockMinutes: int(1, 120),
    sessionHours: int(1, 24),
    maxPinAttempts: int(3, 10),
    queue: v.strictObject({
      starvationMinutes: int(1, 480),
      appointmentGraceMinutes: int(0, 120),
      maxRecalls: int(0, 10),
      noShowAfterSeconds: int(10, 3600),
      defaultServiceMinutes: int(1, 120),
      // Ticket notices (issue 11); optional so a client that predates them still saves.
      turnNearPosition: v.optional(int(1, 50)),
      turnNearMinutes: v.optional(int(1, 120)),
      moreTimePlaces: v.optional(int(1, 20)),
    }),
    appointments: v.strictObject({ checkInEarlyMinutes: int(0, 240), checkInLateMinutes: int(0, 120) }),
  }),
} as const;

export type ConfigPartBody<P extends ConfigPart> = v.InferOutput<(typeof configPartSchemas)[P]>;
export type ConfigPartInput<P extends ConfigPart> = v.InferInput<(typeof configPartSchemas)[P]>;

const CODES: ReadonlySet<string> = new Set(PROBLEM_CODES);

/** One valibot issue as a problem: our own codes pass through, the library's are named. */
export function problemOfIssue(issue: v.BaseIssue<unknown>): ConfigProblem {
  const path = v.getDotPath(issue) ?? '';
  if (CODES.has(issue.message)) return { path, code: issue.message as ProblemCode };
  if (issue.kind === 'schema' && issue.received === 'undefined') return { path, code: 'required' };
  const limit = Number(issue.requirement);
  const isText = typeof issue.input === 'string';
  switch (issue.type) {
    case 'min_value':
      return { path, code: 'min', params: { min: limit } };
    case 'max_value':
      return { path, code: 'max', params: { max: limit } };
    case 'integer':
      return { path, code: 'integer' };
    case 'number':
      return { path, code: 'number' };
    case 'min_length':
      return isText ? { path, code: 'required' } : { path, code: 'minItems', params: { min: limit } };
    case 'max_length':
      return isText ? { path, code: 'tooLong', params: { max: limit } } : { path, code: 'maxItems', params: { max: limit } };
    case 'picklist':
      return { path, code: 'choice' };
    case 'strict_object':
      return { path, code: issue.expected === 'never' ? 'unknownField' : 'invalid' };
    default:
      return { path, code: 'invalid' };
  }
}

/** Checks one part's body against its schema alone (the cross-checks are in officeConfigCheck.ts). */
export function parseConfigPart<P extends ConfigPart>(
  part: P,
  body: unknown,
): { readonly ok: true; readonly value: ConfigPartBody<P> } | { readonly ok: false; readonly problems: readonly ConfigProblem[] } {
  const result = v.safeParse(configPartSchemas[part], body, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output as ConfigPartBody<P> };
  return { ok: false, problems: result.issues.map(problemOfIssue) };
}

const ENGLISH: Record<ProblemCode, string> = {
  required: 'is required',
  invalid: 'has the wrong form',
  unknownField: 'is not a known field',
  number: 'must be a number',
  integer: 'must be a whole number',
  min: 'must be at least {min}',
  max: 'must be at most {max}',
  tooLong: 'must be at most {max} characters',
  minItems: 'needs at least {min} entries',
  maxItems: 'may have at most {max} entries',
  choice: 'is not one of the allowed values',
  sectionId: 'must be lowercase letters, digits or "-", starting with a letter',
  letter: 'must be one capital letter A–Z',
  clock: 'must be a time of day HH:MM',
  date: 'must be a real date YYYY-MM-DD',
  timeZone: 'is not a known time zone (e.g. Asia/Riyadh)',
  duplicate: 'is used twice',
  order: 'must be later than the start',
  overlap: 'overlaps the shift before it',
  atMost: 'must not be more than {limit}',
  unknownSection: 'names section "{section}", which this office does not have',
  unknownGroup: 'names service group "{group}", which this office does not offer',
  sectionInUse: 'section "{section}" cannot go: counter {counter} belongs to it',
  groupInUse: 'service group "{group}" cannot go: counter {counter} serves it',
  sectionBusy: 'section "{section}" cannot go: {tickets} of its tickets of today are not finished',
  counterBusy: 'counter {counter} cannot go: {tickets} tickets of today at it are not finished',
  counterSignedIn: 'counter {counter} cannot go: officer {badge} is signed in at it',
};

/** The problem in English, "field: why", for the store's error message. */
export function problemText(p: ConfigProblem): string {
  const why = ENGLISH[p.code].replace(/\{(\w+)\}/g, (_, k: string) => String(p.params?.[k] ?? ''));
  return p.path ? `${p.path}: ${why}` : why;
}
