/**
 * The full shape of a counter's service request (shared/domain/rules.ts ServiceRequest),
 * checked by the store when a `transaction.submit` arrives; the device's outbox checks only
 * the service name (mutations.ts), so this schema stays out of the devices' first download.
 */
import * as v from 'valibot';
import type { ServiceRequest } from '../domain/rules.ts';

const months = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24));
const shortText = v.pipe(v.string(), v.maxLength(80));
const sponsor = v.variant('kind', [
  v.strictObject({ kind: v.literal('establishment'), establishmentId: v.pipe(v.string(), v.regex(/^\d{10}$/, 'must be 10 digits')) }),
  v.strictObject({ kind: v.literal('person'), idNumber: v.pipe(v.string(), v.regex(/^1\d{9}$/, 'must be a national ID')) }),
]);
/** A counter's request for one service. */
export const serviceRequestSchema = v.variant('service', [
  v.strictObject({ service: v.picklist(['iqama.renew', 'iqama.issue', 'exitReentry.single', 'exitReentry.multiple']), months }),
  v.strictObject({
    service: v.picklist(['exitReentry.cancel', 'exitReentry.reprint', 'finalExit.issue', 'finalExit.cancel', 'finalExit.reprint', 'query.resident', 'query.visa', 'query.drivingLicence']),
  }),
  v.strictObject({
    service: v.literal('profession.change'),
    profession: v.strictObject({ code: v.pipe(v.string(), v.regex(/^[a-zA-Z]{2,40}$/, 'must be a profession code')), domestic: v.boolean() }),
  }),
  v.strictObject({ service: v.literal('sponsorship.transfer'), newSponsor: sponsor }),
  v.strictObject({
    service: v.literal('parcel.add'),
    address: v.variant('kind', [
      v.strictObject({
        kind: v.literal('national'),
        buildingNumber: shortText,
        street: shortText,
        district: shortText,
        city: shortText,
        postalCode: shortText,
        additionalNumber: shortText,
      }),
      v.strictObject({ kind: v.literal('short'), shortAddress: shortText }),
    ]),
  }),
]);

/** The request, checked; or the first problem, as "request.<path>: <message>". */
export function parseServiceRequest(value: unknown): { ok: true; request: ServiceRequest } | { ok: false; message: string } {
  const result = v.safeParse(serviceRequestSchema, value);
  if (result.success) return { ok: true, request: result.output satisfies ServiceRequest };
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  return { ok: false, message: `request${path ? `.${path}` : ''}: ${issue?.message ?? 'is not a valid request'}` };
}
