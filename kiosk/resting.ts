/**
 * What the kiosk's resting screen needs before the rest of its code has arrived: the
 * resting language, the header it showed last time (kept in localStorage by the running
 * kiosk, so a reload draws the same header at once) and the taps a resident makes before
 * the app is there, which the app replays when it starts (KioskApp).
 */

/** The language the kiosk returns to between residents. */
export const RESTING_LANGUAGE = 'ar';

/** The header in the resting language: the office's name and this kiosk's number. */
export interface RestingHeader {
  readonly brand: string;
  readonly kioskNumber: string;
}

const HEADER_KEY = 'jawazat.kiosk.restingHeader';

/**
 * The header the kiosk last showed at rest, or null: never enrolled on this browser (the
 * enrolment screen will follow, not the language screen) or storage unreadable.
 */
export function loadRestingHeader(): RestingHeader | null {
  try {
    const value = JSON.parse(localStorage.getItem(HEADER_KEY) ?? 'null') as Partial<RestingHeader> | null;
    return typeof value?.brand === 'string' && typeof value.kioskNumber === 'string' ? { brand: value.brand, kioskNumber: value.kioskNumber } : null;
  } catch {
    return null;
  }
}

export function saveRestingHeader(header: RestingHeader): void {
  try {
    localStorage.setItem(HEADER_KEY, JSON.stringify(header));
  } catch {
    // A full or blocked storage only costs the next start its early header.
  }
}

/** Taps on the resting screen before the app was there to take them. */
export interface EarlyChoices {
  /** The language picked (the last one, if several were tapped). */
  readonly language: string | null;
  /** The text-size and contrast switches as the resident left them. */
  readonly largeText: boolean;
  readonly highContrast: boolean;
}

export const NO_CHOICES: EarlyChoices = { language: null, largeText: false, highContrast: false };

/** Text size and contrast apply to the whole page (rem-based sizes scale with the root). */
export function applyDisplayChoices({ largeText, highContrast }: Pick<EarlyChoices, 'largeText' | 'highContrast'>): void {
  document.documentElement.classList.toggle('kiosk-large-text', largeText);
  document.documentElement.classList.toggle('kiosk-high-contrast', highContrast);
}
