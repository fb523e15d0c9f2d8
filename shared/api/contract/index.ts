/** The contract's routes and types without the request helper: what the server's project compiles. */
export * from './admin.ts';
export * from './devices.ts';
export * from './route.ts';
