/** Applying decided transactions: each service changes exactly its part of the record. */
import { describe, expect, it } from 'vitest';
import { applyDecision } from './apply.ts';
import { addDays } from './dates.ts';
import { DEFAULT_FEES } from './fees.ts';
import type { ResidentRecord } from './resident.ts';
import { decide, type ServiceRequest } from './rules.ts';
import { sampleResident } from './testing.ts';

const TODAY = '2026-12-02';
const ctx = { today: TODAY, fees: DEFAULT_FEES };

const base = sampleResident();

function run(record: ResidentRecord, request: ServiceRequest, visaNumber?: string) {
  return applyDecision(record, request, decide(record, request, ctx), ctx, visaNumber ? { visaNumber } : {});
}

describe('applying a transaction', () => {
  it('renews the iqama and counts a late renewal', () => {
    expect(run(base, { service: 'iqama.renew', months: 12 })).toMatchObject({ record: { iqamaExpiry: '2028-06-30', lateRenewals: 0 }, changed: ['iqamaExpiry'] });
    const late = run({ ...base, iqamaExpiry: addDays(TODAY, -10) }, { service: 'iqama.renew', months: 3 });
    expect(late.record).toMatchObject({ iqamaExpiry: '2027-03-02', lateRenewals: 1 });
    expect(late.changed).toEqual(['iqamaExpiry', 'lateRenewals']);
  });

  it('issues a visa with the number the store drew, and cancels it again', () => {
    const issued = run(base, { service: 'exitReentry.multiple', months: 3 }, '6000000042');
    expect(issued.visa).toEqual({ visaNumber: '6000000042', kind: 'exitReentryMultiple', status: 'issued', issuedOn: TODAY, validUntil: '2027-03-02', months: 3 });
    const cancelled = run(issued.record, { service: 'exitReentry.cancel' });
    expect(cancelled.record.visas).toEqual([{ ...issued.visa, status: 'cancelled' }]);
    // Once cancelled, a new one may be issued.
    expect(decide(cancelled.record, { service: 'exitReentry.single', months: 2 }, ctx).eligible).toBe(true);
  });

  it('changes profession and sponsor, counting transfers', () => {
    expect(run(base, { service: 'profession.change', profession: { code: 'accountant', domestic: false } }).record.profession).toEqual({ code: 'accountant', domestic: false });
    const moved = run(base, { service: 'sponsorship.transfer', newSponsor: { kind: 'establishment', establishmentId: '7009999999' } });
    expect(moved.record).toMatchObject({ sponsor: { establishmentId: '7009999999' }, sponsorshipTransfers: 1 });
  });

  it('leaves the record alone for queries and reprints, and refuses to apply a refused decision', () => {
    expect(run(base, { service: 'query.resident' })).toEqual({ record: base, changed: [] });
    const refused = { service: 'exitReentry.single', months: 20 } as const;
    expect(() => applyDecision(base, refused, decide(base, refused, ctx), ctx, { visaNumber: '1' })).toThrow(/refused/);
    expect(() => run(base, { service: 'finalExit.issue' })).toThrow(/visa number/);
  });
});
