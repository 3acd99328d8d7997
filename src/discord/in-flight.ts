import { waitUntilIdle } from './idle-waiters.js';
/**
 * The interactions being handled, from INTERACTION_CREATE until their last reply has left for
 * Discord. Shutdown waits for these, not just for the search queue: an answer whose reply is
 * held back by a 429 is still on its way, and exiting then would lose it.
 */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();
  readonly #idleWaiters = new Set<() => void>();

  get size(): number {
    return this.#pending.size;
  }

  /** Tracks a handler; its outcome is the caller's business (the router never rejects). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => {},
      () => {},
    );
    this.#pending.add(settled);
    void settled.then(() => {
      this.#pending.delete(settled);
      if (this.#pending.size === 0) for (const onIdle of [...this.#idleWaiters]) onIdle();
    });
  }

  /** Resolves true once nothing is in flight (including work tracked while waiting), false on timeout. */
  settle(timeoutMs: number): Promise<boolean> {
    if (this.#pending.size === 0) return Promise.resolve(true);
    return waitUntilIdle(this.#idleWaiters, timeoutMs);
  }
}
