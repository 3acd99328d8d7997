/** What the bot's daily fetch asks arXiv, and when it runs. Pure. */
import type { FetchRequest } from './fetch.js';

/** The window of a configured fetch: long enough to cover weekends and arXiv's announcement lag. */
export const DEFAULT_FETCH_DAYS = 7;

export interface FollowConfig {
  ARXIV_CATEGORIES: string[];
  ARXIV_QUERY?: string | undefined;
  ARXIV_EXCLUDE: string[];
}

/** True when the configuration names something to follow (the daily fetch runs only then). */
export function follows(config: FollowConfig): boolean {
  return config.ARXIV_CATEGORIES.length > 0 || config.ARXIV_QUERY !== undefined;
}

/** The start of a configured fetch's window: midnight UTC, DEFAULT_FETCH_DAYS before `now`. */
export function defaultSince(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - DEFAULT_FETCH_DAYS));
}

/** The fetch the configuration asks for; `skipIds` are papers an editor removed, not to be added back. */
export function configuredRequest(config: FollowConfig, now: Date, skipIds: readonly string[] = []): FetchRequest {
  return {
    categories: config.ARXIV_CATEGORIES,
    ids: [],
    exclude: config.ARXIV_EXCLUDE,
    dryRun: false,
    since: defaultSince(now),
    ...(config.ARXIV_QUERY !== undefined ? { query: config.ARXIV_QUERY } : {}),
    ...(skipIds.length > 0 ? { skipIds: [...skipIds] } : {}),
  };
}

/** The first `HH:MM` UTC strictly after `nowMs`. */
export function nextFetchAt(nowMs: number, time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const d = new Date(nowMs);
  let at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m);
  if (at <= nowMs) at += 24 * 3_600_000;
  return at;
}
