/**
 * Secrets at rest. PINs and passwords are low-entropy, so they get a slow, salted hash
 * (scrypt) and a constant-time compare. Tokens and enrollment codes are minted here from
 * a CSPRNG and stored only as SHA-256: a 256-bit random token cannot be guessed or
 * brute-forced from its hash, so a slow hash would add nothing except a cost every single
 * request pays. (Enrollment codes are shorter but single-use and expire within a day.)
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { randomCode } from '../../shared/domain/ticket.ts';

interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP-recommended minimum for scrypt: N=2^17 is ideal but costs ~128 MB; 2^15 × 8 = 32 MB, ~60 ms. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Refuse absurd stored parameters (a corrupt row must not take the server down). */
const MAX_N = 1 << 20;

function scryptAsync(secret: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 128 * params.N * params.r * params.p + 1024 * 1024 * 2;
    scrypt(secret.normalize('NFKC'), salt, keyLength, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(secret, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` matches `stored`; false for a mismatch or an unreadable hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) {
    return false;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(secret, salt, expected.length, { N, r, p });
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification. Used for an unknown badge or username so
 * the response time does not reveal which accounts exist.
 */
export async function verifyAgainstDummy(secret: string): Promise<false> {
  dummyHash ??= hashSecret('not-a-real-secret');
  await verifySecret(secret, await dummyHash);
  return false;
}

export type TokenKind = 'device' | 'officer' | 'supervisor' | 'establishment';
/** `est_`: an establishment's API key (establishments/apiKeys.ts). */
const TOKEN_PREFIX: Record<TokenKind, string> = { device: 'dvc_', officer: 'ofs_', supervisor: 'sup_', establishment: 'est_' };

/**
 * A new bearer token: a readable kind prefix (so a token pasted in the wrong place is
 * recognised, and log scrubbers can spot one) plus 256 random bits.
 */
export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** Which kind a presented token claims to be (by prefix); null for anything else. */
export function tokenKindOf(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIX) as [TokenKind, string][]) {
    if (token.startsWith(prefix) && token.length === prefix.length + 43) return kind;
  }
  return null;
}

/** SHA-256 (hex) of a token or enrollment code: what the database stores and looks up. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A single-use enrollment code people can type: 8 characters without look-alikes. */
export function newEnrollmentCode(): string {
  return randomCode(8);
}

export function newId(): string {
  return randomUUID();
}

/** What newId() makes (and devices make with crypto.randomUUID()), in any case. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
