/**
 * What a decided transaction does to a person's record: the store applies it (after
 * deciding again on its own current record with the same rules), and the counter shows the
 * same result on the receipt. Pure: facts only the store can give (the new visa's number)
 * come in `issued`.
 */
import type { ResidentRecord, VisaRecord } from './resident.ts';
import type { Decision, RuleContext, ServiceRequest } from './rules.ts';

export interface Issued {
  /** A new visa's number, drawn by the store. */
  readonly visaNumber?: string;
}

/** What changed, for the receipt and the history (no personal data beyond the record's own). */
export interface Applied {
  readonly record: ResidentRecord;
  /** The record's fields that changed, e.g. ["iqamaExpiry", "lateRenewals"]. */
  readonly changed: readonly string[];
  readonly visa?: VisaRecord;
}

/**
 * Applies an eligible decision. Throws when the decision was not eligible: refusing is the
 * caller's job, and applying a refused transaction would be a bug, not a business case.
 */
export function applyDecision(record: ResidentRecord, request: ServiceRequest, decision: Decision, ctx: RuleContext, issued: Issued = {}): Applied {
  if (!decision.eligible) throw new Error(`cannot apply a refused ${request.service}`);
  const { today } = ctx;
  const newVisa = (kind: VisaRecord['kind'], months: number | null): VisaRecord => {
    if (!issued.visaNumber) throw new Error(`${request.service} needs a visa number from the store`);
    if (!decision.outcome.visaValidUntil) throw new Error(`${request.service} decided no visa dates`);
    return { visaNumber: issued.visaNumber, kind, status: 'issued', issuedOn: today, validUntil: decision.outcome.visaValidUntil, months };
  };
  const setVisaStatus = (visaNumber: string | undefined, status: VisaRecord['status']): ResidentRecord => ({
    ...record,
    visas: record.visas.map((v) => (v.visaNumber === visaNumber ? { ...v, status } : v)),
  });

  switch (request.service) {
    case 'iqama.renew':
    case 'iqama.issue': {
      const late = decision.fees.some((f) => f.code === 'latePenalty');
      const iqamaExpiry = decision.outcome.newIqamaExpiry ?? record.iqamaExpiry;
      return {
        record: { ...record, iqamaExpiry, lateRenewals: record.lateRenewals + (late ? 1 : 0) },
        changed: late ? ['iqamaExpiry', 'lateRenewals'] : ['iqamaExpiry'],
      };
    }
    case 'exitReentry.single':
    case 'exitReentry.multiple':
    case 'finalExit.issue': {
      const kind = request.service === 'finalExit.issue' ? 'finalExit' : request.service === 'exitReentry.single' ? 'exitReentrySingle' : 'exitReentryMultiple';
      const visa = newVisa(kind, decision.outcome.visaMonths ?? null);
      return { record: { ...record, visas: [...record.visas, visa] }, changed: ['visas'], visa };
    }
    case 'exitReentry.cancel':
    case 'finalExit.cancel':
      return { record: setVisaStatus(decision.outcome.cancelsVisa, 'cancelled'), changed: ['visas'] };
    case 'profession.change':
      return { record: { ...record, profession: { ...request.profession } }, changed: ['profession'] };
    case 'sponsorship.transfer':
      return {
        record: { ...record, sponsor: request.newSponsor, sponsorshipTransfers: record.sponsorshipTransfers + 1 },
        changed: ['sponsor', 'sponsorshipTransfers'],
      };
    case 'exitReentry.reprint':
    case 'finalExit.reprint':
    case 'parcel.add':
    case 'query.resident':
    case 'query.visa':
    case 'query.drivingLicence':
      return { record, changed: [] };
  }
}
