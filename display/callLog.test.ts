import { describe, expect, it } from 'vitest';
import { advanceCallLog, seedCallLog } from './callLog.ts';
import { callWords, toArabicNumber, toSpokenLatin } from './announce.ts';
import type { Ticket } from '../shared/domain/ticket.ts';

type T = Pick<Ticket, 'ticketId' | 'displayNumber' | 'counterId' | 'sectionId' | 'version' | 'status' | 'callCount'>;
const t = (id: string, patch: Partial<T> = {}): T => ({
  ticketId: id,
  displayNumber: `M1-00${id}`,
  counterId: null,
  sectionId: 'men',
  version: 1,
  status: 'waiting',
  callCount: 0,
  ...patch,
});

describe('call log', () => {
  it('seeds from called and serving tickets, newest version first, without announcing', () => {
    const log = seedCallLog([
      t('1', { status: 'serving', counterId: 2, callCount: 1, version: 5 }),
      t('2', { status: 'called', counterId: 3, callCount: 1, version: 9 }),
      t('3', { status: 'done', counterId: 1, callCount: 1, version: 12 }),
      t('4'),
    ]);
    expect(log.calls.map((c) => c.displayNumber)).toEqual(['M1-002', 'M1-001']);
  });

  it('reports a new call and a recall as fresh, in server (version) order', () => {
    let log = seedCallLog([t('1'), t('2'), t('3', { status: 'called', counterId: 4, callCount: 1, version: 3 })]);
    const next = advanceCallLog(log, [
      t('1', { status: 'called', counterId: 1, callCount: 1, version: 8 }),
      t('2', { status: 'called', counterId: 2, callCount: 1, version: 7 }),
      t('3', { status: 'called', counterId: 4, callCount: 2, version: 9 }),
    ]);
    expect(next.fresh.map((c) => c.displayNumber)).toEqual(['M1-002', 'M1-001', 'M1-003']);
    log = next.log;
    expect(log.calls.map((c) => c.displayNumber)).toEqual(['M1-003', 'M1-001', 'M1-002']);
    // The same snapshot again: nothing new.
    expect(advanceCallLog(log, [t('3', { status: 'called', counterId: 4, callCount: 2, version: 9 })]).fresh).toEqual([]);
  });

  it('does not announce tickets that were called and finished while the board was away', () => {
    const log = seedCallLog([t('1')]);
    const next = advanceCallLog(log, [t('1', { status: 'done', counterId: 1, callCount: 1, version: 4 })]);
    expect(next.fresh).toEqual([]);
  });

  it('keeps at most the limit, one entry per ticket', () => {
    let log = seedCallLog([]);
    for (let i = 1; i <= 12; i++) {
      log = advanceCallLog(log, [t(String(i), { status: 'called', counterId: 1, callCount: 1, version: i })]).log;
    }
    expect(log.calls).toHaveLength(9);
    expect(new Set(log.calls.map((c) => c.ticketId)).size).toBe(9);
  });
});

describe('spoken numbers', () => {
  it('reads a ticket number in Arabic letters and digits', () => {
    expect(toArabicNumber('M1-042', { M: 'م' })).toBe('م١-٠٤٢');
    expect(toArabicNumber('X2-001', {})).toBe('X٢-٠٠١');
  });
  it('separates the groups for English voices', () => {
    expect(toSpokenLatin('M1-042')).toBe('M1 042');
    expect(callWords('M1-042', 4)).toEqual(['ticket', 'M', '1', '0', '4', '2', 'counter', '4']);
    expect(callWords('W12-1005', 12)).toEqual(['ticket', 'W', '1', '2', '1', '0', '0', '5', 'counter', '1', '2']);
  });
});
