/** Builds arXiv API requests (https://info.arxiv.org/help/api/user-manual.html). Pure. */

/** The API's hard limit on one page is 2,000; arXiv asks clients to stay far below it. */
export const MAX_PAGE_SIZE = 200;

export interface SearchSpec {
  categories: string[];
  /** An arXiv search_query expression (field prefixes such as abs:, ti:, all:), passed as written. */
  query?: string;
  /** Only papers submitted on or after this UTC day. */
  since?: Date;
  /** Upper bound of the date range; the caller passes "now" so the function stays pure. */
  until?: Date;
}

/** `YYYYMMDDHHMM`, the API's submittedDate format, in UTC. */
export function arxivDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** The search_query of a spec: categories OR-ed, then AND-ed with the keywords and the date range. */
export function buildSearchQuery(spec: SearchSpec): string {
  const parts: string[] = [];
  if (spec.categories.length > 0) {
    const cats = spec.categories.map((c) => `cat:${c}`);
    parts.push(cats.length === 1 ? cats[0]! : `(${cats.join(' OR ')})`);
  }
  const q = spec.query?.trim();
  if (q) parts.push(parts.length > 0 ? `(${q})` : q);
  if (spec.since) {
    const until = spec.until ?? new Date(Date.UTC(9999, 11, 31, 23, 59));
    parts.push(`submittedDate:[${arxivDate(spec.since)} TO ${arxivDate(until)}]`);
  }
  if (parts.length === 0) throw new Error('an arXiv search needs categories, a query or a date range');
  return parts.join(' AND ');
}

export type PageRequest =
  { searchQuery: string; start: number; maxResults: number } | { idList: string[]; start: number; maxResults: number };

/** The URL of one page. Searches are newest first so a daily fetch reads the fresh papers first. */
export function pageUrl(apiUrl: string, req: PageRequest): string {
  const url = new URL(apiUrl);
  if ('searchQuery' in req) {
    url.searchParams.set('search_query', req.searchQuery);
    url.searchParams.set('sortBy', 'submittedDate');
    url.searchParams.set('sortOrder', 'descending');
  } else {
    url.searchParams.set('id_list', req.idList.join(','));
  }
  url.searchParams.set('start', String(req.start));
  url.searchParams.set('max_results', String(Math.min(req.maxResults, MAX_PAGE_SIZE)));
  return url.toString();
}

/** Parses `YYYY-MM-DD` as a UTC day; null when it is not a real date. */
export function parseDay(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : null;
}

/**
 * The word or phrase of `exclude` found in a paper's title or abstract (case-insensitive, whole
 * words), or null. Used for ARXIV_EXCLUDE, which drops papers the search itself cannot express simply.
 */
export function excludedBy(text: string, exclude: string[]): string | null {
  const hay = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  for (const phrase of exclude) {
    const needle = phrase
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    if (needle !== '' && hay.includes(` ${needle} `)) return phrase;
  }
  return null;
}
