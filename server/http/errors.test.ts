/**
 * toJsonb's quick way (one plain JSON.stringify when there is nothing to clean) writes what
 * the cleaning replacer writes, for any JSON-like value: strings and keys with U+0000, lone
 * and paired surrogates, backslashes before "u0000", nesting, arrays, dates.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { cleanText, toJsonb } from './errors.ts';

/** toJsonb as it was before the quick way: the replacer on every value. */
function slowJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, val: unknown) => {
    if (typeof val === 'string') return cleanText(val);
    if (val !== null && typeof val === 'object' && !Array.isArray(val)) {
      const entries = Object.entries(val);
      if (entries.some(([k]) => cleanText(k) !== k)) return Object.fromEntries(entries.map(([k, x]) => [cleanText(k), x]));
    }
    return val;
  });
}

const awkward = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('a', '\u0000', '\uD800', '\uDC00', '\uD83D\uDE00', '\\', 'u', '0', 'd', '8') }),
);

it('writes what the cleaning replacer writes', () => {
  const value = fc.letrec((tie) => ({
    any: fc.oneof({ depthSize: 'small' }, awkward, fc.double(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }), tie('list'), tie('record')),
    list: fc.array(tie('any'), { maxLength: 4 }),
    record: fc.dictionary(awkward, tie('any'), { maxKeys: 4 }),
  })).any;
  fc.assert(
    fc.property(value, (v) => {
      expect(toJsonb(v)).toBe(slowJsonb(v));
    }),
    { seed: 20261204, numRuns: 3000 },
  );
  expect(toJsonb({ 'a\u0000': 'x\uD800y' })).toBe('{"a\uFFFD":"x\uFFFDy"}');
  expect(toJsonb({ a: 'back\\u0000slash' })).toBe('{"a":"back\\\\u0000slash"}');
});
