/**
 * The devices' routes of the REST contract: enrollment, the sealing key, the counter's
 * (session, registry, one-time codes, an establishment's notices), the phone page's and
 * the kiosk's day. Bearer: the device token, but for enrollment and the phone page.
 */
import type { EstablishmentNotices, NoticesChange, NoticesReport, NoticesSaved } from '../../domain/establishmentNotices.ts';
import type { PersonLookup } from '../../domain/resident.ts';
import type { EnrollRequest, EnrollResponse, KioskDayAnswer, PublicTicketStatus, SurveyRequest } from '../../sync/protocol.ts';
import type {
  NameSearchAnswer,
  OfficerSessionState,
  SecurityCodeRequest,
  SecurityCodeSent,
  SecurityCodeVerified,
  SignedOut,
  SignInResponse,
  TicketIdentity,
} from '../counterTypes.ts';
import type { LeaveAnswer, LeaveRequest, SurveySaved, TurnAnswer, TurnAnswerRequest } from '../publicTypes.ts';
import { route, type None } from './route.ts';

const q = encodeURIComponent;

/** The counter's routes under /api/counter/ (device token, and the officer's session in `X-Officer-Session` but for sign-in). */
const counter = (path: string): string => `/api/counter/${path}`;

export const routes = {
  /** Trade a single-use enrollment code for a device token (no token). */
  enroll: route<None, EnrollRequest, EnrollResponse>('POST', () => '/api/devices/enroll'),
  /** The office's public key numbers are sealed with. */
  sealKey: route<None, undefined, { sealKey: string }>('GET', () => '/api/device/seal-key'),
  counterSignIn: route<None, { badge: string; pin: string; counterId: number }, SignInResponse>('POST', () => counter('sign-in')),
  counterUnlock: route<None, { pin: string; lastSeq: number }, OfficerSessionState>('POST', () => counter('unlock')),
  counterSignOut: route<None, { lastSeq: number }, SignedOut>('POST', () => counter('sign-out')),
  counterSession: route<None, undefined, OfficerSessionState>('GET', () => counter('session')),
  ticketIdentity: route<{ ticketId: string }, undefined, TicketIdentity>('GET', ({ ticketId }) => counter(`tickets/${q(ticketId)}/identity`)),
  /** A person's record by iqama / border number, audited with the reason. */
  personById: route<{ idNumber: string; reason: string }, undefined, PersonLookup>('GET', ({ idNumber, reason }) =>
    counter(`residents/${q(idNumber)}?reason=${q(reason)}`)),
  /** The holder of a visa, by the visa's number, audited with the reason. */
  personByVisa: route<{ visaNumber: string; reason: string }, undefined, PersonLookup>('GET', ({ visaNumber, reason }) =>
    counter(`visas/${q(visaNumber)}?reason=${q(reason)}`)),
  /** People whose name matches (Arabic or Latin spelling), audited as a search. */
  peopleByName: route<{ name: string; reason: string }, undefined, NameSearchAnswer>('GET', ({ name, reason }) =>
    counter(`residents?name=${q(name)}&reason=${q(reason)}`)),
  /** A one-time code to a person's or an establishment's registered mobile. */
  sendSecurityCode: route<None, SecurityCodeRequest, SecurityCodeSent>('POST', () => counter('security-codes')),
  verifySecurityCode: route<{ codeId: string }, { code: string }, SecurityCodeVerified>('POST', ({ codeId }) => counter(`security-codes/${q(codeId)}/verify`)),
  /** An establishment's notices; these three need the verified code's id in `X-Security-Code`. */
  establishmentNotices: route<{ establishmentId: string }, undefined, EstablishmentNotices>('GET', ({ establishmentId }) =>
    counter(`establishments/${q(establishmentId)}/notices`)),
  saveEstablishmentNotices: route<{ establishmentId: string }, NoticesChange, NoticesSaved>('PUT', ({ establishmentId }) =>
    counter(`establishments/${q(establishmentId)}/notices`)),
  establishmentReport: route<{ establishmentId: string }, undefined, NoticesReport>('GET', ({ establishmentId }) =>
    counter(`establishments/${q(establishmentId)}/report`)),
  /** A ticket's public status for the phone page (no token). */
  publicTicket: route<{ code: string }, undefined, PublicTicketStatus>('GET', ({ code }) => `/api/public/tickets/${q(code)}`),
  /** The resident's actions from the phone (no token). */
  leaveQueue: route<{ code: string }, LeaveRequest, LeaveAnswer>('POST', ({ code }) => `/api/public/tickets/${q(code)}/leave`),
  answerTurn: route<{ code: string }, TurnAnswerRequest, TurnAnswer>('POST', ({ code }) => `/api/public/tickets/${q(code)}/answer`),
  answerSurvey: route<{ code: string }, SurveyRequest, SurveySaved>('POST', ({ code }) => `/api/public/tickets/${q(code)}/survey`),
  /** A kiosk's bookings of today and tomorrow, and the office's sealing key (kiosk token). */
  kioskDay: route<None, undefined, KioskDayAnswer | null>('GET', () => '/api/kiosk/day'),
} as const;
