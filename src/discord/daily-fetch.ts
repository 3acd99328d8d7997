import { nextFetchAt } from '../arxiv/daily.js';
import { arxivIdOfShelfId } from '../arxiv/ids.js';
import { oneLine, type ShelfJobOutcome } from '../arxiv/jobs.js';
import type { DigestStore } from '../digest/store.js';
import type { Logger } from '../log.js';
import type { DailyFetchInfo, ShelfJobs } from './context.js';

/** The longest single wait: the clock is looked at again at least this often (sleep, clock changes). */
const MAX_WAIT_MS = 60_000;

export interface DailyFetchDeps {
  jobs: ShelfJobs;
  store: DigestStore;
  log: Logger;
  now: () => number;
  /** FETCH_TIME, `HH:MM` UTC. */
  time: string;
}

/** The one line a shelf job's outcome is recorded and logged as. */
export function describeOutcome(outcome: ShelfJobOutcome): string {
  if (!outcome.ok) return outcome.error.message;
  const parts: string[] = [];
  if (outcome.fetch) parts.push(oneLine(outcome.fetch));
  if (outcome.removed) parts.push(`removed ${outcome.removed.id}`);
  parts.push(outcome.built ?? 'shelf unchanged, index not rebuilt');
  return parts.join('; ');
}

/**
 * Runs the configured arXiv fetch once a day at FETCH_TIME (UTC) through the shelf jobs (a child
 * process), records it for /shelf status and logs one line. The running bot then picks up the new
 * index like any other, and the next digests carry the new papers. A fetch missed while the bot
 * was down is not run late: the next one's 7-day window covers it.
 */
export class DailyFetch implements DailyFetchInfo {
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private stopped = false;
  private inFlight: Promise<unknown> | null = null;

  constructor(private readonly deps: DailyFetchDeps) {}

  start(): void {
    this.next = nextFetchAt(this.deps.now(), this.deps.time);
    this.deps.log.info(`daily arXiv fetch at ${this.deps.time} UTC; next ${new Date(this.next).toISOString()}`);
    this.arm();
  }

  nextAt(): number {
    return this.next;
  }

  /** Stops scheduling; waits for a fetch in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  /** One fetch now, recorded and logged. */
  async runOnce(): Promise<ShelfJobOutcome> {
    const { jobs, store, log, now } = this.deps;
    const startedAt = now();
    const skipIds = store.removedPaperIds().flatMap((id) => arxivIdOfShelfId(id) ?? []);
    const outcome = await jobs.run({ kind: 'fetch', skipIds });
    const summary = describeOutcome(outcome);
    store.recordShelfRun({ trigger: 'daily', startedAt, finishedAt: now(), ok: outcome.ok, summary });
    if (outcome.ok) log.info(`daily arXiv fetch: ${summary}`);
    else log.error(`daily arXiv fetch failed: ${summary}`);
    return outcome;
  }

  private arm(): void {
    if (this.stopped) return;
    const wait = Math.max(0, Math.min(this.next - this.deps.now(), MAX_WAIT_MS));
    this.timer = setTimeout(() => void this.tick(), wait);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.deps.now() >= this.next) {
      this.inFlight = this.runOnce().catch((err: unknown) => this.deps.log.error({ err }, 'daily arXiv fetch failed'));
      await this.inFlight;
      this.inFlight = null;
      this.next = nextFetchAt(this.deps.now(), this.deps.time);
    }
    this.arm();
  }
}
