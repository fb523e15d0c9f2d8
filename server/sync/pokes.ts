/**
 * In-process pub/sub of "office X is now at version V", feeding the SSE streams. One
 * process is enough for an office's pilot; several server instances on one PostgreSQL
 * would relay these through LISTEN/NOTIFY (publish = NOTIFY after commit, and each
 * instance's single LISTEN connection calls `publish` locally) with the same interface.
 */
import { EventEmitter } from 'node:events';
import type { PokeEvent } from '../../shared/sync/protocol.ts';

export class PokeHub {
  readonly #emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; hundreds of devices per office are normal, not a leak.
    this.#emitter.setMaxListeners(0);
  }

  /** Tell every stream of `officeId` about a committed change. Call after COMMIT only. */
  publish(event: PokeEvent): void {
    this.#emitter.emit(event.officeId, event);
  }

  /** Returns the unsubscribe function; call it when the stream closes. */
  subscribe(officeId: string, listener: (event: PokeEvent) => void): () => void {
    this.#emitter.on(officeId, listener);
    return () => {
      this.#emitter.off(officeId, listener);
    };
  }

  listenerCount(officeId: string): number {
    return this.#emitter.listenerCount(officeId);
  }
}
