/**
 * The enrolment code in the address (`/kiosk/?enroll=CODE`), apart from the enrolment
 * screen, so an enrolled device's first download does not carry that screen (DeviceShell
 * loads it only when it is needed).
 */

/** Upper-cases and drops spaces and dashes people type between groups. */
export function normalizeEnrollCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

/** The `enroll` query parameter of the current address, if any. */
export function enrollCodeFromUrl(): string | null {
  const code = new URLSearchParams(window.location.search).get('enroll');
  return code ? normalizeEnrollCode(code) : null;
}
