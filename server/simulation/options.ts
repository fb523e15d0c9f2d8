/**
 * The simulator's options, checked once for both ways in: the command line
 * (`npm run simulate -- --months 6`) and the JSON a running demo server accepts when the
 * command hands the run to it. Unknown options and impossible values are refused with a
 * sentence, never guessed.
 */
import * as v from 'valibot';
import { VOLUMES } from './model.ts';
import { DEFAULT_OPTIONS, type SimulationOptions } from './run.ts';

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const optionsSchema = v.strictObject({
  months: v.optional(int(1, 24)),
  days: v.optional(int(1, 3660)),
  offices: v.optional(int(1, 9)),
  seed: v.optional(int(0, 2 ** 31 - 1)),
  volume: v.optional(v.union([v.picklist(Object.keys(VOLUMES) as (keyof typeof VOLUMES)[]), int(10, 5000)])),
});

export type OptionsInput = v.InferOutput<typeof optionsSchema>;

/** The options with defaults filled in, or the first problem in words. */
export function parseOptions(input: unknown): { ok: true; options: SimulationOptions } | { ok: false; message: string } {
  const result = v.safeParse(optionsSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, message: `${path ? `--${path}: ` : ''}${issue?.message ?? 'invalid options'}` };
  }
  return { ok: true, options: { ...DEFAULT_OPTIONS, ...result.output } };
}

export const USAGE = `npm run simulate -- [options]

Fills the store with a simulated pilot, up to yesterday, through the store's own code.

  --months N            months of history (default 6)
  --days D              days of history instead (overrides --months)
  --offices N           offices: riyadh-north, then jeddah-mall, dammam-mall, ... (default 1)
  --seed S              the same seed gives the same pilot (default ${DEFAULT_OPTIONS.seed})
  --volume V            low | normal | high, or tickets per office day (default normal: about ${VOLUMES.normal})

The store is PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR (default ./data).`;

/** `--months 6 --volume=high` → { months: 6, volume: 'high' }; numbers become numbers. */
export function argsToInput(argv: readonly string[]): { ok: true; input: Record<string, string | number> } | { ok: false; message: string } {
  const input: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) return { ok: false, message: `unexpected argument "${arg}"` };
    const value = match[2] ?? argv[++i];
    if (value === undefined) return { ok: false, message: `--${match[1]} needs a value` };
    input[match[1]] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return { ok: true, input };
}
