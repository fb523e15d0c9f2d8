/**
 * The typed map of every mutation a device may write to its outbox: the name, the shape
 * of its arguments (a valibot schema shared by client and server) and which role may
 * send it. The server refuses anything not in this map, whatever the device's UI allowed.
 */
import * as v from 'valibot';
import { epochMs } from './bounds.ts';
import { MAX_QUOTE_MINUTES } from '../domain/estimate.ts';
import { SERVICE_GROUPS } from '../domain/services.ts';
import { PRIORITY_REASONS, type TicketAction } from '../domain/ticket.ts';
import { SEALED_PATTERN } from './sealing.ts';

/** Languages a ticket may record (the kiosk's eight; kept here so the domain stays free of i18n). */
export const TICKET_LANGUAGES = ['ar', 'en', 'ur', 'hi', 'bn', 'tl', 'id', 'ml'] as const;

export type DeviceRole = 'kiosk' | 'counter' | 'display';
export const DEVICE_ROLES: readonly DeviceRole[] = ['kiosk', 'counter', 'display'];

const uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const sealed = v.pipe(v.string(), v.regex(SEALED_PATTERN, 'must be a sealed number'));
const counterId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999));
const minutes = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_QUOTE_MINUTES));
/** Staff's words for why (a ticket called out of order, a transfer); never personal data. */
const reason = v.pipe(v.string(), v.trim(), v.minLength(1, 'a reason is needed'), v.maxLength(200));

export const mutationArgs = {
  'ticket.issue': v.strictObject({
    ticketId: uuid,
    sectionId: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
    serviceGroup: v.picklist(SERVICE_GROUPS),
    displayNumber: v.pipe(v.string(), v.regex(/^[A-Z][0-9]{1,2}-[0-9]{3,5}$/, 'must look like M1-042')),
    publicCode: v.pipe(v.string(), v.regex(/^[2-9A-HJ-NP-Z]{10}$/, 'must be 10 code characters')),
    service: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[a-zA-Z0-9._-]{1,60}$/, 'must be a catalogue id')))),
    priority: v.optional(v.nullable(v.picklist(PRIORITY_REASONS))),
    /** The booking checked in (the store takes the slot from its own record, not from here). */
    appointmentId: v.optional(v.nullable(uuid)),
    appointmentAt: v.optional(v.nullable(epochMs())),
    /** SHA-256 of the key the ticket's QR link carries, which leaving the queue from the phone needs (shared/domain/ticketKey.ts). */
    leaveKeyHash: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')))),
    /** The resident's iqama / border number, sealed with the office's public key (shared/sync/sealing.ts). */
    sealedIdNumber: v.optional(v.nullable(sealed)),
    quotedWaitMin: v.optional(v.nullable(minutes)),
    quotedWaitMax: v.optional(v.nullable(minutes)),
    /** The kiosk language the resident used (for the pilot's figures; not personal data). */
    language: v.optional(v.nullable(v.picklist(TICKET_LANGUAGES, 'must be a kiosk language'))),
  }),
  /**
   * The resident left a mobile at the kiosk for ticket notices (issue 11): the mobile and the
   * ticket's link key ("0512345678 KEY"), sealed together so only the store reads them; no
   * other device ever holds the mobile. `language`: the kiosk language the texts go in.
   */
  'ticket.notify': v.strictObject({
    ticketId: uuid,
    sealedContact: sealed,
    language: v.picklist(TICKET_LANGUAGES, 'must be a kiosk language'),
  }),
  /** `reason`: set when the officer calls this ticket out of the queue's order. */
  'ticket.call': v.strictObject({ ticketId: uuid, counterId, reason: v.optional(v.nullable(reason)) }),
  'ticket.recall': v.strictObject({ ticketId: uuid, counterId }),
  'ticket.start': v.strictObject({ ticketId: uuid, counterId }),
  'ticket.complete': v.strictObject({ ticketId: uuid, counterId }),
  'ticket.noShow': v.strictObject({ ticketId: uuid, counterId }),
  'ticket.transfer': v.strictObject({
    ticketId: uuid,
    counterId,
    serviceGroup: v.picklist(SERVICE_GROUPS),
    targetCounterId: v.nullable(counterId),
    reason: v.optional(v.nullable(reason)),
  }),
  'ticket.park': v.strictObject({ ticketId: uuid, counterId }),
  'ticket.resume': v.strictObject({ ticketId: uuid, counterId }),
  /**
   * A counter transaction, and one cancelled before it was submitted. Only their ids here:
   * their whole shape (transactionArgs.ts) is checked by the desk before it writes them and
   * by the store, which keeps those schemas out of every device's first download.
   */
  'transaction.submit': v.looseObject({ transactionId: uuid, counterId }),
  'transaction.cancel': v.looseObject({ transactionId: uuid, counterId }),
  'counter.open': v.strictObject({ counterId }),
  'counter.close': v.strictObject({ counterId }),
  /** The officer steps away (prayer, meal, a short rest, other: staff's words). */
  'counter.break': v.strictObject({ counterId, reason }),
  'counter.resume': v.strictObject({ counterId }),
} as const;

export type MutationName = keyof typeof mutationArgs;
export const MUTATION_NAMES = Object.keys(mutationArgs) as MutationName[];
export type MutationArgs<N extends MutationName> = v.InferOutput<(typeof mutationArgs)[N]>;

/** Which device role may send a mutation, and whether a signed-in officer is required. */
export const mutationRights: Record<MutationName, { role: DeviceRole; officer: boolean }> = {
  'ticket.issue': { role: 'kiosk', officer: false },
  'ticket.notify': { role: 'kiosk', officer: false },
  'ticket.call': { role: 'counter', officer: true },
  'ticket.recall': { role: 'counter', officer: true },
  'ticket.start': { role: 'counter', officer: true },
  'ticket.complete': { role: 'counter', officer: true },
  'ticket.noShow': { role: 'counter', officer: true },
  'ticket.transfer': { role: 'counter', officer: true },
  'ticket.park': { role: 'counter', officer: true },
  'ticket.resume': { role: 'counter', officer: true },
  'transaction.submit': { role: 'counter', officer: true },
  'transaction.cancel': { role: 'counter', officer: true },
  'counter.open': { role: 'counter', officer: true },
  'counter.close': { role: 'counter', officer: true },
  'counter.break': { role: 'counter', officer: true },
  'counter.resume': { role: 'counter', officer: true },
};

export function isMutationName(name: unknown): name is MutationName {
  return typeof name === 'string' && Object.hasOwn(mutationArgs, name);
}

/** A mutation whose arguments have passed their schema. */
export type ValidMutation = { [N in MutationName]: { name: N; args: MutationArgs<N> } }[MutationName];

/** Validates `args` for `name`; returns the typed mutation or a readable reason. */
export function parseMutation(name: string, args: unknown): { ok: true; value: ValidMutation } | { ok: false; message: string } {
  if (!isMutationName(name)) return { ok: false, message: `unknown mutation "${name}"` };
  const result = v.safeParse(mutationArgs[name], args);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return { ok: false, message: `${name}: ${path ? `${path} ` : ''}${issue?.message ?? 'invalid arguments'}` };
  }
  return { ok: true, value: { name, args: result.output } as ValidMutation };
}

/** The ticket a mutation acts on, if any. */
export function ticketIdOf(m: ValidMutation): string | null {
  if (m.name === 'transaction.submit' || m.name === 'transaction.cancel') return null; // they name the ticket served, but do not act on it
  return 'ticketId' in m.args ? m.args.ticketId : null;
}

/**
 * Turns a ticket mutation into the rule action of shared/domain/ticket.ts. Facts the
 * device cannot be trusted with (office, kiosk number, service day, officer, and on the
 * server an appointment's slot) come from `ctx`, which the server fills from the
 * authenticated device, the session and its own records.
 */
export function toTicketAction(
  m: ValidMutation,
  ctx: { officeId: string; kioskNo: number; serviceDay: string; officerBadge: string | null; appointmentAt?: number | null },
): TicketAction | null {
  switch (m.name) {
    case 'ticket.issue': {
      // The sealed number, the booking id and the language are not part of the public ticket.
      const { sealedIdNumber: _sealed, appointmentId: _booking, language: _language, ...args } = m.args;
      return {
        type: 'issue',
        ...args,
        ...(ctx.appointmentAt !== undefined ? { appointmentAt: ctx.appointmentAt } : {}),
        officeId: ctx.officeId,
        kioskNo: ctx.kioskNo,
        serviceDay: ctx.serviceDay,
      };
    }
    case 'ticket.call':
      return { type: 'call', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.recall':
      return { type: 'recall', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.start':
      return { type: 'start', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.complete':
      return { type: 'complete', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.noShow':
      return { type: 'noShow', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.transfer':
      return {
        type: 'transfer',
        counterId: m.args.counterId,
        officerBadge: ctx.officerBadge,
        serviceGroup: m.args.serviceGroup,
        targetCounterId: m.args.targetCounterId,
      };
    case 'ticket.park':
      return { type: 'park', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.resume':
      return { type: 'resume', counterId: m.args.counterId, officerBadge: ctx.officerBadge };
    case 'ticket.notify': // a request to the store about the ticket, not a change of it
    case 'counter.open':
    case 'counter.close':
    case 'counter.break':
    case 'counter.resume':
    case 'transaction.submit':
    case 'transaction.cancel':
      return null;
  }
}

/** The staff reason a mutation carries (out-of-order call, transfer), for the ticket's history. */
export function reasonOf(m: ValidMutation): string | null {
  return 'reason' in m.args && typeof m.args.reason === 'string' ? m.args.reason : null;
}
