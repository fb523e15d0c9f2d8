/** The live floor: counter states, queues, device health and the alerts, from plain rows and a clock. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTS, floorOf, MINUTE_MS, openAlerts, type FloorDevice, type FloorInput, type FloorTicket } from './floor.ts';

const NOW = Date.parse('2026-03-01T18:00:00+03:00');
const min = (n: number): number => NOW - n * MINUTE_MS;

function ticket(over: Partial<FloorTicket> & Pick<FloorTicket, 'ticketId'>): FloorTicket {
  return {
    displayNumber: `M1-${over.ticketId}`,
    sectionId: 'men',
    serviceGroup: 'residence',
    service: null,
    status: 'waiting',
    issuedAt: min(5),
    calledAt: null,
    startedAt: null,
    counterId: null,
    officerBadge: null,
    ...over,
  };
}

function device(over: Partial<FloorDevice> & Pick<FloorDevice, 'deviceId'>): FloorDevice {
  return {
    role: 'counter',
    label: null,
    kioskNo: null,
    reportedAt: min(0.5),
    outboxDepth: 0,
    oldestUnsentAt: null,
    appVersion: '0.1.0',
    clockOffsetMs: 0,
    sessionId: null,
    counterId: null,
    ...over,
  };
}

function input(over: Partial<FloorInput>): FloorInput {
  return {
    now: NOW,
    counters: [
      { id: 1, sectionId: 'men' },
      { id: 2, sectionId: 'men' },
      { id: 3, sectionId: 'men' },
      { id: 4, sectionId: 'men' },
      { id: 5, sectionId: 'women' },
    ],
    tickets: [],
    counterEvents: [],
    lastTicketEnd: new Map(),
    devices: [],
    targetMinutes: 15,
    alerts: DEFAULT_ALERTS,
    presenceTimeoutMs: 150_000,
    openNow: true,
    dayStart: Date.parse('2026-03-01T00:00:00+03:00'),
    ...over,
  };
}

describe('the live floor', () => {
  it('tells what each counter is doing and since when', () => {
    const floor = floorOf(
      input({
        counterEvents: [
          { counterId: 1, type: 'open', at: min(60), officerBadge: '1001', sessionId: 's1', reason: null },
          { counterId: 2, type: 'break', at: min(7), officerBadge: '1002', sessionId: 's2', reason: 'prayer' },
          { counterId: 3, type: 'open', at: min(30), officerBadge: '1003', sessionId: 's3', reason: null },
          { counterId: 4, type: 'open', at: min(90), officerBadge: '1004', sessionId: 's4', reason: null },
        ],
        tickets: [ticket({ ticketId: '7', status: 'serving', counterId: 1, calledAt: min(4), startedAt: min(3) })],
        lastTicketEnd: new Map([[3, min(12)]]),
        devices: [
          device({ deviceId: 'd1', sessionId: 's1', counterId: 1 }),
          device({ deviceId: 'd2', sessionId: 's2', counterId: 2 }),
          device({ deviceId: 'd3', sessionId: 's3', counterId: 3 }),
          // Counter 4's browser was closed without signing out: last heard 10 minutes ago.
          device({ deviceId: 'd4', sessionId: 's4', counterId: 4, reportedAt: min(10) }),
        ],
      }),
    );
    expect(floor.counters.map((c) => [c.counterId, c.state, c.since, c.officerBadge, c.ticket, c.reason])).toEqual([
      [1, 'serving', min(3), '1001', 'M1-7', null],
      [2, 'break', min(7), '1002', null, 'prayer'],
      [3, 'idle', min(12), '1003', null, null],
      [4, 'noSignal', min(10), '1004', null, null],
      [5, 'closed', null, null, null, null],
    ]);
  });

  it('lists each queue with its longest wait and raises the alerts that hold', () => {
    const waiting = Array.from({ length: 20 }, (_, i) => ticket({ ticketId: String(i), issuedAt: min(40 - i) }));
    const floor = floorOf(
      input({
        tickets: [...waiting, ticket({ ticketId: 'w1', sectionId: 'women', serviceGroup: 'enquiries', issuedAt: min(2) })],
        counterEvents: [{ counterId: 3, type: 'open', at: min(30), officerBadge: '1003', sessionId: null, reason: null }],
        devices: [
          device({ deviceId: 'd3', counterId: 3 }),
          device({ deviceId: 'k1', role: 'kiosk', kioskNo: 1, reportedAt: min(5) }),
          device({ deviceId: 'k2', role: 'kiosk', kioskNo: 2, outboxDepth: 4, oldestUnsentAt: min(12) }),
        ],
      }),
    );
    expect(floor.queues).toEqual([
      { sectionId: 'men', serviceGroup: 'residence', waiting: 20, longestMinutes: 40, overTarget: 20 },
      { sectionId: 'women', serviceGroup: 'enquiries', waiting: 1, longestMinutes: 2, overTarget: 0 },
    ]);
    expect(floor.alerts.map((a) => [a.key, a.since])).toEqual([
      ['idle:3', min(30)],
      ['wait:men:residence', min(40) + 15 * MINUTE_MS],
      ['queue:men', min(21)],
      ['unsent:k2', min(12)],
      ['silent:k1', min(5)],
    ]);
    expect(floor.devices.map((d) => [d.deviceId, d.online])).toEqual([
      ['d3', true],
      ['k1', false],
      ['k2', true],
    ]);
  });

  it('says a device fell silent only while the office is open, and only if it was heard from today', () => {
    const devices = [device({ deviceId: 'k1', role: 'kiosk', kioskNo: 1, reportedAt: min(10) }), device({ deviceId: 'k2', role: 'kiosk', kioskNo: 2, reportedAt: min(24 * 60) })];
    expect(floorOf(input({ devices })).alerts.map((a) => a.key)).toEqual(['silent:k1']);
    expect(floorOf(input({ devices, openNow: false })).alerts).toEqual([]);
  });

  it('hides an acknowledged occurrence until the condition starts again, and a snoozed key until the snooze ends', () => {
    const alerts = [
      { key: 'idle:3', kind: 'idle' as const, since: 100, params: {} },
      { key: 'silent:k1', kind: 'silent' as const, since: 200, params: {} },
    ];
    expect(openAlerts(alerts, [{ key: 'idle:3', since: 100, action: 'acknowledged', until: null }], NOW).map((a) => a.key)).toEqual(['silent:k1']);
    expect(openAlerts(alerts, [{ key: 'idle:3', since: 50, action: 'acknowledged', until: null }], NOW)).toHaveLength(2);
    expect(openAlerts(alerts, [{ key: 'silent:k1', since: 0, action: 'snoozed', until: NOW + 1 }], NOW).map((a) => a.key)).toEqual(['idle:3']);
    expect(openAlerts(alerts, [{ key: 'silent:k1', since: 0, action: 'snoozed', until: NOW }], NOW)).toHaveLength(2);
  });
});
