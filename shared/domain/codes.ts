/**
 * Codes people read and type: a ticket's display number, and random codes (a ticket's
 * public code, booking, receipt and enrollment codes) from an alphabet without look-alikes.
 */

/** "M" + kiosk 1 + sequence 42 → "M1-042": unique per day even when kiosks are offline. */
export function formatDisplayNumber(letter: string, kioskNo: number, seq: number): string {
  return `${letter}${kioskNo}-${String(seq).padStart(3, '0')}`;
}

/** Alphabet without look-alikes (no 0/O, 1/I/L) for codes people may type. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code of `length` characters from CODE_ALPHABET, from a CSPRNG. */
export function randomCode(length: number, random: (n: number) => Uint8Array = cryptoRandom): string {
  const bytes = random(length);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return out;
}

function cryptoRandom(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}
