import { RETRY_DELAYS_MS } from './scheduler.js';

/**
 * The one place digests and schedules take their time from: the clock every slot, claim, preview
 * and "next post" is computed with, and the waits before retrying a refused post. The bot builds
 * it once (cli/start.ts) and hands it to the scheduler and /digest through the context, so end-to-end
 * tests can start the bot seconds before a slot and with short retries instead of waiting on real
 * minutes (TEST_CLOCK_OFFSET_MS, TEST_DIGEST_RETRY_MS; unit tests pass their own clock).
 */
export interface DigestTiming {
  /** Milliseconds since the epoch, as the schedules see them. */
  now: () => number;
  /** Waits before the 2nd, 3rd… attempt of a post the platform refused. */
  retryDelaysMs: readonly number[];
}

export function digestTiming(opts: { clockOffsetMs?: number; retryDelaysMs?: readonly number[] } = {}): DigestTiming {
  const offset = opts.clockOffsetMs ?? 0;
  return {
    now: offset === 0 ? Date.now : () => Date.now() + offset,
    retryDelaysMs: opts.retryDelaysMs ?? RETRY_DELAYS_MS,
  };
}
