/**
 * Test-only: a handful of registry records written by hand (the generator's spread is for
 * the demo; these tests need a passport expiring on a given day, a person abroad, …).
 */
import { luhnCheckDigit } from '../../shared/domain/identity.ts';
import type { ResidentRecord } from '../../shared/domain/resident.ts';
import { toJsonb } from '../http/errors.ts';
import type { Queryable } from '../store/index.ts';

/** A valid 10-digit number: `prefix` (2, 3 or 4), 8 digits from `n`, the check digit. */
export function testNumber(prefix: '2' | '3' | '4', n: number): string {
  const body = `${prefix}${String(n).padStart(8, '0')}`;
  return body + luhnCheckDigit(body);
}

/** A resident (or a visitor, by the number's prefix) sponsored by `establishmentId`, with sensible dates far from `today`. */
export function testPerson(idNumber: string, establishmentId: string, over: Partial<ResidentRecord> = {}): ResidentRecord {
  return {
    kind: idNumber.startsWith('2') ? 'resident' : 'visitor',
    idNumber,
    name: { ar: 'محمد خان', en: 'Mohammed Khan' },
    nationality: 'PAK',
    gender: 'male',
    birthDate: '1990-01-01',
    mobile: '0500000001',
    passport: { number: 'P1234567', expiry: '2030-01-01' },
    iqamaExpiry: '2027-06-01',
    profession: { code: 'accountant', domestic: false },
    sponsor: { kind: 'establishment', establishmentId },
    dependants: 0,
    drivingLicence: null,
    vehicles: 0,
    unpaidViolations: 0,
    visas: [],
    sponsorshipTransfers: 0,
    lateRenewals: 0,
    abroad: false,
    ...over,
  };
}

export async function insertEstablishment(q: Queryable, establishmentId: string): Promise<void> {
  await q.query('INSERT INTO establishments (establishment_id, record) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING', [
    establishmentId,
    toJsonb({ establishmentId, name: { ar: 'مؤسسة الاختبار', en: 'Test Est.' }, subscription: { kind: 'comprehensive' } }),
  ]);
}

export async function insertPeople(q: Queryable, people: readonly ResidentRecord[], now: number): Promise<void> {
  for (const p of people) {
    await q.query(
      `INSERT INTO residents (id_number, record, name_keys, updated_at) VALUES ($1, $2::jsonb, '', $3)
       ON CONFLICT (id_number) DO UPDATE SET record = EXCLUDED.record, version = residents.version + 1`,
      [p.idNumber, toJsonb(p), new Date(now)],
    );
  }
}
