/**
 * A bounded FIFO in front of the embedder. Requests run in arrival order, `concurrency` at a
 * time; when `maxQueued` are already waiting, a new one is refused at once (QueueFullError)
 * so the bot can say "busy, try again in a few seconds" instead of leaving users hanging.
 */
import { AppError } from '../errors.js';
import { waitUntilIdle } from './idle-waiters.js';

export class QueueFullError extends AppError {
  constructor(maxQueued: number) {
    super(`work queue is full (${maxQueued} waiting)`, { code: 'busy' });
  }
}

export class QueueClosedError extends AppError {
  constructor() {
    super('work queue is shutting down', { code: 'busy' });
  }
}

export interface WorkQueueOptions {
  concurrency?: number;
  maxQueued?: number;
}

export class WorkQueue {
  readonly #concurrency: number;
  readonly #maxQueued: number;
  /** Start functions of accepted tasks waiting for a slot, in arrival order. */
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #closed = false;
  /** Callbacks of pending `drain` calls, run when the queue becomes idle. */
  readonly #idleWaiters = new Set<() => void>();

  constructor(opts: WorkQueueOptions = {}) {
    this.#concurrency = opts.concurrency ?? 1;
    this.#maxQueued = opts.maxQueued ?? 50;
    if (this.#concurrency < 1) throw new RangeError(`WorkQueue: concurrency must be at least 1, got ${this.#concurrency}`);
  }

  /** Tasks waiting for a slot (not counting those running). */
  get waiting(): number {
    return this.#waiting.length;
  }

  get running(): number {
    return this.#running;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    if (this.#running >= this.#concurrency && this.#waiting.length >= this.#maxQueued) {
      return Promise.reject(new QueueFullError(this.#maxQueued));
    }
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.#running += 1;
        // Promise.resolve().then() also turns a synchronous throw into a rejection.
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#next();
          });
      };
      if (this.#running < this.#concurrency) start();
      else this.#waiting.push(start);
    });
  }

  /**
   * Stops accepting work (new `run` calls reject with QueueClosedError) and waits for
   * everything already accepted to finish. Resolves true when idle, false on timeout.
   */
  drain(timeoutMs: number): Promise<boolean> {
    this.#closed = true;
    if (this.#isIdle()) return Promise.resolve(true);
    return waitUntilIdle(this.#idleWaiters, timeoutMs);
  }

  #isIdle(): boolean {
    return this.#running === 0 && this.#waiting.length === 0;
  }

  #next(): void {
    while (this.#running < this.#concurrency) {
      const start = this.#waiting.shift();
      if (!start) break;
      start();
    }
    if (this.#isIdle()) for (const onIdle of [...this.#idleWaiters]) onIdle();
  }
}
