/**
 * A QR code drawn as one SVG path from the `qrcode` package's module matrix: crisp on
 * screen and on an 80 mm thermal printer, no canvas, no innerHTML.
 *
 * The encoder (~9 KB gzip) is loaded on first use, not with the app's first screen; an
 * app that will need it soon calls `preloadQrCode()` once it is idle. The service worker
 * precaches the chunk, so this works offline too.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type * as QRCodeModule from 'qrcode';
import { useLatest } from './useLatest.ts';

type Encoder = typeof QRCodeModule;

let encoder: Encoder | null = null;
let loading: Promise<Encoder> | null = null;

/** Loads the QR encoder (once); resolves when QR codes can be drawn synchronously. */
export function preloadQrCode(): Promise<Encoder> {
  loading ??= import('qrcode').then((m) => {
    encoder = (m as Encoder & { default?: Encoder }).default ?? m;
    return encoder;
  });
  return loading;
}

export interface QrCodeProps {
  readonly value: string;
  /** Accessible name, e.g. "Scan to follow your turn". */
  readonly label: string;
  readonly class?: string;
  /** Called once the code is drawn (e.g. to print only after it is on the page). */
  readonly onReady?: () => void;
}

const QUIET_ZONE = 2;

/** The SVG path ("M x y h1 v1 h-1 z" per dark module) and the side length in modules. */
export function qrPath(qr: Encoder, value: string): { d: string; size: number } {
  const { modules } = qr.create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (modules.get(y, x)) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }
  }
  return { d, size: n + QUIET_ZONE * 2 };
}

export function QrCode({ value, label, class: className, onReady }: QrCodeProps) {
  const [qr, setQr] = useState<Encoder | null>(encoder);
  useEffect(() => {
    if (qr) return;
    let live = true;
    void preloadQrCode().then((loaded) => {
      if (live) setQr(() => loaded);
    });
    return () => {
      live = false;
    };
  }, [qr]);
  const drawn = useMemo(() => (qr ? qrPath(qr, value) : null), [qr, value]);
  const ready = useLatest(onReady);
  useEffect(() => {
    if (drawn) ready.current?.();
  }, [drawn, ready]); // once per drawing, not when the callback's identity changes
  if (!drawn) {
    return <svg class={className} viewBox="0 0 10 10" role="img" aria-label={label} aria-busy="true" data-loading="true" />;
  }
  return (
    <svg class={className} viewBox={`0 0 ${drawn.size} ${drawn.size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={drawn.size} height={drawn.size} fill="#fff" />
      <path d={drawn.d} fill="#000" />
    </svg>
  );
}
