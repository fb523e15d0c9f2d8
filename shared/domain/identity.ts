/**
 * Saudi identity numbers: 10 digits with a Luhn check digit. The first digit says whose
 * number it is: 1 a citizen's national ID, 2 a resident's iqama, 3 or 4 a visitor's border
 * number. Checked on the device before any lookup, and again by the central store.
 */
export type IdNumberKind = 'citizen' | 'resident' | 'visitor';

export type IdNumberProblem = 'empty' | 'notDigits' | 'length' | 'prefix' | 'checksum';

export type IdNumberCheck =
  | { readonly ok: true; readonly number: string; readonly kind: IdNumberKind }
  | { readonly ok: false; readonly problem: IdNumberProblem };

export const ID_NUMBER_LENGTH = 10;

const KIND_BY_PREFIX: Readonly<Record<string, IdNumberKind>> = { '1': 'citizen', '2': 'resident', '3': 'visitor', '4': 'visitor' };

/**
 * Luhn over all digits: from the left, digits 1, 3, 5, … are doubled (the check digit is
 * the 10th, undoubled), doubled values above 9 lose 9, and the sum is divisible by 10.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  // Double every second digit counting from the right, starting with the one before the check digit.
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `first9` + digit Luhn-valid (used by the synthetic registry and tests). */
export function luhnCheckDigit(first9: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${first9}${d}`)) return String(d);
  throw new Error('unreachable: one digit always completes a Luhn number');
}

/** Checks a typed number; spaces and dashes people type between groups are ignored. */
export function checkIdNumber(input: string): IdNumberCheck {
  const number = toAsciiDigits(input).replace(/[\s-]/g, '');
  if (number === '') return { ok: false, problem: 'empty' };
  if (!/^\d+$/.test(number)) return { ok: false, problem: 'notDigits' };
  if (number.length !== ID_NUMBER_LENGTH) return { ok: false, problem: 'length' };
  const kind = KIND_BY_PREFIX[number[0] ?? ''];
  if (!kind) return { ok: false, problem: 'prefix' };
  if (!luhnValid(number)) return { ok: false, problem: 'checksum' };
  return { ok: true, number, kind };
}

/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹, Urdu) digits as ASCII, so any keypad works. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (c) => String((c.charCodeAt(0) & 0xf) % 10));
}
