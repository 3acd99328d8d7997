/**
 * Per-user sliding-window rate limit: at most `limit` accepted requests in any `windowMs`.
 * Memory stays bounded: users idle for a whole window are swept out, and past `maxUsers`
 * the least recently active users are forgotten.
 */

export interface RateLimiterOptions {
  limit?: number;
  windowMs?: number;
  maxUsers?: number;
  now?: () => number;
}

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  /** Accepted request times per user, oldest first; map order is least recently active first. */
  readonly #hits = new Map<string, number[]>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxUsers: number;
  readonly #now: () => number;
  #lastSweep: number;

  constructor(opts: RateLimiterOptions = {}) {
    this.#limit = opts.limit ?? 5;
    this.#windowMs = opts.windowMs ?? 30_000;
    this.#maxUsers = opts.maxUsers ?? 10_000;
    this.#now = opts.now ?? Date.now;
    this.#lastSweep = this.#now();
    if (this.#limit < 1) throw new RangeError(`RateLimiter: limit must be at least 1, got ${this.#limit}`);
  }

  /** Counts the request if allowed; a refused request is not counted against the user. */
  check(userId: string): RateLimitResult {
    const now = this.#now();
    this.#sweep(now);
    const recent = (this.#hits.get(userId) ?? []).filter((t) => t > now - this.#windowMs);
    this.#hits.delete(userId);
    this.#hits.set(userId, recent);

    const oldest = recent[0];
    if (recent.length >= this.#limit && oldest !== undefined) {
      const waitMs = oldest + this.#windowMs - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    recent.push(now);
    while (this.#hits.size > this.#maxUsers) {
      const lru = this.#hits.keys().next();
      if (lru.done) break;
      this.#hits.delete(lru.value);
    }
    return { ok: true };
  }

  /** Users currently tracked (for tests and metrics). */
  get trackedUsers(): number {
    return this.#hits.size;
  }

  /** At most once a window, forgets users with no request inside the window. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#windowMs) return;
    this.#lastSweep = now;
    for (const [userId, times] of this.#hits) {
      const newest = times[times.length - 1];
      if (newest === undefined || newest <= now - this.#windowMs) this.#hits.delete(userId);
    }
  }
}
