/**
 * The digest loop: a thin shell over the pure schedule math and the store. It knows nothing of
 * Discord: `prepare` composes a digest, `post` delivers it and returns the message id.
 *
 * Never twice: a slot is claimed in the store (a committed row for the channel's local day) before
 * anything is posted and confirmed with the message id after. A crash in between leaves the row
 * "claimed"; at the next start-up store.resolveUnconfirmed marks it "unconfirmed" and that day is
 * not posted again (at-most-once: a missing digest is better than a duplicate).
 *
 * Failures: every failed attempt is recorded (store.markFailed) and three in a row pause the
 * subscription. A post the platform refused (Discord 4xx: channel deleted, access or permission
 * lost) certainly did not appear, so it is tried again the same local day after each of
 * `retryDelaysMs`: a channel that is gone is paused within a minute instead of after three silent
 * days. Any other failure (5xx, timeout, network) may have been posted after all, so it is not
 * retried (a retry could duplicate): one failure for the day, and an outage costs a day's digest
 * rather than pausing every subscription. Retries live in memory: after a restart a failed day
 * stays failed.
 */

import type { Logger } from '../log.js';
import { dueSlot, localDate, nextSlot } from './slots.js';
import type { DigestStore, Subscription } from './store.js';

/**
 * A failed post. `notPosted`: the platform refused the request, so the message certainly does not
 * exist and a retry is safe; `fix`: what a person must do before the channel works again, when
 * the platform's answer says (a deleted channel, lost access); it becomes the pause reason.
 */
export class DigestPostError extends Error {
  constructor(
    message: string,
    readonly notPosted: boolean,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'DigestPostError';
  }
}

export interface Postable {
  paperIds: readonly string[];
  newCycle: boolean;
}

export interface DigestSchedulerOptions<D extends Postable> {
  store: DigestStore;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Whether this process serves the guild (with shards, each process schedules only its own guilds). */
  serves: (guildId: string) => boolean;
  /** The channel's digest at `now`, or null when there is nothing to post (an empty shelf). */
  prepare: (sub: Subscription, now: number) => Promise<D | null>;
  /** Posts it and returns the message id; throws (ideally a DigestPostError) when it cannot. */
  post: (sub: Subscription, digest: D) => Promise<string>;
  now?: () => number;
  /** Waits before the 2nd, 3rd… attempt of a refused post (DigestPostError.notPosted). */
  retryDelaysMs?: readonly number[];
  /** The longest sleep between passes: bounds the effect of clock jumps and missed wake-ups. */
  maxSleepMs?: number;
}

export const RETRY_DELAYS_MS = [10_000, 30_000] as const;
const MAX_SLEEP_MS = 60_000;

interface Retry {
  localDay: string;
  /** Failed attempts so far. */
  failures: number;
  at: number;
}

export class DigestScheduler<D extends Postable> {
  private readonly now: () => number;
  private readonly retryDelays: readonly number[];
  private readonly maxSleep: number;
  private readonly retries = new Map<string, Retry>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private announced = false;

  constructor(private readonly opts: DigestSchedulerOptions<D>) {
    this.now = opts.now ?? Date.now;
    this.retryDelays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.maxSleep = opts.maxSleepMs ?? MAX_SLEEP_MS;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Runs a pass now (e.g. after a subscription changed), then sleeps until the next slot. */
  wake(): void {
    if (this.stopped) return;
    this.arm(0);
  }

  /** Stops the timer and waits for a pass in flight, so a post is never cut between claim and confirm. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: posts every due slot and due retry of the guilds this process serves. */
  async runDue(): Promise<void> {
    const now = this.now();
    for (const sub of this.opts.store.listSubscriptions()) {
      if (!this.opts.serves(sub.guildId)) continue;
      try {
        const retry = this.retries.get(sub.channelId);
        if (retry) {
          if (retry.at <= now) await this.retry(sub, retry, now);
          continue;
        }
        const slot = dueSlot(now, { ...sub, activeSince: sub.updatedAt }, this.opts.store.lastLoggedDay(sub.channelId));
        if (slot) await this.deliver(sub, slot.localDay, now);
      } catch (err) {
        // A bug or a store error for one subscription must not stop the others.
        this.opts.log.error({ err, channel: sub.channelId }, 'digest pass failed for this channel');
      }
    }
  }

  /** When the next pass should run: the earliest future slot or retry, or null when there is none. */
  nextWakeAt(now = this.now()): number | null {
    let next: number | null = null;
    const consider = (t: number) => {
      if (t > now && (next === null || t < next)) next = t;
    };
    for (const sub of this.opts.store.listSubscriptions()) {
      if (!this.opts.serves(sub.guildId) || sub.pausedReason) continue;
      const retry = this.retries.get(sub.channelId);
      if (retry) consider(retry.at);
      else consider(nextSlot(now, sub.time, sub.tz, this.opts.store.lastLoggedDay(sub.channelId), sub.updatedAt).slotAt);
    }
    return next;
  }

  private async deliver(sub: Subscription, localDay: string, now: number): Promise<void> {
    // Composed before the claim: an empty shelf claims nothing, and the claim-to-confirm window stays short.
    const digest = await this.opts.prepare(sub, now);
    if (!digest) return;
    if (!this.opts.store.claimSlot(sub.channelId, localDay, now)) return; // someone else has this day
    await this.attempt(sub, localDay, digest, 0);
  }

  private async retry(sub: Subscription, retry: Retry, now: number): Promise<void> {
    this.retries.delete(sub.channelId);
    // Paused, or the local day is over: the slot is gone (the next day is a fresh claim).
    if (sub.pausedReason || localDate(now, sub.tz) !== retry.localDay) return;
    const digest = await this.opts.prepare(sub, now);
    if (digest) await this.attempt(sub, retry.localDay, digest, retry.failures);
  }

  private async attempt(sub: Subscription, localDay: string, digest: D, failuresSoFar: number): Promise<void> {
    const { store, log } = this.opts;
    let messageId: string;
    try {
      messageId = await this.opts.post(sub, digest);
    } catch (err) {
      const fix = err instanceof DigestPostError ? err.fix : undefined;
      const message = err instanceof Error ? err.message : String(err);
      const outcome = store.markFailed(sub.channelId, localDay, message, fix);
      const delay = err instanceof DigestPostError && err.notPosted ? this.retryDelays[failuresSoFar] : undefined;
      if (!outcome.paused && delay !== undefined) {
        this.retries.set(sub.channelId, { localDay, failures: failuresSoFar + 1, at: this.now() + delay });
      }
      log.warn(
        {
          channel: sub.channelId,
          guild: sub.guildId,
          failures: outcome.consecutiveFailures,
          paused: outcome.paused,
          retryInMs: outcome.paused ? null : (delay ?? null),
        },
        outcome.paused ? `digest paused: ${outcome.reason}` : `digest post failed: ${message}`,
      );
      return;
    }
    if (digest.newCycle) store.startNewCycle(sub.channelId);
    store.markSent(sub.channelId, localDay, messageId, this.now(), digest.paperIds);
    log.info({ channel: sub.channelId, guild: sub.guildId, localDay, messageId, papers: digest.paperIds.length }, 'digest posted');
  }

  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // The loop never keeps the process alive on its own: shutdown is the bot's decision.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.running) {
      this.again = true; // a wake during a pass: run once more right after it
      return;
    }
    this.running = this.runDue().catch((err: unknown) => this.opts.log.error({ err }, 'digest pass failed'));
    await this.running;
    this.running = null;
    if (this.stopped) return;
    const now = this.now();
    let upcoming: number | null;
    try {
      upcoming = this.nextWakeAt(now);
    } catch (err) {
      // A store error here must not end the loop (nothing would re-arm it): try again after the longest sleep.
      this.opts.log.error(
        { err },
        `digest scheduler could not work out its next wake-up; trying again in ${Math.round(this.maxSleep / 1000)} s`,
      );
      upcoming = now + this.maxSleep;
    }
    if (!this.announced) {
      this.announced = true;
      this.opts.log.info({ nextPost: upcoming === null ? null : new Date(upcoming).toISOString() }, 'digest scheduler running');
    }
    const next = this.again ? now : (upcoming ?? now + this.maxSleep);
    this.again = false;
    this.arm(Math.min(Math.max(0, next - now), this.maxSleep));
  }
}
