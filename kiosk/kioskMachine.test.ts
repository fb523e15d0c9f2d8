import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import type { LocalTicket } from '../shared/db/index.ts';
import type { KioskAppointment } from '../shared/domain/appointments.ts';
import type { ServiceId } from '../shared/domain/catalog.ts';
import { luhnCheckDigit } from '../shared/domain/identity.ts';
import type { ServiceGroup } from '../shared/domain/services.ts';
import { issueInput, NOBODY, noticeInput } from './kioskContext.ts';
import { kioskMachine } from './kioskMachine.ts';
import { IDLE_GRACE_MS, IDLE_WARNING_MS, TICKET_SCREEN_MS, type BookingCheck, type IssueInput, type NoticeInput } from './kioskTypes.ts';

const RESIDENT = `212345678${luhnCheckDigit('212345678')}`;
const BOOKING: KioskAppointment = {
  appointmentId: '6f1c2a52-8d5e-4a43-9a55-0c9b1d7e2f10',
  codeHash: 'h',
  salt: 's',
  slotAt: 1_000,
  sectionId: 'women',
  service: 'exitReentry.multiple',
  status: 'booked',
};

const ticket = { ticketId: 't1', displayNumber: 'M1-001' } as LocalTicket;

function start(
  opts: {
    sections?: string[];
    issue?: (input: IssueInput) => Promise<LocalTicket>;
    booking?: (code: string) => BookingCheck;
    notice?: (input: NoticeInput) => Promise<string>;
  } = {},
) {
  const clock = new SimulatedClock();
  const issued: IssueInput[] = [];
  const notices: NoticeInput[] = [];
  const languages: string[] = [];
  const machine = kioskMachine.provide({
    actors: {
      issueTicket: fromPromise<LocalTicket, IssueInput>(async ({ input }) => {
        issued.push(input);
        return opts.issue ? opts.issue(input) : ticket;
      }),
      checkBooking: fromPromise<BookingCheck, { code: string }>(async ({ input }) => opts.booking?.(input.code) ?? { kind: 'notFound' }),
      requestNotice: fromPromise<string, NoticeInput>(async ({ input }) => {
        notices.push(input);
        return opts.notice ? opts.notice(input) : `…${input.mobile.slice(-4)}`;
      }),
    },
    actions: {
      applyLanguage: (_, params) => void languages.push(params.language),
      resetLanguage: () => void languages.push('rest'),
    },
  });
  const actor = createActor(machine, { clock, input: { sectionIds: opts.sections ?? ['men', 'women'] } }).start();
  return { actor, clock, issued, languages, notices };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

type Actor = ReturnType<typeof start>['actor'];

/** Group, then the service in it, then no number. */
function pick(actor: Actor, serviceGroup: ServiceGroup, service: ServiceId = 'query.resident'): void {
  actor.send({ type: 'group.select', serviceGroup });
  actor.send({ type: 'service.select', service });
  actor.send({ type: 'id.skip' });
}

const choices = (over: Partial<IssueInput>): IssueInput => ({
  sectionId: 'men',
  serviceGroup: 'enquiries',
  service: 'query.resident',
  priority: null,
  idNumber: null,
  appointment: null,
  language: 'en',
  ...over,
});

describe('kiosk flow', () => {
  it('goes language → section → group → service → number → ticket and issues once with the choices', async () => {
    const { actor, issued, languages } = start();
    actor.send({ type: 'language.select', language: 'ur' });
    expect(actor.getSnapshot().matches('section')).toBe(true);
    actor.send({ type: 'section.select', sectionId: 'women' });
    actor.send({ type: 'group.select', serviceGroup: 'finalExit' });
    expect(actor.getSnapshot().matches('catalog')).toBe(true);
    actor.send({ type: 'screen.back' });
    expect(actor.getSnapshot().matches('service')).toBe(true);
    actor.send({ type: 'group.select', serviceGroup: 'finalExit' });
    actor.send({ type: 'service.select', service: 'finalExit.issue' });
    expect(actor.getSnapshot().matches('identify')).toBe(true);
    actor.send({ type: 'id.submit', idNumber: '2000000000' }); // fails Luhn: refused, stays
    expect(actor.getSnapshot().matches('identify')).toBe(true);
    actor.send({ type: 'id.submit', idNumber: RESIDENT });
    expect(actor.getSnapshot().value).toBe('issuing');
    await settle();
    expect(actor.getSnapshot().value).toBe('ticket');
    expect(actor.getSnapshot().context.ticket).toBe(ticket);
    expect(issued).toEqual([choices({ sectionId: 'women', serviceGroup: 'finalExit', service: 'finalExit.issue', idNumber: RESIDENT, language: 'ur' })]);
    // The number is not kept once the ticket exists.
    expect(actor.getSnapshot().context.idNumber).toBeNull();
    expect(languages).toEqual(['rest', 'ur']);
  });

  it('checks a booking in: its section and service, no questions asked', async () => {
    const { actor, issued } = start({ booking: (code) => (code === 'AB3DEF7H' ? { kind: 'found', appointment: BOOKING, serviceGroup: 'exitReentry' } : { kind: 'notFound' }) });
    actor.send({ type: 'language.select', language: 'en' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    actor.send({ type: 'appointment.start' });
    actor.send({ type: 'booking.submit', code: 'ZZZZZZZZ' });
    await settle();
    expect(actor.getSnapshot().matches('booking')).toBe(true);
    expect(actor.getSnapshot().context.bookingProblem).toEqual({ kind: 'notFound' });
    actor.send({ type: 'booking.submit', code: 'AB3DEF7H' });
    await settle();
    expect(actor.getSnapshot().value).toBe('ticket');
    expect(issued).toEqual([choices({ sectionId: 'women', serviceGroup: 'exitReentry', service: 'exitReentry.multiple', appointment: BOOKING })]);
  });

  it('offers an ordinary ticket when the booking cannot be used', async () => {
    const { actor, issued } = start({ booking: () => ({ kind: 'late', slotAt: 0 }) });
    actor.send({ type: 'language.select', language: 'en' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    actor.send({ type: 'appointment.start' });
    actor.send({ type: 'booking.submit', code: 'AB3DEF7H' });
    await settle();
    expect(actor.getSnapshot().context.bookingProblem).toEqual({ kind: 'late', slotAt: 0 });
    actor.send({ type: 'booking.ordinary' });
    expect(actor.getSnapshot().matches('service')).toBe(true);
    pick(actor, 'residence', 'iqama.renew');
    await settle();
    expect(issued).toEqual([choices({ serviceGroup: 'residence', service: 'iqama.renew' })]);
  });

  it('returns to the language screen 20 s after the ticket, in the resting language', async () => {
    const { actor, clock, languages } = start();
    actor.send({ type: 'language.select', language: 'en' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    pick(actor, 'enquiries');
    await settle();
    clock.increment(TICKET_SCREEN_MS - 1);
    expect(actor.getSnapshot().value).toBe('ticket');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('language');
    expect(actor.getSnapshot().context.ticket).toBeNull();
    expect(languages.at(-1)).toBe('rest');
  });

  it('takes a mobile for ticket notices from the ticket screen: checked, handed over once, only its last digits kept', async () => {
    const { actor, clock, notices } = start();
    actor.send({ type: 'language.select', language: 'ur' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    pick(actor, 'enquiries');
    await settle();
    actor.send({ type: 'notice.start' });
    expect(actor.getSnapshot().value).toMatchObject({ notice: 'active' });
    actor.send({ type: 'notice.submit', mobile: '0612345678' }); // not a Saudi mobile: stays, nothing sent
    expect(actor.getSnapshot().value).toMatchObject({ notice: 'active' });
    actor.send({ type: 'notice.submit', mobile: '0551234567' });
    await settle();
    expect(notices).toEqual([{ ticketId: 't1', mobile: '0551234567', language: 'ur' }]);
    expect(actor.getSnapshot().value).toBe('ticket');
    expect(actor.getSnapshot().context).toMatchObject({ noticeTo: '…4567', noticeFailed: false });
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain('0551234567');
    actor.send({ type: 'notice.start' }); // once per ticket
    expect(actor.getSnapshot().value).toBe('ticket');
    // The ticket screen's own clock starts again, and the next resident starts clean.
    clock.increment(TICKET_SCREEN_MS);
    expect(actor.getSnapshot().value).toBe('language');
    expect(actor.getSnapshot().context.noticeTo).toBeNull();
  });

  it('says the mobile could not be taken when the request fails, and the ticket stands', async () => {
    const { actor } = start({ notice: async () => Promise.reject(new Error('no office key yet')) });
    actor.send({ type: 'language.select', language: 'en' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    pick(actor, 'enquiries');
    await settle();
    actor.send({ type: 'notice.start' });
    actor.send({ type: 'screen.back' });
    expect(actor.getSnapshot().value).toBe('ticket');
    actor.send({ type: 'notice.start' });
    actor.send({ type: 'notice.submit', mobile: '0551234567' });
    await settle();
    expect(actor.getSnapshot().value).toBe('ticket');
    expect(actor.getSnapshot().context).toMatchObject({ noticeTo: null, noticeFailed: true, ticket: { ticketId: 't1' } });
  });

  it('skips the section screen when the office has one section', () => {
    const { actor } = start({ sections: ['all'] });
    actor.send({ type: 'language.select', language: 'en' });
    expect(actor.getSnapshot().matches('service')).toBe(true);
    expect(actor.getSnapshot().context.sectionId).toBe('all');
    actor.send({ type: 'screen.back' });
    expect(actor.getSnapshot().value).toBe('language');
  });

  it('shows a failure (never a ticket) when the write fails, and can retry', async () => {
    let fail = true;
    const { actor, issued } = start({ issue: async () => (fail ? Promise.reject(new Error('quota')) : ticket) });
    actor.send({ type: 'language.select', language: 'en' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    pick(actor, 'residence');
    await settle();
    expect(actor.getSnapshot().matches('failed')).toBe(true);
    expect(actor.getSnapshot().context.ticket).toBeNull();
    fail = false;
    actor.send({ type: 'ticket.retry' });
    await settle();
    expect(actor.getSnapshot().value).toBe('ticket');
    expect(issued).toHaveLength(2);
  });

  it('warns before giving up on a half-finished choice, with 20 s to say "I am still here"', () => {
    const { actor, clock } = start();
    actor.send({ type: 'language.select', language: 'hi' });
    actor.send({ type: 'section.select', sectionId: 'men' });
    clock.increment(IDLE_WARNING_MS - 1);
    expect(actor.getSnapshot().matches({ service: 'active' })).toBe(true);
    clock.increment(1);
    expect(actor.getSnapshot().matches({ service: 'warning' })).toBe(true);
    expect(IDLE_GRACE_MS).toBeGreaterThanOrEqual(20_000);
    actor.send({ type: 'resident.touch' }); // "I am still here"
    expect(actor.getSnapshot().matches({ service: 'active' })).toBe(true);
    clock.increment(IDLE_WARNING_MS - 1_000);
    actor.send({ type: 'resident.touch' }); // a touch restarts the quiet time
    clock.increment(IDLE_WARNING_MS - 1_000);
    expect(actor.getSnapshot().matches({ service: 'active' })).toBe(true);
    clock.increment(1_000);
    expect(actor.getSnapshot().matches({ service: 'warning' })).toBe(true);
    clock.increment(IDLE_GRACE_MS);
    expect(actor.getSnapshot().value).toBe('language');
  });

  it('asks priority at the service screen, and forgets every choice of the last person at the reset', async () => {
    const { actor, clock, issued } = start();
    actor.send({ type: 'language.select', language: 'bn' });
    actor.send({ type: 'display.largeText' });
    actor.send({ type: 'display.highContrast' });
    actor.send({ type: 'section.select', sectionId: 'women' });
    actor.send({ type: 'priority.select', priority: 'pregnant' });
    pick(actor, 'residence');
    await settle();
    expect(issued.at(-1)).toEqual(choices({ sectionId: 'women', serviceGroup: 'residence', priority: 'pregnant', language: 'bn' }));
    expect(actor.getSnapshot().context).toMatchObject({ largeText: true, highContrast: true });
    clock.increment(TICKET_SCREEN_MS);
    expect(actor.getSnapshot().context).toMatchObject({ language: null, priority: null, largeText: false, highContrast: false, sectionId: null });
  });

  it('never issues a ticket without a section and a group, nor asks for notices without a ticket: no placeholder reaches the database', async () => {
    const visit = { ...NOBODY, sectionIds: ['men', 'women'], language: 'en', serviceGroup: 'enquiries' as const };
    expect(() => issueInput(visit)).toThrow(/without a section/);
    expect(() => noticeInput({ ...visit, sectionId: 'men' }, '0551234567')).toThrow(/without a ticket/);
    expect(noticeInput({ ...visit, ticket }, '0551234567')).toEqual({ ticketId: 't1', mobile: '0551234567', language: 'en' });

    // A visit on the identity screen that somehow lacks its section: the screen keeps it, nothing is issued.
    const { actor, issued } = start();
    const stranded = createActor(actor.logic, { input: visit, snapshot: kioskMachine.resolveState({ value: 'identify', context: visit }) }).start();
    stranded.send({ type: 'id.skip' });
    stranded.send({ type: 'id.submit', idNumber: RESIDENT });
    await settle();
    expect(stranded.getSnapshot()).toMatchObject({ status: 'active', value: { identify: 'active' } });
    expect(issued).toEqual([]);
    // And a ticket screen without its ticket offers no notice.
    const bare = createActor(actor.logic, { input: visit, snapshot: kioskMachine.resolveState({ value: 'ticket', context: visit }) }).start();
    bare.send({ type: 'notice.start' });
    expect(bare.getSnapshot().value).toBe('ticket');
  });

  it('names every event it takes domain.verb, as every machine of the house does', () => {
    const own = kioskMachine.events.filter((type) => !type.startsWith('xstate.'));
    expect(own.filter((type) => !/^[a-z]+\.[a-z][A-Za-z]*$/.test(type))).toEqual([]);
    expect(own).toEqual(expect.arrayContaining(['resident.touch', 'screen.back', 'ticket.retry', 'visit.finish']));
  });
});
