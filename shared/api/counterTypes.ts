/**
 * The counter's REST answers (server/routes/counter.ts, registry.ts, securityCodes.ts,
 * counterEstablishments.ts), part of the REST contract: the counter reads them and the
 * server's routes answer with them. Types only; browser code never imports server/.
 * The notices' own answers live with the notices (shared/domain/establishmentNotices.ts).
 */
import type { LocalizedText } from '../domain/office.ts';
import type { OfficerSession } from '../sync/protocol.ts';

/** POST /api/counter/sign-in: the protocol's OfficerSession plus the name in both languages. */
export type SignInResponse = OfficerSession & { readonly names: LocalizedText };

/** GET /api/counter/session and POST /api/counter/unlock: the session without its token. */
export interface OfficerSessionState {
  readonly sessionId: string;
  readonly badge: string;
  readonly name: string;
  readonly names: LocalizedText;
  readonly counterId: number;
  readonly createdAt: number;
  readonly lastActiveAt: number;
  readonly expiresAt: number;
}

/** POST /api/counter/sign-out */
export interface SignedOut {
  readonly ok: true;
  readonly sessionId: string;
}

/** GET /api/counter/tickets/:ticketId/identity: a served ticket's identity number (audited on the server). */
export interface TicketIdentity {
  readonly idNumber: string;
  readonly source: 'kiosk' | 'appointment';
}

/** One person a name search found: enough to pick the right one, nothing more. */
export interface NameMatch {
  readonly idNumber: string;
  readonly name: { readonly ar: string; readonly en: string };
  readonly nationality: string;
  readonly kind: 'resident' | 'visitor';
}

/** GET /api/counter/residents?name=&reason= */
export interface NameSearchAnswer {
  readonly results: readonly NameMatch[];
  /** More people matched than were sent. */
  readonly more: boolean;
}

/** POST /api/counter/security-codes: a person's number or an establishment's, and the transaction the code serves. */
export interface SecurityCodeRequest {
  readonly idNumber?: string;
  readonly establishmentId?: string;
  readonly transactionId: string;
}

/** The answer to POST /api/counter/security-codes. */
export interface SecurityCodeSent {
  readonly codeId: string;
  /** The last digits of the registered mobile, to tell the resident where to look. */
  readonly sentTo: string;
  readonly expiresAt: number;
  /** How many tries the code allows. */
  readonly tries: number;
}

/** POST /api/counter/security-codes/:codeId/verify */
export interface SecurityCodeVerified {
  readonly verified: true;
  readonly codeId: string;
}
