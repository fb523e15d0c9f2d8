/**
 * The device database's public face. Apps and the sync client import from here; only
 * files inside shared/db/ import Dexie itself. The counter's transaction storage
 * (transactions.ts, vault.ts) is imported from its own files, so it stays in the
 * transaction desk's lazily loaded chunk instead of every app's first download.
 */
export * from './schema.ts';
export * from './device.ts';
export * from './outbox.ts';
export { applyPullPage, applyStreamPage } from './pullPage.ts';
export * from './tickets.ts';
export * from './kioskDay.ts';
export { replay, rebuildTickets } from './view.ts';
