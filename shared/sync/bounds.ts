/**
 * Integers as the store holds them. Every number a device or a person sends is checked
 * against the column it lands in, so a value past it (2^63 in a bigint, 2^31 in an
 * integer) is refused with a reason naming the field instead of making the database
 * refuse the whole push (issue 12, point 5). JavaScript's own numbers end at 2^53, which
 * is why `safe` exists: past it, two different numbers compare equal.
 */
import * as v from 'valibot';

/** PostgreSQL `int`. */
export const INT32_MAX = 2_147_483_647;
/** A moment in epoch milliseconds: up to the year 2286 (10^13), far inside a bigint and JS's safe range. */
export const EPOCH_MS_MAX = 10_000_000_000_000;

/** An integer in [min, max]. */
export const integer = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** A count or id held in an `int` column. */
export const int32 = (min = 0) => integer(min, INT32_MAX);
/** A version or count held in a `bigint` column, limited to what JavaScript represents exactly. */
export const safe = (min = 0) => integer(min, Number.MAX_SAFE_INTEGER);
/** A moment in epoch milliseconds. */
export const epochMs = () => integer(0, EPOCH_MS_MAX);
