/** The synthetic registry: the same from the same seed, valid numbers, and every edge case the rules care about. */
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../shared/domain/dates.ts';
import { DEFAULT_FEES } from '../../shared/domain/fees.ts';
import { checkIdNumber } from '../../shared/domain/identity.ts';
import { activeVisa } from '../../shared/domain/resident.ts';
import { decide } from '../../shared/domain/rules.ts';
import { DEFAULT_REGISTRY, generateRegistry } from './generate.ts';

const TODAY = '2026-12-02';
const registry = generateRegistry({ ...DEFAULT_REGISTRY, today: TODAY });

describe('synthetic registry', () => {
  it('is the same from the same seed and start day', () => {
    const again = generateRegistry({ ...DEFAULT_REGISTRY, today: TODAY });
    expect(JSON.stringify(again)).toBe(JSON.stringify(registry));
    expect(JSON.stringify(generateRegistry({ ...DEFAULT_REGISTRY, seed: 7, today: TODAY }).residents[0])).not.toBe(JSON.stringify(registry.residents[0]));
  });

  it('holds 5,000 residents and some visitors, each with a unique valid number of the right kind', () => {
    const residents = registry.residents.filter((r) => r.kind === 'resident');
    const visitors = registry.residents.filter((r) => r.kind === 'visitor');
    expect(residents.length).toBeGreaterThanOrEqual(5000);
    expect(visitors.length).toBeGreaterThan(100);
    expect(new Set(registry.residents.map((r) => r.idNumber)).size).toBe(registry.residents.length);
    for (const r of residents) expect(checkIdNumber(r.idNumber)).toMatchObject({ ok: true, kind: 'resident' });
    for (const r of visitors) expect(checkIdNumber(r.idNumber)).toMatchObject({ ok: true, kind: 'visitor' });
    for (const r of registry.residents) {
      if (r.sponsor.kind === 'person') expect(checkIdNumber(r.sponsor.idNumber)).toMatchObject({ ok: true, kind: 'citizen' });
      expect(r.name.ar).toMatch(/[\u0600-\u06FF]/);
      expect(r.name.en).toMatch(/^[A-Za-z' -]+$/);
      expect(r.mobile).toMatch(/^05\d{8}$/);
    }
    const establishments = new Set(registry.establishments.map((e) => e.establishmentId));
    expect(establishments.size).toBe(registry.establishments.length);
    for (const r of registry.residents) if (r.sponsor.kind === 'establishment') expect(establishments.has(r.sponsor.establishmentId)).toBe(true);
  });

  it('spreads the cases the rules care about', () => {
    const rs = registry.residents.filter((r) => r.kind === 'resident');
    const count = (test: (r: (typeof rs)[number]) => boolean): number => rs.filter(test).length;
    const spread = {
      lapsedInGrace: count((r) => daysBetween(r.iqamaExpiry, TODAY) >= 1 && daysBetween(r.iqamaExpiry, TODAY) <= 3),
      lapsedLate: count((r) => daysBetween(r.iqamaExpiry, TODAY) > 3),
      expiringThisMonth: count((r) => daysBetween(TODAY, r.iqamaExpiry) >= 0 && daysBetween(TODAY, r.iqamaExpiry) <= 30),
      passportUnder60: count((r) => daysBetween(TODAY, r.passport.expiry) < 60),
      passport60to90: count((r) => daysBetween(TODAY, r.passport.expiry) >= 60 && daysBetween(TODAY, r.passport.expiry) < 90),
      abroad: count((r) => r.abroad),
      violations: count((r) => r.unpaidViolations > 0),
      vehicles: count((r) => r.vehicles > 0),
      activeReentry: count((r) => activeVisa(r, ['exitReentrySingle', 'exitReentryMultiple'], TODAY) !== null),
      activeFinalExit: count((r) => activeVisa(r, ['finalExit'], TODAY) !== null),
      expiredFinalExit: count((r) => r.visas.some((v) => v.kind === 'finalExit' && v.status === 'expired')),
      thirdTransfer: count((r) => r.sponsorshipTransfers >= 2),
      secondLate: count((r) => r.lateRenewals >= 1),
      domestic: count((r) => r.profession.domestic),
      dependants: count((r) => r.dependants > 0),
      exhaustedQuota: registry.establishments.filter((e) => e.subscription.kind === 'operations' && e.subscription.remaining === 0).length,
    };
    for (const [name, n] of Object.entries(spread)) expect(n, name).toBeGreaterThan(10);
  });

  it('can be run through every rule without surprises', () => {
    const eligible = registry.residents.filter((r) => decide(r, { service: 'iqama.renew', months: r.profession.domestic ? 12 : 6 }, { today: TODAY, fees: DEFAULT_FEES }).eligible);
    const refusedExit = registry.residents.filter((r) => !decide(r, { service: 'exitReentry.single', months: 2 }, { today: TODAY, fees: DEFAULT_FEES }).eligible);
    expect(eligible.length).toBeGreaterThan(4000);
    expect(refusedExit.length).toBeGreaterThan(300);
  });
});
