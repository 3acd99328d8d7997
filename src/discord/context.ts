import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Librarian } from '../answer/librarian.js';
import type { ButtonStore } from './button-store.js';
import type { RateLimiter } from './rate-limit.js';
import type { WorkQueue } from './work-queue.js';
import type { DigestStore } from '../digest/store.js';
import type { DigestScheduler } from '../digest/scheduler.js';
import type { PreparedDigest } from '../digest/prepare.js';
import type { DigestTiming } from '../digest/timing.js';

/** A paged /ask, remembered for its "More results" button. */
export interface AskState {
  question: string;
  paperId?: string;
  /** Pages already shown. */
  page: number;
  userId: string;
}

/** What command handlers get: the librarian (questions about the shelf) and the bot's shared, bounded state. */
export interface BotContext {
  config: Config;
  log: Logger;
  librarian: Librarian;
  asks: ButtonStore<AskState>;
  limiter: RateLimiter;
  queue: WorkQueue;
  /** Digest subscriptions and history (DATABASE_PATH). */
  digests: DigestStore;
  /** The clock and retry delays of every digest and schedule. */
  timing: DigestTiming;
  /** The digest loop, once connected; /digest wakes it when a subscription changes. */
  scheduler: DigestScheduler<PreparedDigest> | null;
  /** Set while shutting down: new work is turned away politely. */
  closing: boolean;
}
