/**
 * How a run shows itself: a progress bar on a terminal (days done, tickets, changes per
 * second, time left), plain lines when the output is a file or a pipe, and a summary at the
 * end. The same events arrive from a run in this process or, as newline-delimited JSON,
 * from a demo server that runs it.
 */
import type { Progress } from './run.ts';
import type { Summary } from './stats.ts';

const BAR = 28;

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

interface Out {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** A printer for `out` (stderr): call it with each event. */
export function progressPrinter(out: Out): (p: Progress) => void {
  let lastPlain = -1;
  return (p) => {
    if (p.type === 'start') {
      out.write(`Simulating ${p.days} days (${p.firstDay} to ${p.lastDay}) for ${p.offices} office${p.offices > 1 ? 's' : ''}\n`);
      return;
    }
    if (p.type === 'done') {
      if (out.isTTY) out.write('\n');
      out.write(summaryText(p.summary, p.elapsedMs, p.stopped));
      return;
    }
    const rate = p.mutations / Math.max(0.001, p.elapsedMs / 1000);
    const eta = (p.elapsedMs / p.done) * (p.total - p.done);
    const facts = `${p.done}/${p.total} days · ${n(p.tickets)} tickets · ${n(rate)} changes/s · ETA ${duration(eta)}`;
    if (out.isTTY) {
      const filled = Math.round((BAR * p.done) / p.total);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${facts}\x1b[K`);
    } else {
      // A line every 5 % (and the last), so a log stays readable.
      const step = Math.floor((20 * p.done) / p.total);
      if (step !== lastPlain || p.done === p.total) out.write(`${p.day}: ${facts}\n`);
      lastPlain = step;
    }
  };
}

export function summaryText(s: Summary, elapsedMs: number, stopped: boolean): string {
  const refused = Object.entries(s.refusals).map(([code, count]) => `${code} ${n(count)}`).join(', ') || 'none';
  const routes = Object.entries(s.routes).map(([kind, count]) => `${kind} ${n(count)}`).join(', ');
  const unexpected = Object.values(s.unexpected).reduce((a, b) => a + b, 0);
  const lines = [
    `${stopped ? 'Stopped after' : 'Done:'} ${s.days} day${s.days === 1 ? '' : 's'} in ${duration(elapsedMs)}: ${n(s.tickets)} tickets, ${n(s.mutations)} changes in ${n(s.pushes)} pushes (${n(s.mutations / Math.max(0.001, elapsedMs / 1000))}/s), ${n(s.beats)} heartbeats`,
    `  refused by the store: ${refused}`,
    `  routes: ${routes}`,
    `  time: ${Object.entries(s.timings).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${duration(ms)}`).join(', ')}`,
  ];
  if (unexpected > 0) {
    lines.push(`  UNEXPECTED: ${n(unexpected)} results live traffic would not get:`, ...s.samples.map((x) => `    ${x}`));
  }
  return `${lines.join('\n')}\n`;
}
