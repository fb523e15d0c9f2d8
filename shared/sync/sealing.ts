/**
 * Seals a short text (an identity number typed at the kiosk) with the office's public
 * key, so only the central store can read it (server/security/sealing.ts). Uses WebCrypto,
 * which browsers and Node both have; works offline once the kiosk holds the key.
 */
const ALGORITHM = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** `publicKey`: SPKI DER in base64, as GET /api/kiosk/day returns it. */
export async function sealText(publicKey: string, text: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('spki', fromBase64(publicKey), ALGORITHM, false, ['encrypt']);
  const sealed = await globalThis.crypto.subtle.encrypt(ALGORITHM, key, new TextEncoder().encode(text));
  return toBase64(new Uint8Array(sealed));
}

/** What a sealed value looks like in a mutation (RSA-2048: 256 bytes, 344 base64 characters). */
export const SEALED_PATTERN = /^[A-Za-z0-9+/]{342}==$/;
