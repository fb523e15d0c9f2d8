/**
 * The notices service's calls to the store (routes/counterEstablishments.ts and the one-time
 * code), routes of the REST contract (shared/api/contract.ts), as the actors of the notices
 * machine. Part of the panel's lazily loaded chunk.
 */
import { routes } from '../../shared/api/contract.ts';
import type { EstablishmentNotices, NoticesChange, NoticesReport } from '../../shared/domain/establishmentNotices.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import type { SaveOutput } from '../../shared/machines/noticesMachine.ts';
import type { SentCode } from '../../shared/machines/transactionTypes.ts';
import { fromPromise } from 'xstate';
import { counterSender } from '../counterApi.ts';

/** The notices machine's actors over the network, for the officer whose session `sessionToken()` gives. */
export function noticesActors(deviceToken: string, sessionToken: () => Promise<string | null>, fetchImpl?: typeof fetch) {
  const send = counterSender(deviceToken, fetchImpl);
  const session = async (): Promise<string> => {
    const found = await sessionToken();
    if (!found) throw new CounterError('session_invalid', 'No officer is signed in');
    return found;
  };
  /** The officer's session and the verified code that opens the establishment. */
  const opened = async (codeId: string) => ({ session: await session(), headers: { 'x-security-code': codeId } });
  return {
    sendCode: fromPromise<SentCode, { establishmentId: string; transactionId: string }>(async ({ input }) =>
      send(routes.sendSecurityCode, {}, { body: input, session: await session() })),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(async ({ input }) =>
      void (await send(routes.verifySecurityCode, { codeId: input.codeId }, { body: { code: input.code }, session: await session() }))),
    load: fromPromise<EstablishmentNotices, { establishmentId: string; codeId: string }>(async ({ input }) =>
      send(routes.establishmentNotices, { establishmentId: input.establishmentId }, await opened(input.codeId))),
    save: fromPromise<SaveOutput, { establishmentId: string; codeId: string; change: NoticesChange }>(async ({ input }) =>
      send(routes.saveEstablishmentNotices, { establishmentId: input.establishmentId }, { body: input.change, ...(await opened(input.codeId)) })),
    report: fromPromise<NoticesReport, { establishmentId: string; codeId: string }>(async ({ input }) =>
      send(routes.establishmentReport, { establishmentId: input.establishmentId }, await opened(input.codeId))),
  };
}
