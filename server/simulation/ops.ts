/**
 * What the day model hands to delivery: every change a device makes (a mutation for its
 * outbox), every heartbeat, every call to the store's routes (security codes, bookings, a
 * resident leaving the queue or answering the survey) and the officers' sign-ins, each
 * with when it happened and when the store received it. A device that is offline holds
 * its changes: they reach the store when it comes back, which is how late events arise.
 */
import type { MutationName } from '../../shared/sync/mutations.ts';
import type { ServiceRequest } from '../../shared/domain/rules.ts';
import type { AuthDevice } from '../http/context.ts';

/** One enrolled simulated device and its clock. */
export interface SimDevice {
  readonly deviceId: string;
  readonly token: string;
  readonly auth: AuthDevice;
  readonly label: string;
  /** Its clock minus the true time (ms): a few seconds, or minutes for the one set wrong. */
  readonly skewMs: number;
  /** The counter a terminal stands at (terminals do not move). */
  readonly counterId: number | null;
  /** Last seq given to a mutation of this device. */
  seq: number;
  /** Offline periods of the day being modelled, [from, to) in true time. */
  outages: readonly (readonly [number, number])[];
  /** When the store received this device's latest change (keeps its order). */
  lastArrival: number;
}

/** An officer's session at one counter terminal for one shift. */
export interface SimSession {
  readonly sessionId: string;
  readonly token: string;
  readonly badge: string;
  readonly counterId: number;
  readonly device: SimDevice;
  readonly signInAt: number;
  signOutAt: number;
}

/** A counter transaction as the desk submits it; the code fields are filled when the store sends it. */
export interface TxPlan {
  readonly transactionId: string;
  readonly ticketId: string | null;
  readonly counterId: number;
  readonly idNumber: string;
  readonly request: ServiceRequest;
  readonly basedOnVersion: number;
  readonly quotedTotal: number;
  readonly payment: { readonly method: 'mada' | 'sadad'; readonly reference: string } | null;
  readonly needsCode: boolean;
  readonly wrongCodeFirst: boolean;
  /** The rules refuse it (an intended refusal the store must confirm). */
  readonly refused: boolean;
  codeId?: string;
  code?: string;
}

/** A booking the supervisor makes by phone for a later day. */
export interface BookingPlan {
  readonly sectionId: string;
  readonly service: string;
  readonly slotAt: number;
  readonly idNumber: string | null;
}

interface Timed {
  /** When it happened (true time, ms). */
  readonly at: number;
  /** When the store received it. */
  readonly arriveAt: number;
}

export type Op = Timed &
  (
    | {
        readonly kind: 'mutation';
        readonly device: SimDevice;
        readonly name: MutationName;
        readonly deviceTime: number;
        readonly sessionId: string | null;
        /** The ticket it acts on, for delivery's cross-device order. */
        readonly ticketId: string | null;
        /** Built when it is sent (a transaction needs the code id the store gave meanwhile). */
        readonly args: () => unknown;
        /** A transaction the rules refuse: the store must refuse it too. */
        readonly refusal?: boolean;
      }
    | {
        readonly kind: 'beat';
        readonly device: SimDevice;
        readonly sessionId: string | null;
        readonly outboxDepth: number;
        readonly oldestUnsentAt: number | null;
      }
    | { readonly kind: 'signIn' | 'signOut'; readonly session: SimSession }
    | { readonly kind: 'codeSend' | 'codeVerify'; readonly session: SimSession; readonly tx: TxPlan }
    | { readonly kind: 'leave'; readonly publicCode: string; readonly key: string | null }
    | { readonly kind: 'survey'; readonly publicCode: string; readonly score: number }
    | { readonly kind: 'book'; readonly booking: BookingPlan; readonly forDay: string }
  );

/** Network latency of a push made online (ms): the sync loop sends at once. */
const LATENCY_MIN = 300;
const LATENCY_SPREAD = 1200;

/** The outage `device` is in at `time`, if any. */
export function outageAt(device: SimDevice, time: number): readonly [number, number] | null {
  return device.outages.find(([from, to]) => time >= from && time < to) ?? null;
}

/**
 * When the store receives a change `device` made at `time`: at once (plus latency) when
 * online, when the network returns when offline; never before an earlier change of the
 * same device (its outbox is sent in order).
 */
export function arrivalOf(device: SimDevice, time: number, jitter: number): number {
  const outage = outageAt(device, time);
  const sent = outage ? outage[1] + 2_000 : time + LATENCY_MIN + Math.floor(jitter * LATENCY_SPREAD);
  const arriveAt = Math.max(sent, device.lastArrival + 1);
  device.lastArrival = arriveAt;
  return arriveAt;
}
