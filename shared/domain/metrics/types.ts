/**
 * The pilot's figures, as data: what the store's roll-up hands the pure figure functions
 * and what they give back. Definitions follow the industry's ("Queue metrics" in the
 * domain brief); each figure is computed in exactly one function of this folder, which the
 * server, the console and the tests share. The contract is split by what it is about:
 * the facts in (factTypes.ts), the figures out (figureTypes.ts), the scorecard
 * (scorecardTypes.ts); this module is the one place they are imported from.
 */
export * from './factTypes.ts';
export * from './figureTypes.ts';
export * from './scorecardTypes.ts';
