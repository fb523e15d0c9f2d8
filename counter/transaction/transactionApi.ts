/**
 * The desk's calls to the store: the registry (each lookup audited there with its reason),
 * the one-time code and the office's sealing key, as routes of the REST contract
 * (shared/api/contract.ts). They need the network; the machine waits out an "offline"
 * answer. Part of the desk's lazily loaded chunk.
 */
import type { NameSearchAnswer, SecurityCodeSent } from '../../shared/api/counterTypes.ts';
import { routes } from '../../shared/api/contract.ts';
import type { PersonLookup } from '../../shared/domain/resident.ts';
import { counterSender } from '../counterApi.ts';

export interface TransactionApi {
  /** A person's record by iqama / border number or by a visa's number (audited on the server with the reason). */
  person(sessionToken: string, by: 'idNumber' | 'visaNumber', value: string, reason: string): Promise<PersonLookup>;
  /** People whose name matches (Arabic spelling variants and Latin transliterations), audited as a search. */
  search(sessionToken: string, name: string, reason: string): Promise<NameSearchAnswer>;
  /** Sends a one-time code to the person's registered mobile. */
  sendCode(sessionToken: string, body: { idNumber: string; transactionId: string }): Promise<SecurityCodeSent>;
  verifyCode(sessionToken: string, codeId: string, code: string): Promise<void>;
  /** The office's public key numbers are sealed with. */
  sealKey(): Promise<string>;
}

export function createTransactionApi(deviceToken: string, fetchImpl?: typeof fetch): TransactionApi {
  const send = counterSender(deviceToken, fetchImpl);
  return {
    person: (session, by, value, reason) =>
      by === 'idNumber'
        ? send(routes.personById, { idNumber: value, reason }, { session })
        : send(routes.personByVisa, { visaNumber: value, reason }, { session }),
    search: (session, name, reason) => send(routes.peopleByName, { name, reason }, { session }),
    sendCode: (session, body) => send(routes.sendSecurityCode, {}, { body, session }),
    verifyCode: async (session, codeId, code) => void (await send(routes.verifySecurityCode, { codeId }, { body: { code }, session })),
    sealKey: async () => (await send(routes.sealKey, {})).sealKey,
  };
}
