/**
 * Seals an identity number as the kiosk and the desk do (shared/sync/sealing.ts: RSA-OAEP
 * with SHA-256 under the office's public key, base64 of the 256 bytes), but with the key
 * parsed once per office: the shared helper imports it for every number through WebCrypto,
 * which is most of its cost, and a run seals tens of thousands of numbers. The store opens
 * them with the office's private key exactly as it opens a kiosk's.
 */
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';

const keys = new Map<string, KeyObject>();

export function seal(publicKey: string, text: string): string {
  let key = keys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    keys.set(publicKey, key);
  }
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(text, 'utf8')).toString('base64');
}
