/** Pull paging, cursor safety under concurrent pushes, resets, and the SSE poke stream. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiError, PullResponse, PushResponse } from '../../shared/sync/protocol.ts';
import { MAX_PULL_LIMIT } from '../../shared/sync/protocol.ts';
import { STREAM_PAGE_LIMIT } from '../routes/sync.ts';
import { describeEngines } from '../testing/engines.ts';
import type { Device } from '../testing/harness.ts';
import { Harness, issue } from '../testing/harness.ts';

const DAY_MS = 86_400_000;

describeEngines('sync pull', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open(engine);
  });
  afterAll(() => h?.close());

  const pull = (device: Device, cursor: number | string, limit?: number | string) =>
    h.call<PullResponse>('GET', `/api/sync/pull?cursor=${cursor}${limit === undefined ? '' : `&limit=${limit}`}`, { token: device.token });

  it('pages by version with a monotonic cursor and `more`', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    await h.push(kiosk, Array.from({ length: 5 }, (_, i) => issue(i + 1, kiosk, i + 1)));
    const display = await h.enroll(office, 'display');
    const p1 = await pull(display, 0, 2);
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ cursor: 2, more: true, reset: false, version: 5 });
    expect(p1.body.changes.map((c) => [c.entity, c.version, c.entity === 'ticket' ? c.data.displayNumber : c.entity === 'transaction' ? c.data.transactionId : c.entity])).toEqual([
      ['ticket', 1, 'M1-001'],
      ['ticket', 2, 'M1-002'],
    ]);
    const p2 = await pull(display, 2, 2);
    expect(p2.body).toMatchObject({ cursor: 4, more: true });
    const p3 = await pull(display, 4, 2);
    expect(p3.body).toMatchObject({ cursor: 5, more: false });
    expect(p3.body.changes.map((c) => c.version)).toEqual([5]);
    const p4 = await pull(display, 5);
    expect(p4.body).toEqual({ changes: [], cursor: 5, more: false, reset: false, version: 5, epoch: null });
  });

  it('sends a ticket\'s public code only to the kiosk that printed it, never to boards, counters or other kiosks', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const other = await h.enroll(office, 'kiosk');
    const printed = issue(1, kiosk, 1);
    await h.push(kiosk, [printed]);
    const code = (printed.args as { publicCode: string }).publicCode;
    const codesSeenBy = async (device: Device) =>
      (await pull(device, 0)).body.changes.flatMap((c) => (c.entity === 'ticket' ? [c.data.publicCode] : []));
    expect(await codesSeenBy(kiosk)).toEqual([code]);
    expect(await codesSeenBy(other)).toEqual(['']);
    expect(await codesSeenBy(await h.enroll(office, 'display'))).toEqual(['']);
    expect(await codesSeenBy(await h.enroll(office, 'counter'))).toEqual(['']);
  });

  it('tells a device with a cursor from the future to reset', async () => {
    const office = await h.newOffice();
    const display = await h.enroll(office, 'display');
    const r = await pull(display, 42);
    expect(r.body).toEqual({ changes: [], cursor: 0, more: true, reset: true, version: 0, epoch: null });
  });

  it('rejects bad cursor and limit values with 400', async () => {
    const office = await h.newOffice();
    const display = await h.enroll(office, 'display');
    for (const [cursor, limit] of [['-1', 10], ['abc', 10], ['1.5', 10], [0, 0], [0, MAX_PULL_LIMIT + 1], [0, 'x']] as const) {
      const r = await h.call<ApiError>('GET', `/api/sync/pull?cursor=${cursor}&limit=${limit}`, { token: display.token });
      expect(r.status, `cursor=${cursor} limit=${limit}`).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
  });

  it('sends only today and yesterday', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const start = h.now;
    try {
      // Each taken on its own day (a ticket belongs to the day it was taken).
      await h.push(kiosk, [{ ...issue(1, kiosk, 1), deviceTime: h.now }]);
      h.now = start + DAY_MS;
      await h.push(kiosk, [{ ...issue(2, kiosk, 2), deviceTime: h.now }]);
      h.now = start + 2 * DAY_MS;
      await h.push(kiosk, [{ ...issue(3, kiosk, 3), deviceTime: h.now }]);
      const r = await pull(display, 0);
      expect(r.body.changes.map((c) => (c.entity === 'ticket' ? c.data.displayNumber : c.entity === 'transaction' ? c.data.transactionId : c.entity))).toEqual(['M1-002', 'M1-003']);
      expect(r.body.cursor).toBe(3);
    } finally {
      h.now = start;
    }
  });

  it('never skips a row while pushes run concurrently', async () => {
    const office = await h.newOffice();
    const kiosks = await Promise.all([h.enroll(office, 'kiosk'), h.enroll(office, 'kiosk'), h.enroll(office, 'kiosk')]);
    const display = await h.enroll(office, 'display');
    const BATCHES = 6;
    const PER_BATCH = 3;
    let done = false;
    const pushing = Promise.all(
      kiosks.map(async (k) => {
        for (let b = 0; b < BATCHES; b++) {
          const batch = Array.from({ length: PER_BATCH }, (_, i) => issue(b * PER_BATCH + i + 1, k, b * PER_BATCH + i + 1));
          const r = await h.push<PushResponse>(k, batch);
          expect(r.status).toBe(200);
        }
      }),
    ).finally(() => {
      done = true;
    });
    const seen: number[] = [];
    let cursor = 0;
    const drain = async (): Promise<void> => {
      for (;;) {
        const r = await pull(display, cursor, 4);
        expect(r.status).toBe(200);
        expect(r.body.cursor).toBeGreaterThanOrEqual(cursor);
        seen.push(...r.body.changes.map((c) => c.version));
        cursor = r.body.cursor;
        if (!r.body.more) return;
      }
    };
    while (!done) await drain();
    await pushing;
    await drain();
    const total = kiosks.length * BATCHES * PER_BATCH;
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  /** Opens a device's event stream; `next` reads one frame, `close` leaves. */
  const openEvents = async (token: string) => {
    const controller = new AbortController();
    const response = await h.app.request('/api/sync/events', { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    return {
      async next(): Promise<{ event: string; data: Record<string, unknown> }> {
        while (!buffer.includes('\n\n')) {
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          buffer += value;
        }
        const end = buffer.indexOf('\n\n');
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
        const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
        return { event, data: JSON.parse(data) as Record<string, unknown> };
      },
      async close(): Promise<void> {
        await reader.cancel();
        controller.abort();
      },
    };
  };

  it('streams pokes over SSE, each change with it, and unsubscribes on disconnect', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    await h.push(kiosk, [issue(1, kiosk, 1)]);
    const events = await openEvents(display.token);
    // First a plain poke: the device pulls up to it.
    expect(await events.next()).toEqual({ event: 'version', data: { officeId: office, version: 1 } });
    expect(h.pokes.listenerCount(office)).toBe(1);
    await h.push(kiosk, [issue(2, kiosk, 2)]);
    // Then every change comes with its poke: what a pull from the last version told answers.
    const { event, data } = await events.next();
    expect(event).toBe('changes');
    const pulled = await pull(display, 1);
    expect(data).toEqual({ officeId: office, version: 2, from: 1, page: pulled.body });
    expect((pulled.body.changes[0]?.data as { publicCode: string }).publicCode).toBe(''); // a board never gets the code
    await events.close();
    // The store lets go of the stream's listener when it notices the client left.
    await expect.poll(() => h.pokes.listenerCount(office)).toBe(0);
  });

  it('sends a plain poke when the change is too big to carry, and the page after it from there', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const events = await openEvents(display.token);
    expect(await events.next()).toEqual({ event: 'version', data: { officeId: office, version: 0 } });
    const many = Array.from({ length: STREAM_PAGE_LIMIT + 1 }, (_, i) => issue(i + 1, kiosk, i + 1));
    for (let i = 0; i < many.length; i += 100) await h.push(kiosk, many.slice(i, i + 100));
    // Two pushes of 100 fit a page each; the third's page from 200 is one row, so all three carry their change.
    const seen: Array<{ event: string; data: Record<string, unknown> }> = [];
    for (let i = 0; i < 3; i++) seen.push(await events.next());
    expect(seen.map((e) => [e.event, e.data['from'], e.data['version']])).toEqual([
      ['changes', 0, 100],
      ['changes', 100, 200],
      ['changes', 200, 201],
    ]);
    await events.close();

    // Changes of more than a page since the stream last told the device (pokes held back
    // here, as when the store is busy): a plain poke, and the device pulls; pages resume after it.
    const late = await openEvents(display.token);
    expect((await late.next()).data['version']).toBe(201);
    const publish = h.pokes.publish.bind(h.pokes);
    h.pokes.publish = () => {};
    try {
      const big = Array.from({ length: STREAM_PAGE_LIMIT + 1 }, (_, i) => issue(202 + i, kiosk, 202 + i));
      for (let i = 0; i < big.length; i += 100) await h.push(kiosk, big.slice(i, i + 100));
    } finally {
      h.pokes.publish = publish;
    }
    h.pokes.publish({ officeId: office, version: 402 });
    expect(await late.next()).toEqual({ event: 'version', data: { officeId: office, version: 402 } });
    await h.push(kiosk, [issue(403, kiosk, 403)]);
    expect(await late.next()).toMatchObject({ event: 'changes', data: { from: 402, version: 403 } });
    await late.close();
  });

  it('tells a revoked device so on its stream instead of sending it changes', async () => {
    const office = await h.newOffice();
    const kiosk = await h.enroll(office, 'kiosk');
    const display = await h.enroll(office, 'display');
    const events = await openEvents(display.token);
    await events.next();
    await h.store.query('UPDATE devices SET revoked_at = now() WHERE office_id = $1 AND device_id = $2', [office, display.deviceId]);
    await h.push(kiosk, [issue(1, kiosk, 1)]);
    expect(await events.next()).toEqual({ event: 'revoked', data: { deviceId: display.deviceId } });
    await events.close();
  });
});
