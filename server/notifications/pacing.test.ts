/**
 * Quiet hours and the per-recipient limit, on a fake clock through the delivery worker on
 * both stores: a reminder written at 23:00 in Riyadh goes at 07:00, a security code at once;
 * the 6th notice within an hour to one person waits for the hour to pass; two workers at
 * once still keep the limit; nothing is lost or sent twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedOffice, PILOT_OFFICE_ID } from '../seed.ts';
import { describeEngines, type TestStore } from '../testing/engines.ts';
import { inboxChannel } from './channels.ts';
import { DeliveryWorker, enqueueMessage, type Channel, type DeliveryOptions } from './delivery.ts';
import { DEFAULT_QUIET_HOURS, limitedTemplates, parseQuietHours, quietUntil } from './pacing.ts';
import { TEMPLATE_KIND, type TemplateId } from './templates.ts';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it('reads "22:00-07:00" with an optional zone, "off" for none, and refuses anything else', () => {
    expect(parseQuietHours(undefined)).toEqual(DEFAULT_QUIET_HOURS);
    expect(parseQuietHours('21:30-06:00')).toEqual({ startMinute: 1290, endMinute: 360, timeZone: 'Asia/Riyadh' });
    expect(parseQuietHours('13:00-15:00 Asia/Dubai')).toEqual({ startMinute: 780, endMinute: 900, timeZone: 'Asia/Dubai' });
    expect(parseQuietHours('off')).toBeNull();
    for (const bad of ['22-07', '25:00-07:00', '22:00-22:00', '22:00-07:00 Mars/Olympus']) expect(() => parseQuietHours(bad)).toThrow(/quiet hours/);
  });

  it('ends at the next 07:00 on the Riyadh clock (UTC+3), across midnight, and not at all outside them', () => {
    const q = DEFAULT_QUIET_HOURS;
    expect(quietUntil(at('2026-12-03T19:00:00Z'), q)).toBe(at('2026-12-04T04:00:00Z')); // 22:00 Riyadh: quiet starts
    expect(quietUntil(at('2026-12-03T20:00:00Z'), q)).toBe(at('2026-12-04T04:00:00Z')); // 23:00
    expect(quietUntil(at('2026-12-03T21:30:00Z'), q)).toBe(at('2026-12-04T04:00:00Z')); // 00:30 the next day
    expect(quietUntil(at('2026-12-04T03:59:00Z'), q)).toBe(at('2026-12-04T04:00:00Z')); // 06:59
    expect(quietUntil(at('2026-12-04T04:00:00Z'), q)).toBeNull(); // 07:00: over
    expect(quietUntil(at('2026-12-03T18:59:00Z'), q)).toBeNull(); // 21:59
    const siesta = { startMinute: 13 * 60, endMinute: 15 * 60, timeZone: 'Asia/Riyadh' };
    expect(quietUntil(at('2026-12-03T10:30:00Z'), siesta)).toBe(at('2026-12-03T12:00:00Z'));
    expect(quietUntil(at('2026-12-03T12:00:00Z'), siesta)).toBeNull();
  });

  it('counts notices and reminders against the limit, never codes', () => {
    expect(limitedTemplates()).toContain('transactionNotice');
    expect(limitedTemplates()).toContain('iqamaExpiring');
    expect(limitedTemplates()).not.toContain('securityCode');
    expect(limitedTemplates()).not.toContain('turnNear');
    expect(TEMPLATE_KIND.securityCode).toBe('code');
  });
});

describeEngines('message pacing', (engine) => {
  let t: TestStore;
  let now = 0;
  const clock = () => now;
  const sent: string[] = [];
  const recording: Channel = {
    async send(message) {
      sent.push(message.messageId);
      return { delivered: true };
    },
  };
  // transactionNotice stands in for a reminder here: the scheduler's reminder templates are another change's.
  const asReminder = { ...TEMPLATE_KIND, transactionNotice: 'reminder' } as const;
  const worker = (options: DeliveryOptions = {}) => new DeliveryWorker(t.store, { sms: recording, email: inboxChannel() }, { clock, random: () => 0.5, ...options });
  let serial = 0;
  const queue = (recipient: string, template: TemplateId) =>
    enqueueMessage(t.store, {
      officeId: PILOT_OFFICE_ID,
      channel: 'sms',
      recipient,
      template,
      params: template === 'securityCode' ? { code: '123456', minutes: 5 } : { serviceAr: 'تجديد إقامة', person: '…4321', day: '2026-12-03' },
      eventKind: 'test',
      eventRef: `e${++serial}`,
      now,
    });
  const rows = () =>
    t.store.query<{ message_id: string; recipient: string; status: string; attempts: number; next_attempt_at: Date | string | null; failure: string | null }>(
      'SELECT message_id, recipient, status, attempts, next_attempt_at, failure FROM outgoing_messages ORDER BY created_at, message_id',
    );
  const status = async (id: string | null) => (await rows()).find((r) => r.message_id === id);

  beforeAll(async () => {
    t = await engine.open();
    await seedOffice(t.store, { hashes: { pin: 'x', password: 'x' } });
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await t.store.query('DELETE FROM outgoing_messages');
    sent.length = 0;
  });

  it('holds a reminder written at 23:00 Riyadh until 07:00, without using a try, and sends a code at 23:00 at once', async () => {
    now = at('2026-12-03T20:00:00Z'); // 23:00 in Riyadh
    const reminder = await queue('0500000001', 'transactionNotice');
    const code = await queue('0500000001', 'securityCode');
    const w = worker({ templateKinds: asReminder });
    expect(await w.runOnce()).toBe(1);
    expect(sent).toEqual([code]);
    const held = await status(reminder);
    expect(held).toMatchObject({ status: 'queued', attempts: 0, failure: 'held for the quiet hours' });
    expect(new Date(held?.next_attempt_at ?? 0).getTime()).toBe(at('2026-12-04T04:00:00Z'));
    now = at('2026-12-04T03:59:59Z'); // 06:59:59
    expect(await w.runOnce()).toBe(0);
    now = at('2026-12-04T04:00:00Z'); // 07:00
    expect(await w.runOnce()).toBe(1);
    expect(sent).toEqual([code, reminder]);
    expect(await status(reminder)).toMatchObject({ status: 'delivered', attempts: 1, failure: null });
  });

  it('sends a notice (not a reminder) at 23:00: quiet hours hold reminders only', async () => {
    now = at('2026-12-03T20:00:00Z');
    const notice = await queue('0500000002', 'transactionNotice');
    expect(await worker().runOnce()).toBe(1);
    expect(sent).toEqual([notice]);
  });

  it('lets 5 notices an hour through to one recipient; the 6th and 7th wait for the hour, codes and others go; none lost or doubled', async () => {
    now = at('2026-12-03T06:00:00Z'); // 09:00 in Riyadh
    const notices: (string | null)[] = [];
    for (let i = 0; i < 7; i++) notices.push(await queue('0500000003', 'transactionNotice'));
    const code = await queue('0500000003', 'securityCode');
    const other = await queue('0500000004', 'transactionNotice');
    const w = worker({ concurrency: 1 });
    expect(await w.runOnce()).toBe(7);
    // Which five go among messages written at one moment is the store's order; the limit is what counts.
    const first = notices.filter((id) => sent.includes(id ?? ''));
    const waiting = notices.filter((id) => !sent.includes(id ?? ''));
    expect(first).toHaveLength(5);
    expect(sent).toEqual(expect.arrayContaining([code, other]));
    for (const id of waiting) {
      const row = await status(id);
      expect(row).toMatchObject({ status: 'queued', attempts: 0, failure: 'held: 5 messages to this recipient within 60 min' });
      expect(new Date(row?.next_attempt_at ?? 0).getTime()).toBe(at('2026-12-03T07:00:00Z'));
    }
    now += 30 * 60_000;
    expect(await w.runOnce()).toBe(0);
    // A code still goes while notices wait.
    const code2 = await queue('0500000003', 'securityCode');
    expect(await w.runOnce()).toBe(1);
    now = at('2026-12-03T07:00:00Z');
    expect(await w.runOnce()).toBe(2);
    expect(sent.slice(-2).sort()).toEqual([...waiting].sort());
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent).toHaveLength(10);
    expect(sent).toContain(code2);
    expect((await rows()).every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
  });

  it('keeps the limit when two workers send to one recipient at once', async () => {
    now = at('2026-12-03T06:00:00Z');
    for (let i = 0; i < 10; i++) await queue('0500000005', 'transactionNotice');
    const [a, b] = [worker({ batch: 5 }), worker({ batch: 5 })];
    const counts = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(counts[0] + counts[1]).toBe(5);
    expect(await a.runOnce()).toBe(0);
    now += 3_600_000;
    expect((await Promise.all([a.runOnce(), b.runOnce()])).reduce((x, y) => x + y, 0)).toBe(5);
    expect(new Set(sent).size).toBe(10);
    expect(sent).toHaveLength(10);
  });

  it('no limit and no quiet hours when configured off', async () => {
    now = at('2026-12-03T20:00:00Z');
    for (let i = 0; i < 8; i++) await queue('0500000006', 'transactionNotice');
    expect(await worker({ quietHours: null, recipientLimit: null, templateKinds: asReminder }).runOnce()).toBe(8);
  });
});
