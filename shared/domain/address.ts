/**
 * Saudi National Address for a parcel (building number, street, district, city, postal
 * code, additional number) or its short form (4 letters + 4 digits, e.g. RRRD2929).
 */
export type ParcelAddress =
  | {
      readonly kind: 'national';
      readonly buildingNumber: string;
      readonly street: string;
      readonly district: string;
      readonly city: string;
      readonly postalCode: string;
      readonly additionalNumber: string;
    }
  | { readonly kind: 'short'; readonly shortAddress: string };

export type AddressField = 'buildingNumber' | 'street' | 'district' | 'city' | 'postalCode' | 'additionalNumber' | 'shortAddress';

export interface AddressProblem {
  readonly field: AddressField;
  readonly problem: 'required' | 'fourDigits' | 'fiveDigits' | 'region' | 'tooLong' | 'shortFormat';
}

const text = (field: AddressField, value: string): AddressProblem[] =>
  value.trim() === '' ? [{ field, problem: 'required' }] : value.trim().length > 80 ? [{ field, problem: 'tooLong' }] : [];

/** Every problem of the address, field by field; empty when it is valid. */
export function checkAddress(address: ParcelAddress): AddressProblem[] {
  if (address.kind === 'short') {
    return /^[A-Z]{4}\d{4}$/.test(address.shortAddress.trim().toUpperCase()) ? [] : [{ field: 'shortAddress', problem: 'shortFormat' }];
  }
  const problems: AddressProblem[] = [];
  if (!/^\d{4}$/.test(address.buildingNumber.trim())) problems.push({ field: 'buildingNumber', problem: 'fourDigits' });
  problems.push(...text('street', address.street), ...text('district', address.district), ...text('city', address.city));
  const postal = address.postalCode.trim();
  if (!/^\d{5}$/.test(postal)) problems.push({ field: 'postalCode', problem: 'fiveDigits' });
  else if (postal.startsWith('0')) problems.push({ field: 'postalCode', problem: 'region' }); // the first digit is the region, 1–9
  if (!/^\d{4}$/.test(address.additionalNumber.trim())) problems.push({ field: 'additionalNumber', problem: 'fourDigits' });
  return problems;
}
