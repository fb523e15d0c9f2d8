/**
 * Handing a run to the server that holds the store. PGlite's data directory belongs to one
 * process, so while a demo server runs, `npm run simulate` cannot open it: instead the
 * server (demo mode only, wired in server/main.ts) writes a random key to
 * <DATA_DIR>/simulate.key (mode 0600, with its port) and accepts POST /api/demo/simulate
 * with that key in `x-simulate-key`; it runs the same simulation on its own store and
 * streams the progress back as newline-delimited JSON, which the command shows as its bar.
 * A wrong key gets 401, a second run while one is going 409.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { errorBody } from '../http/errors.ts';
import type { Store } from '../store/index.ts';
import { parseOptions } from './options.ts';
import { runSimulation, type Progress } from './run.ts';

export const HANDOFF_PATH = '/api/demo/simulate';
export const KEY_FILE = 'simulate.key';

interface KeyFile {
  readonly key: string;
  readonly port: number;
}

export type HandoffEvent = Progress | { readonly type: 'error'; readonly message: string };

function sameKey(given: string | undefined, key: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The server's side: writes the key file and answers the hand-off route; `close` removes the file. */
export function startSimulationHandoff(options: { store: Store; dataDir: string; port: number; log?: (line: string) => void }) {
  const key = randomBytes(32).toString('base64url');
  const keyFile = join(options.dataDir, KEY_FILE);
  writeFileSync(keyFile, JSON.stringify({ key, port: options.port } satisfies KeyFile), { mode: 0o600 });
  chmodSync(keyFile, 0o600); // an older file keeps its mode on rewrite
  let running = false;
  const app = new Hono();
  app.post(HANDOFF_PATH, async (c) => {
    if (!sameKey(c.req.header('x-simulate-key'), key)) return c.json(errorBody('unauthorized', `wrong or missing x-simulate-key (see ${KEY_FILE} in the data directory)`), 401);
    if (running) return c.json(errorBody('simulation_running', 'a simulation is already running on this server'), 409);
    const body: unknown = await c.req.json().catch(() => null);
    const parsed = parseOptions(body ?? {});
    if (!parsed.ok) return c.json(errorBody('invalid_request', parsed.message), 400);
    running = true;
    options.log?.(`[server] simulating a pilot into this store: ${JSON.stringify(body ?? {})}`);
    c.header('Content-Type', 'application/x-ndjson');
    return stream(c, async (out) => {
      const stop = new AbortController();
      out.onAbort(() => stop.abort()); // the command was interrupted: stop after the day in progress
      const send = (e: HandoffEvent): void => {
        if (!stop.signal.aborted) void out.write(`${JSON.stringify(e)}\n`).catch(() => {});
      };
      try {
        await runSimulation(options.store, { ...parsed.options, signal: stop.signal }, send);
      } catch (err) {
        options.log?.(`[server] the simulation failed: ${String(err)}`);
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      } finally {
        running = false;
      }
    });
  });
  return {
    keyFile,
    /** Routes the hand-off to this app, everything else to `next`. */
    wrap<A extends unknown[], R>(next: (request: Request, ...rest: A) => R): (request: Request, ...rest: A) => R | Response | Promise<Response> {
      return (request, ...rest) => (new URL(request.url).pathname === HANDOFF_PATH ? app.fetch(request) : next(request, ...rest));
    },
    close(): void {
      rmSync(keyFile, { force: true });
    },
  };
}

/** The key file of a server holding `dataDir`, or null when there is none (not in demo mode). */
export function readKeyFile(dataDir: string): KeyFile | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, KEY_FILE), 'utf8')) as Partial<KeyFile>;
    return typeof parsed.key === 'string' && typeof parsed.port === 'number' ? { key: parsed.key, port: parsed.port } : null;
  } catch {
    return null;
  }
}

/** The command's side: posts the options and relays each streamed event; throws on a refusal or a failed run. */
export async function handOff(server: KeyFile, input: unknown, onEvent: (e: Progress) => void, signal?: AbortSignal): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${server.port}${HANDOFF_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-simulate-key': server.key },
    body: JSON.stringify(input),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok || !response.body) {
    const text = await response.text();
    throw new Error(`the server refused the simulation (${response.status}): ${text}`);
  }
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let buffered = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += decoder.decode(chunk.value, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) {
        const event = JSON.parse(line) as HandoffEvent;
        if (event.type === 'error') throw new Error(`the simulation failed on the server: ${event.message}`);
        onEvent(event);
      }
      newline = buffered.indexOf('\n');
    }
  }
}
