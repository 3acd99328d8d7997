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
import type { ShelfJob, ShelfJobOutcome } from '../arxiv/jobs.js';

/** Shelf changes run outside the bot's event loop (a child process), one at a time. */
export interface ShelfJobs {
  run(job: ShelfJob): Promise<ShelfJobOutcome>;
  /** The job running now, if any. */
  readonly running: ShelfJob | null;
}

/** The daily fetch as /shelf status sees it. */
export interface DailyFetchInfo {
  /** When it runs next (epoch ms). */
  nextAt(): number;
}

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
  shelfJobs: ShelfJobs;
  /** The daily arXiv fetch; null when nothing is followed (neither ARXIV_CATEGORIES nor ARXIV_QUERY). */
  dailyFetch: DailyFetchInfo | null;
  /** Set while shutting down: new work is turned away politely. */
  closing: boolean;
}
