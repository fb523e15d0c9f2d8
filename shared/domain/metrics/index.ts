/**
 * The pilot's figures: the facts they are computed from, the pure functions that compute
 * them, and the scorecard. What the server, the console and the tests need comes from this
 * module; the files behind it are split by topic (README.md in this folder says which).
 */
export * from './types.ts';
export { addDays, dayNumber, dayOfNumber, daysBetween, daysFrom, nextOfficeHour, officeClock, officeMoment, weekdayOf, weekStartOf, zoneOffsetMs, type OfficeClock } from './clock.ts';
export { ticketFactOf, type TicketEventRecord, type TicketRecord } from './facts.ts';
export { counterStretches, counterStretchesByCounter, type CounterStretchInput } from './counters.ts';
export { appointmentFigures, appointmentOutcome } from './appointments.ts';
export { meanOf, minutesBetween, nearestRank, ratio, spreadOf } from './stats.ts';
export { countersNeeded, erlangB, erlangC, serviceLevel } from './erlang.ts';
export { evaluate, type EvaluateOptions } from './evaluate.ts';
export { windowFactsOf, type WindowFacts } from './windowFacts.ts';
export { pilotEndDate, projectTrend, scorecard, tQuantile90, type ScorecardInput } from './scorecard.ts';
