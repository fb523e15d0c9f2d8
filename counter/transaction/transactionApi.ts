/**
 * The desk's calls to the store: the registry (each lookup audited there with its reason),
 * the one-time code and the office's sealing key. They need the network; the machine waits
 * out an "offline" answer. Part of the desk's lazily loaded chunk.
 */
import type { PersonLookup } from '../../shared/domain/resident.ts';
import { apiCaller } from '../counterApi.ts';
import { routes, type ResponseOf } from '../../shared/api/contract.ts';

/** One person a name search found: enough to pick the right one, nothing more. */
export interface NameMatch {
  readonly idNumber: string;
  readonly name: { readonly ar: string; readonly en: string };
  readonly nationality: string;
  readonly kind: 'resident' | 'visitor';
}

export interface TransactionApi {
  /** A person's record by iqama / border number or by a visa's number (audited on the server with the reason). */
  person(sessionToken: string, by: 'idNumber' | 'visaNumber', value: string, reason: string): Promise<PersonLookup>;
  /** People whose name matches (Arabic spelling variants and Latin transliterations), audited as a search. */
  search(sessionToken: string, name: string, reason: string): Promise<{ results: NameMatch[]; more: boolean }>;
  /** Sends a one-time code to the person's registered mobile. */
  sendCode(sessionToken: string, body: { idNumber: string; transactionId: string }): Promise<{ codeId: string; sentTo: string; expiresAt: number }>;
  verifyCode(sessionToken: string, codeId: string, code: string): Promise<void>;
  /** The office's public key numbers are sealed with. */
  sealKey(): Promise<string>;
}

export function createTransactionApi(deviceToken: string, fetchImpl?: typeof fetch): TransactionApi {
  const call = apiCaller(deviceToken, fetchImpl);
  const q = encodeURIComponent;
  return {
    person: (token, by, value, reason) => call('GET', `${by === 'idNumber' ? 'residents' : 'visas'}/${q(value)}?reason=${q(reason)}`, undefined, token),
    search: (token, name, reason) => call('GET', `residents?name=${q(name)}&reason=${q(reason)}`, undefined, token),
    sendCode: (token, body) => call('POST', 'security-codes', body, token),
    verifyCode: async (token, codeId, code) => void (await call('POST', `security-codes/${q(codeId)}/verify`, { code }, token)),
    sealKey: async () => (await call<ResponseOf<typeof routes.sealKey>>(routes.sealKey.method, routes.sealKey.path({}))).sealKey,
  };
}
