/**
 * A QR code drawn as one SVG path from the `qrcode` package's module matrix: crisp on
 * screen and on an 80 mm thermal printer, no canvas, no innerHTML.
 */
import { useMemo } from 'preact/hooks';
import QRCode from 'qrcode';

export interface QrCodeProps {
  readonly value: string;
  /** Accessible name, e.g. "Scan to follow your turn". */
  readonly label: string;
  readonly class?: string;
}

const QUIET_ZONE = 2;

/** The SVG path ("M x y h1 v1 h-1 z" per dark module) and the side length in modules. */
export function qrPath(value: string): { d: string; size: number } {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (modules.get(y, x)) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }
  }
  return { d, size: n + QUIET_ZONE * 2 };
}

export function QrCode({ value, label, class: className }: QrCodeProps) {
  const { d, size } = useMemo(() => qrPath(value), [value]);
  return (
    <svg class={className} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
