/**
 * The phone page's "people ahead" on both engines follows the counters that are open (the
 * store's counter events: opened, on a break, closed) and each counter's skills: counter 1
 * serves exit/re-entry only, counter 2 prefers exit/re-entry but also serves residence, and
 * a residence ticket waits behind two exit/re-entry ones. The old sort by arrival said 2 in
 * every case.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceDayOf, type Counter } from '../../shared/domain/office.ts';
import type { PublicTicketStatus } from '../../shared/sync/protocol.ts';
import { describeEngines } from '../testing/engines.ts';
import { envelope, Harness, issue, type Device } from '../testing/harness.ts';
import { openCounters } from './ticketNotices.ts';

describeEngines('people ahead and the open counters', (engine) => {
  let h: Harness;
  let office: string;
  let counter: Device;
  let sessionId: string;
  let code = '';
  let seq = 0;

  beforeAll(async () => {
    h = await Harness.open(engine);
    office = await h.newOffice();
    const counters: Counter[] = [
      { id: 1, sectionId: 'men', skills: ['exitReentry'] },
      { id: 2, sectionId: 'men', skills: ['exitReentry', 'residence'] },
      { id: 5, sectionId: 'women' },
    ];
    await h.store.query(`UPDATE offices SET config = jsonb_set(config, '{counters}', $2::jsonb) WHERE office_id = $1`, [office, JSON.stringify(counters)]);
    const kiosk = await h.enroll(office, 'kiosk');
    const tickets = [1, 2, 3].map((n) => {
      const m = issue(n, kiosk, n);
      return { ...m, args: { ...(m.args as { publicCode: string }), serviceGroup: n < 3 ? 'exitReentry' : 'residence' } };
    });
    await h.push(kiosk, tickets);
    code = tickets[2]?.args.publicCode ?? '';
    counter = await h.enroll(office, 'counter');
    sessionId = (await h.signIn(counter, '1002', 2)).sessionId;
  });
  afterAll(() => h?.close());

  const ahead = async (): Promise<number> => (await h.call<PublicTicketStatus>('GET', `/api/public/tickets/${code}`)).body.ahead;
  const counterEvent = async (name: string, args: object): Promise<void> => {
    await h.push(counter, [envelope(++seq, name, { counterId: 2, ...args }, sessionId)]);
  };
  const open = async (): Promise<number[]> => [...(await openCounters(h.store, office, serviceDayOf(h.now, 'Asia/Riyadh')))];

  it('no counter open: placed among the configured ones (counter 2 takes one exit/re-entry ticket, counter 1 the other)', async () => {
    expect(await open()).toEqual([]);
    expect(await ahead()).toBe(1);
  });

  it('counter 2 open alone: it calls both exit/re-entry tickets first, on a break too', async () => {
    await counterEvent('counter.open', {});
    expect(await open()).toEqual([2]);
    expect(await ahead()).toBe(2);
    await counterEvent('counter.break', { reason: 'prayer' });
    expect(await open()).toEqual([2]);
    expect(await ahead()).toBe(2);
  });

  it('counter 2 closed: back to the configured counters', async () => {
    await counterEvent('counter.resume', {});
    await counterEvent('counter.close', {});
    expect(await open()).toEqual([]);
    expect(await ahead()).toBe(1);
  });
});
