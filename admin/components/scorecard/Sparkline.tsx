/**
 * A target's weekly values as a small line with the target dashed across it. Weeks run
 * right-to-left in Arabic. The numbers are in the figure's accessible name (first week,
 * last week, target), and every value is in the scorecard's table beside it.
 */
import { isRtl } from '../../../shared/i18n/index.ts';
import { useI18n } from '../../../shared/ui/I18nProvider.tsx';

const W = 140;
const H = 36;

export function Sparkline({ weekly, target, format, label }: { weekly: readonly { weekStart: string; value: number | null }[]; target: number; format: (v: number | null) => string; label: string }) {
  const { language } = useI18n();
  const rtl = isRtl(language);
  const values = weekly.map((w) => w.value);
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return <span>—</span>;
  const lo = Math.min(target, ...known);
  const hi = Math.max(target, ...known);
  const span = hi - lo || 1;
  const x = (i: number): number => {
    const at = weekly.length <= 1 ? W / 2 : (i / (weekly.length - 1)) * (W - 4) + 2;
    return rtl ? W - at : at;
  };
  const y = (v: number): number => H - 3 - ((v - lo) / span) * (H - 6);
  const points = values.flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`])).join(' ');
  const first = known[0] ?? null;
  const last = known[known.length - 1] ?? null;
  return (
    <svg class="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label}: ${format(first)} → ${format(last)} (${format(target)})`}>
      <line x1="0" x2={W} y1={y(target)} y2={y(target)} stroke="#a10e0e" stroke-dasharray="4 3" stroke-width="1" />
      <polyline points={points} fill="none" stroke="#005a2b" stroke-width="2" />
    </svg>
  );
}
