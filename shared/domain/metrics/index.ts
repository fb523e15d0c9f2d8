/**
 * The pilot's figures: the facts they are computed from, the pure functions that compute
 * them, and the scorecard. Everything the server, the console and the tests need, from one
 * module; the files behind it are split by topic (see README.md in this folder).
 */
export * from './types.ts';
export { addDays, daysBetween, dayNumber, dayOfNumber, daysFrom, nextOfficeHour, officeClock, officeMoment, weekdayOf, weekStartOf, zoneOffsetMs, type OfficeClock } from './clock.ts';
export { ticketFactOf, type TicketEventRecord, type TicketRecord } from './facts.ts';
export { counterStretches, type CounterStretchInput } from './counters.ts';
export { appointmentFigures, appointmentOutcome } from './appointments.ts';
export { meanOf, minutesBetween, nearestRank, ratio, spreadOf } from './stats.ts';
export { countersNeeded, erlangB, erlangC, serviceLevel } from './erlang.ts';
export { evaluate, type EvaluateOptions } from './evaluate.ts';
export { pilotEndDate, projectTrend, scorecard, tQuantile90, type ScorecardInput } from './scorecard.ts';
