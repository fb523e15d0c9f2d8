/**
 * Records for tests, every field set and overridden by `over`: a waiting men's-section
 * residence ticket, and a resident in good standing. Imported by tests only.
 */
import type { ResidentRecord } from './resident.ts';
import type { Ticket } from './ticket.ts';

/** An engineer sponsored by an establishment, iqama to mid-2027, passport to 2029, no visas. */
export function sampleResident(over: Partial<ResidentRecord> = {}): ResidentRecord {
  return {
    kind: 'resident',
    idNumber: '2123456788',
    name: { ar: 'محمد أحمد', en: 'Mohammed Ahmed' },
    nationality: 'PAK',
    gender: 'male',
    birthDate: '1990-05-01',
    mobile: '0551234567',
    passport: { number: 'AB1234567', expiry: '2029-01-01' },
    iqamaExpiry: '2027-06-30',
    profession: { code: 'engineer', domestic: false },
    sponsor: { kind: 'establishment', establishmentId: '7001234567' },
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

export function sampleTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    ticketId: 't-1',
    officeId: 'o',
    sectionId: 'men',
    serviceGroup: 'residence',
    service: null,
    priority: null,
    appointmentAt: null,
    targetCounterId: null,
    quotedWaitMin: null,
    quotedWaitMax: null,
    displayNumber: 'M1-001',
    publicCode: 'ABCDEFGHJK',
    kioskNo: 1,
    serviceDay: '2026-11-22',
    status: 'waiting',
    issuedAt: 0,
    issuedVersion: 1,
    counterId: null,
    officerBadge: null,
    calledAt: null,
    callCount: 0,
    startedAt: null,
    endedAt: null,
    version: 1,
    ...over,
  };
}
