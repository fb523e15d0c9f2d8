/**
 * The office's key pair for identity numbers typed at a kiosk. The kiosk encrypts the
 * number with the public key (RSA-OAEP, SHA-256; shared/sync/sealing.ts) before it goes
 * into the outbox, so the number is never readable in the kiosk's storage, in the
 * mutation ledger or in a refused change; only this server can open it.
 */
import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import type { Queryable } from '../store/index.ts';

export interface OfficeSealKey {
  /** SPKI DER, base64: what kiosks receive. */
  readonly publicKey: string;
  readonly privateKey: string;
}

/** The office's key pair, made on first use (one per office; concurrent first uses agree). */
export async function officeSealKey(q: Queryable, officeId: string, now: number): Promise<OfficeSealKey> {
  const existing = await q.query<{ public_key: string; private_key: string }>(
    'SELECT public_key, private_key FROM office_keys WHERE office_id = $1',
    [officeId],
  );
  const row = existing[0];
  if (row) return { publicKey: row.public_key, privateKey: row.private_key };
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await q.query(
    `INSERT INTO office_keys (office_id, public_key, private_key, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (office_id) DO NOTHING`,
    [officeId, publicKey, privateKey, new Date(now)],
  );
  const saved = await q.query<{ public_key: string; private_key: string }>(
    'SELECT public_key, private_key FROM office_keys WHERE office_id = $1',
    [officeId],
  );
  const s = saved[0];
  if (!s) throw new Error(`no seal key for office ${officeId}`);
  return { publicKey: s.public_key, privateKey: s.private_key };
}

/**
 * Parsed private keys by their PEM text: parsing takes 2–3 ms, longer than the decryption
 * itself, and every transaction and every kiosk number needs one. Few offices, few keys.
 */
const parsedKeys = new Map<string, KeyObject>();

function keyOf(pem: string): KeyObject {
  let key = parsedKeys.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    if (parsedKeys.size >= 64) parsedKeys.clear();
    parsedKeys.set(pem, key);
  }
  return key;
}

/** Opens a sealed text; null when it was not sealed with this key (or is damaged). */
export function unseal(privateKeyPem: string, sealed: string): string | null {
  try {
    const plain = privateDecrypt(
      { key: keyOf(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(sealed, 'base64'),
    );
    return plain.toString('utf8');
  } catch {
    return null;
  }
}
