/**
 * The notices service's calls to the store (routes/counterEstablishments.ts and the one-time
 * code), as the actors of the notices machine. Part of the panel's lazily loaded chunk.
 */
import type { EstablishmentNotices, NoticesChange, NoticesReport } from '../../shared/domain/establishmentNotices.ts';
import { CounterError } from '../../shared/machines/counterTypes.ts';
import type { SaveOutput } from '../../shared/machines/noticesMachine.ts';
import { fromPromise } from 'xstate';
import { apiCaller } from '../counterApi.ts';
import type { SentCode } from '../../shared/machines/transactionTypes.ts';

/** The notices machine's actors over the network, for the officer whose session `sessionToken()` gives. */
export function noticesActors(deviceToken: string, sessionToken: () => Promise<string | null>, fetchImpl?: typeof fetch) {
  const call = apiCaller(deviceToken, fetchImpl);
  const q = encodeURIComponent;
  const token = async (): Promise<string> => {
    const found = await sessionToken();
    if (!found) throw new CounterError('session_invalid', 'No officer is signed in');
    return found;
  };
  const opened = (codeId: string) => ({ 'x-security-code': codeId });
  return {
    sendCode: fromPromise<SentCode, { establishmentId: string; transactionId: string }>(async ({ input }) =>
      call('POST', 'security-codes', input, await token())),
    verifyCode: fromPromise<void, { codeId: string; code: string }>(async ({ input }) =>
      void (await call('POST', `security-codes/${q(input.codeId)}/verify`, { code: input.code }, await token()))),
    load: fromPromise<EstablishmentNotices, { establishmentId: string; codeId: string }>(async ({ input }) =>
      call('GET', `establishments/${q(input.establishmentId)}/notices`, undefined, await token(), opened(input.codeId))),
    save: fromPromise<SaveOutput, { establishmentId: string; codeId: string; change: NoticesChange }>(async ({ input }) =>
      call('PUT', `establishments/${q(input.establishmentId)}/notices`, input.change, await token(), opened(input.codeId))),
    report: fromPromise<NoticesReport, { establishmentId: string; codeId: string }>(async ({ input }) =>
      call('GET', `establishments/${q(input.establishmentId)}/report`, undefined, await token(), opened(input.codeId))),
  };
}
