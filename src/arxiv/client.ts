import { ArxivResponseError, parseAtomPage, type RawEntry } from './atom.js';
import { MAX_PAGE_SIZE, pageUrl } from './query.js';
import { AppError } from '../errors.js';

/** arXiv's terms of use: no more than one request every three seconds, one connection at a time. */
export const ARXIV_MIN_INTERVAL_MS = 3000;

export interface ClientOptions {
  apiUrl: string;
  /** An e-mail for the User-Agent, as arXiv asks of API clients. */
  contact?: string;
  /** Spacing between the end of one request and the start of the next. Below 3000 ms only against a loopback server (config enforces it). */
  minIntervalMs?: number;
  /** Per request, body included. */
  timeoutMs?: number;
  /** Retries of one request after 429/503, 5xx, a timeout or a network error. */
  maxRetries?: number;
  /** Upper bound of one Retry-After wait, so a hostile or confused server cannot park the fetch for hours. */
  maxRetryAfterMs?: number;
  /** Retries of an empty page in the middle of a result set before giving up. */
  maxEmptyPageRetries?: number;
  pageSize?: number;
  /** Progress and retry notes for the operator (stderr in the CLI). */
  onNote?: (message: string) => void;
}

export class ArxivHttpError extends AppError {
  constructor(message: string) {
    super(message, { code: 'arxiv' });
  }
}

interface HttpAnswer {
  status: number;
  body: string;
  contentType: string | null;
  retryAfter: string | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Retry-After is either delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function userAgent(contact: string | undefined): string {
  return contact
    ? `papershelf/0.1 (https://arxiv.org/help/api; mailto:${contact})`
    : 'papershelf/0.1 (contact not configured: set ARXIV_CONTACT)';
}

/**
 * A polite arXiv API client: requests are queued (one at a time, so one connection), each starting
 * at least minIntervalMs after the previous one ended, each bounded by a timeout, and retried with a bounded back-off.
 */
export class ArxivClient {
  readonly minIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxEmptyPageRetries: number;
  private readonly pageSize: number;
  private readonly note: (m: string) => void;
  private queue: Promise<unknown> = Promise.resolve();
  private lastEnd = -Infinity;

  constructor(private readonly options: ClientOptions) {
    this.minIntervalMs = options.minIntervalMs ?? ARXIV_MIN_INTERVAL_MS;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
    this.maxEmptyPageRetries = options.maxEmptyPageRetries ?? 3;
    this.pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    this.note = options.onNote ?? (() => {});
  }

  /** GET with spacing, timeout and retries; answers any final status (the caller reads 4xx bodies). */
  get(url: string): Promise<HttpAnswer> {
    const run = this.queue.then(() => this.getWithRetries(url));
    this.queue = run.catch(() => {});
    return run;
  }

  private async once(url: string): Promise<HttpAnswer> {
    // Spaced from the end of the previous request, not its start: a slow answer must not let the
    // next request reach arXiv sooner than the interval after arXiv finished the last one.
    await sleep(this.lastEnd + this.minIntervalMs - Date.now());
    try {
      const res = await fetch(url, {
        headers: { 'User-Agent': userAgent(this.options.contact), Accept: 'application/atom+xml' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await res.text();
      return { status: res.status, body, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') };
    } finally {
      this.lastEnd = Date.now();
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.minIntervalMs * 2 ** attempt, this.maxRetryAfterMs);
  }

  private async getWithRetries(url: string): Promise<HttpAnswer> {
    let lastProblem = '';
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      let wait: number;
      try {
        const answer = await this.once(url);
        if (answer.status === 429 || answer.status === 503) {
          const asked = retryAfterMs(answer.retryAfter, Date.now());
          wait = asked === null ? this.backoff(attempt) : Math.min(asked, this.maxRetryAfterMs);
          lastProblem = `arXiv answered ${answer.status} (${answer.status === 429 ? 'too many requests' : 'busy'})`;
        } else if (answer.status >= 500) {
          wait = this.backoff(attempt);
          lastProblem = `arXiv answered HTTP ${answer.status}`;
        } else {
          return answer;
        }
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        lastProblem =
          name === 'TimeoutError' || name === 'AbortError'
            ? `arXiv did not answer within ${(this.timeoutMs / 1000).toFixed(1)} s`
            : `cannot reach arXiv at ${this.options.apiUrl} (${causeOf(err)})`;
        wait = this.backoff(attempt);
      }
      if (attempt === this.maxRetries) break;
      this.note(`${lastProblem}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 2} of ${this.maxRetries + 1})`);
      await sleep(wait);
    }
    throw new ArxivHttpError(`${lastProblem}, ${this.maxRetries + 1} times; try again later.`);
  }

  private async page(url: string): Promise<ReturnType<typeof parseAtomPage>> {
    const answer = await this.get(url);
    if (answer.status !== 200) {
      // arXiv explains a rejected query (400) in an Atom error entry; parseAtomPage turns it into a message.
      if (answer.status === 400) parseAtomPage(answer.body, answer.contentType);
      throw new ArxivHttpError(`arXiv answered HTTP ${answer.status} for ${url}; check ARXIV_API_URL.`);
    }
    return parseAtomPage(answer.body, answer.contentType);
  }

  /**
   * All entries of a search, page by page. Pages advance by the entries received (arXiv may send
   * fewer than asked); an empty page before totalResults is a known arXiv hiccup, retried.
   */
  async search(searchQuery: string, limit = Infinity): Promise<{ entries: RawEntry[]; total: number }> {
    const entries: RawEntry[] = [];
    let total = Infinity;
    let empties = 0;
    while (entries.length < Math.min(total, limit)) {
      const start = entries.length;
      const maxResults = Math.min(this.pageSize, limit - start);
      const page = await this.page(pageUrl(this.options.apiUrl, { searchQuery, start, maxResults }));
      total = page.totalResults;
      if (page.entries.length === 0) {
        if (start >= total) break;
        if (++empties > this.maxEmptyPageRetries) {
          throw new ArxivResponseError(
            `arXiv kept answering an empty page at result ${start} of ${total} (${empties} tries); it does this under load, try again later.`,
          );
        }
        this.note(`arXiv answered an empty page at result ${start} of ${total}; asking again`);
        continue;
      }
      empties = 0;
      entries.push(...page.entries);
      this.note(`fetched ${Math.min(entries.length, total)} of ${total}`);
    }
    return { entries, total: Number.isFinite(total) ? total : 0 };
  }

  /** Entries for explicit ids (unversioned: arXiv then answers the latest version). */
  async byIds(ids: string[]): Promise<RawEntry[]> {
    const entries: RawEntry[] = [];
    for (let i = 0; i < ids.length; i += this.pageSize) {
      const chunk = ids.slice(i, i + this.pageSize);
      const page = await this.page(pageUrl(this.options.apiUrl, { idList: chunk, start: 0, maxResults: chunk.length }));
      entries.push(...page.entries);
    }
    return entries;
  }
}

function causeOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
    return err.message;
  }
  return String(err);
}
