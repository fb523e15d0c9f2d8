/**
 * Erlang C: how many counters an hour's arrivals need so that a given share of residents
 * wait no longer than the target (the heat map's "counters needed"). The textbook formula
 * has A^N / N!, which overflows past a hundred or so agents; the iterative Erlang B
 * recursion B(k) = A·B(k−1) / (k + A·B(k−1)) stays within [0, 1], and Erlang C follows from
 * it: C = N·B / (N − A·(1 − B)).
 */

/** Erlang B (blocking probability) for `agents` servers offered `trafficErlangs`. */
export function erlangB(agents: number, trafficErlangs: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (trafficErlangs * b) / (k + trafficErlangs * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival has to wait, with `agents` counters and
 * `trafficErlangs` of offered traffic (arrivals per unit × service time in the same unit).
 * 1 when the counters cannot keep up (agents ≤ traffic), 0 when nobody comes.
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  if (trafficErlangs <= 0) return 0;
  if (agents <= trafficErlangs) return 1;
  const b = erlangB(agents, trafficErlangs);
  return (agents * b) / (agents - trafficErlangs * (1 - b));
}

/**
 * Share of arrivals served within `targetMinutes` of waiting:
 * SL = 1 − C · e^(−(N − A) · target / meanService), A = arrivals per hour × meanService / 60.
 * 0 when the counters cannot keep up; 1 when nobody comes.
 */
export function serviceLevel(agents: number, arrivalsPerHour: number, meanServiceMinutes: number, targetMinutes: number): number {
  const traffic = (arrivalsPerHour * meanServiceMinutes) / 60;
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  const c = erlangC(agents, traffic);
  return Math.max(0, 1 - c * Math.exp((-(agents - traffic) * targetMinutes) / meanServiceMinutes));
}

/**
 * The fewest counters (N > traffic) whose service level reaches `targetShare`; null when
 * nobody comes. When even `maxCounters` fall short, `maxCounters` is returned (the most the
 * office could open), so a screen never shows a number it could not staff.
 */
export function countersNeeded(
  arrivalsPerHour: number,
  meanServiceMinutes: number,
  targetMinutes: number,
  targetShare: number,
  maxCounters = 50,
): number | null {
  if (!(arrivalsPerHour > 0)) return null;
  const traffic = (arrivalsPerHour * Math.max(0, meanServiceMinutes)) / 60;
  for (let n = Math.max(1, Math.floor(traffic) + 1); n <= maxCounters; n++) {
    if (serviceLevel(n, arrivalsPerHour, meanServiceMinutes, targetMinutes) >= targetShare) return n;
  }
  return maxCounters;
}
