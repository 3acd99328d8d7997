import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../errors.js';

/** arXiv answered something that is not a usable Atom feed. The message says what and what to do. */
export class ArxivResponseError extends AppError {
  constructor(message: string) {
    super(message, { code: 'arxiv' });
  }
}

/** One `<entry>` as the API sends it, text untouched (whitespace is normalised later). */
export interface RawEntry {
  id?: string;
  published?: string;
  updated?: string;
  title?: string;
  summary?: string;
  authors: string[];
  comment?: string;
  journalRef?: string;
  primaryCategory?: string;
  categories: string[];
}

export interface AtomPage {
  totalResults: number;
  startIndex: number;
  entries: RawEntry[];
}

const ARRAYS = new Set(['feed.entry', 'feed.entry.author', 'feed.entry.category', 'feed.entry.link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Ids such as 0704.0001 must stay strings; numbers are converted where they are read.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) {
    const t = (v as Node)['#text'];
    return typeof t === 'string' ? t : undefined;
  }
  return undefined;
}

function attr(v: unknown, name: string): string | undefined {
  if (v && typeof v === 'object') {
    const a = (v as Node)[`@_${name}`];
    return typeof a === 'string' ? a : undefined;
  }
  return undefined;
}

function looksLikeHtml(body: string, contentType: string | null): boolean {
  if (contentType !== null && /text\/html/i.test(contentType)) return true;
  return /^\s*(<\?xml[^>]*>\s*)?(<!doctype html|<html[\s>])/i.test(body);
}

/**
 * Parses one page of the API's Atom. Throws ArxivResponseError for an HTML page, malformed XML, a
 * document that is not a feed, and arXiv's own error entries (e.g. "incorrect id format").
 */
export function parseAtomPage(body: string, contentType: string | null = null): AtomPage {
  if (looksLikeHtml(body, contentType)) {
    throw new ArxivResponseError(
      'arXiv answered with an HTML page instead of an Atom feed (an error or maintenance page, or ARXIV_API_URL is not the API endpoint).',
    );
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new ArxivResponseError(
      `arXiv answered with malformed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}); try again later.`,
    );
  }
  const doc = parser.parse(body) as Node;
  const feed = doc.feed;
  if (!feed || typeof feed !== 'object') {
    throw new ArxivResponseError('arXiv answered with XML that is not an Atom feed (no <feed> element).');
  }
  const f = feed as Node;
  const entries = ((f.entry as unknown[] | undefined) ?? []).map((e) => toRawEntry(e as Node));
  for (const e of entries) {
    // The API reports a bad request as a feed with one entry whose id is under /api/errors.
    if (e.id?.includes('arxiv.org/api/errors')) {
      throw new ArxivResponseError(`arXiv rejected the request: ${(e.summary ?? e.title ?? 'unknown error').trim()}`);
    }
  }
  const total = Number(text(f['opensearch:totalResults']) ?? NaN);
  const start = Number(text(f['opensearch:startIndex']) ?? 0);
  if (!Number.isInteger(total) || total < 0) {
    throw new ArxivResponseError('arXiv answered with an Atom feed without opensearch:totalResults; try again later.');
  }
  return { totalResults: total, startIndex: Number.isInteger(start) ? start : 0, entries };
}

function toRawEntry(e: Node): RawEntry {
  const authors = ((e.author as unknown[] | undefined) ?? [])
    .map((a) => text((a as Node | undefined)?.name))
    .filter((n): n is string => n !== undefined);
  const categories = ((e.category as unknown[] | undefined) ?? []).map((c) => attr(c, 'term')).filter((t): t is string => t !== undefined);
  const raw: RawEntry = { authors, categories };
  const set = (key: keyof RawEntry, value: string | undefined) => {
    if (value !== undefined) (raw as unknown as Record<string, unknown>)[key] = value;
  };
  set('id', text(e.id)?.trim());
  set('published', text(e.published)?.trim());
  set('updated', text(e.updated)?.trim());
  set('title', text(e.title));
  set('summary', text(e.summary));
  set('comment', text(e['arxiv:comment']));
  set('journalRef', text(e['arxiv:journal_ref']));
  set('primaryCategory', attr(e['arxiv:primary_category'], 'term'));
  return raw;
}
