/**
 * The resident's actions on a ticket from the phone (server/routes/public.ts, no token),
 * part of the REST contract. The ticket's status itself is the protocol's
 * (PublicTicketStatus, shared/sync/protocol.ts), as is the survey's schema (SurveyRequest).
 */

/** The 16 characters of the QR link, when the kiosk gave the ticket a key. */
type TicketKey = { readonly key?: string };

/** POST /api/public/tickets/:code/leave (no body at all from a ticket printed before keys). */
export type LeaveRequest = TicketKey | undefined;
export interface LeaveAnswer {
  readonly status: 'cancelled';
}

/** POST /api/public/tickets/:code/answer: "on my way", or "I need 10 more minutes". */
export type TurnAnswerRequest = TicketKey & { readonly answer: 'onMyWay' | 'moreTime' };
export interface TurnAnswer {
  readonly answer: 'onMyWay' | 'moreTime';
  /** Places the ticket moved back (0: nobody waiting behind it, or "on my way"). */
  readonly movedBack: number;
}

/** The answer to POST /api/public/tickets/:code/survey. */
export interface SurveySaved {
  readonly status: 'saved';
}
