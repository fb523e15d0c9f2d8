/** Secrets at rest: salted scrypt for PINs, SHA-256 for random tokens, codes people can type. */
import { describe, expect, it } from 'vitest';
import { hashSecret, newEnrollmentCode, newToken, sha256, tokenKindOf, verifySecret } from './secrets.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('secrets', () => {
  it('hashes a PIN with a random salt and verifies it', async () => {
    const a = await hashSecret('1234', FAST);
    const b = await hashSecret('1234', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('1234', a)).toBe(true);
    expect(await verifySecret('1235', a)).toBe(false);
    expect(await verifySecret('', a)).toBe(false);
  });

  it('uses the strong default cost unless told otherwise', async () => {
    expect(await hashSecret('pilot-2026')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('treats malformed or absurd stored hashes as a mismatch, never a crash', async () => {
    for (const stored of ['', 'plain', 'scrypt$1024$8$1$salt', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA', 'scrypt$1073741824$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA']) {
      expect(await verifySecret('1234', stored), stored).toBe(false);
    }
  });

  it('mints prefixed 256-bit tokens and recognises their kind', () => {
    const t = newToken('device');
    expect(t).toMatch(/^dvc_[A-Za-z0-9_-]{43}$/);
    expect(newToken('device')).not.toBe(t);
    expect(tokenKindOf(t)).toBe('device');
    expect(tokenKindOf(newToken('supervisor'))).toBe('supervisor');
    expect(tokenKindOf(newToken('officer'))).toBe('officer');
    expect(tokenKindOf('dvc_short')).toBeNull();
    expect(tokenKindOf('whatever')).toBeNull();
  });

  it('stores tokens as SHA-256 hex', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes 8-character enrollment codes without look-alike characters', () => {
    for (let i = 0; i < 50; i++) expect(newEnrollmentCode()).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  });
});
