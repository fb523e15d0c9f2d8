/**
 * A device's name in the reader's language. The store keeps only a label a supervisor
 * typed; any other device is named by its role (and a kiosk by its number), translated
 * here, so the Arabic console never shows an English default.
 */
import type { Translate } from '../shared/ui/I18nProvider.tsx';

export interface NamedDevice {
  readonly label: string | null;
  readonly role: string;
  readonly kioskNo?: number | null;
}

/** `tc` translates the adminConfig namespace. */
export function deviceName(tc: Translate, d: NamedDevice): string {
  if (d.label) return d.label;
  if (d.role === 'kiosk' && d.kioskNo) return tc('devices.default.kioskNo', { n: d.kioskNo });
  return tc(`devices.default.${d.role}`, { defaultValue: d.role });
}
