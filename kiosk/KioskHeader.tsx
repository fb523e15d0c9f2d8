/**
 * The kiosk's top line: the office's name, the text-size and contrast switches, and the
 * kiosk's number. Strings come in as props, so the resting screen can draw it before
 * the translations' library has loaded (KioskStart.tsx) and the app draws the same.
 */
export interface KioskHeaderProps {
  readonly brand: string;
  readonly kioskNumber: string;
  readonly largeTextLabel: string;
  readonly contrastLabel: string;
  readonly largeText: boolean;
  readonly highContrast: boolean;
  readonly onLargeText: () => void;
  readonly onHighContrast: () => void;
}

export function KioskHeader(props: KioskHeaderProps) {
  return (
    <header class="kiosk__header">
      <span class="kiosk__brand">{props.brand}</span>
      <span class="kiosk__tools">
        <button type="button" class="button kiosk__tool" aria-pressed={props.largeText} onClick={props.onLargeText}>
          <span aria-hidden="true">A+ </span>
          {props.largeTextLabel}
        </button>
        <button type="button" class="button kiosk__tool" aria-pressed={props.highContrast} onClick={props.onHighContrast}>
          <span aria-hidden="true">◐ </span>
          {props.contrastLabel}
        </button>
        <span class="kiosk__kiosk-no">{props.kioskNumber}</span>
      </span>
    </header>
  );
}
