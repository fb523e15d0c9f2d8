/**
 * The device database's public face. Apps and the sync client import from here; only
 * files inside shared/db/ import Dexie itself.
 */
export * from './schema.ts';
export * from './device.ts';
export * from './outbox.ts';
export * from './tickets.ts';
export * from './kioskDay.ts';
export { replay, rebuildTickets } from './view.ts';
export * from './transactions.ts';
export * from './vault.ts';
