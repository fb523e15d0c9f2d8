/**
 * The device's end of the store's event stream (GET /api/sync/events): fetch streaming
 * rather than EventSource, so it can send the token in a header. A poke that carries its
 * change (`changes`) is applied at once where it joins what the device holds; any other
 * poke past the device's cursor asks for a sync. Reconnects after a pause when the stream
 * drops, until `signal` is aborted.
 */
import { applyStreamPage, getCursor, getIdentity, type DeviceDb } from '../db/index.ts';
import type { PokeEvent, StreamPage } from '../sync/protocol.ts';

export interface EventStreamOptions {
  readonly db: DeviceDb;
  readonly base: string;
  readonly fetch: typeof fetch;
  /** A sync run is wanted: on (re)connecting, on a poke the device cannot apply, on a refused token. */
  readonly sync: () => void;
  /** A poke's change was applied here (the cursor moved without a pull). */
  readonly applied: (cursor: number) => void;
}

/** Splits what has arrived into complete frames' data lines and what is left of the next frame. */
export function takeFrames(buffer: string): { data: string[]; rest: string } {
  const data: string[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const line = rest.slice(0, end).split('\n').find((l) => l.startsWith('data:'));
    if (line) data.push(line.slice(line.startsWith('data: ') ? 6 : 5)); // one space after the colon is the format's, not the data's
    rest = rest.slice(end + 2);
  }
  return { data, rest };
}

export async function listenForChanges(options: EventStreamOptions, signal: AbortSignal): Promise<void> {
  const { db } = options;
  while (!signal.aborted) {
    try {
      const identity = await getIdentity(db);
      if (!identity) return;
      const response = await options.fetch(`${options.base}/api/sync/events`, {
        headers: { authorization: `Bearer ${identity.token}`, accept: 'text/event-stream' },
        cache: 'no-store',
        signal,
      });
      if (response.status === 401) return void options.sync();
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      options.sync(); // (re)connected: catch up on anything missed while away
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const frames = takeFrames(buffer + value);
        buffer = frames.rest;
        for (const data of frames.data) await onPoke(options, JSON.parse(data) as Partial<PokeEvent & StreamPage>);
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, 2000 + Math.random() * 3000));
  }
}

async function onPoke(options: EventStreamOptions, poke: Partial<PokeEvent & StreamPage>): Promise<void> {
  if (poke.page && typeof poke.from === 'number') {
    // The change itself came with the poke: no round trip, unless it does not join.
    if (await applyStreamPage(options.db, poke.from, poke.page).catch(() => false)) {
      options.applied(await getCursor(options.db));
      return;
    }
  }
  if (typeof poke.version === 'number' && poke.version > (await getCursor(options.db))) options.sync();
}
