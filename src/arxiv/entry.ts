import type { Paper } from '../corpus/types.js';
import type { RawEntry } from './atom.js';
import { absUrl, parseArxivId, shelfId } from './ids.js';

/** A paper as fetched: the shelf line to write, plus what the merge and the filters need. */
export interface FetchedPaper {
  arxivId: string;
  version: number;
  paper: Paper & { version: number };
  categories: string[];
}

export interface Skipped {
  /** The arXiv id when the entry had one, else a placeholder naming its position. */
  id: string;
  reason: string;
}

export type EntryResult = { ok: true; fetched: FetchedPaper } | { ok: false; skipped: Skipped };

/** arXiv's text arrives hard-wrapped at ~80 columns with indented continuation lines. */
export function normaliseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

// arXiv replaces a withdrawn paper's abstract with a notice and says so in the comment.
const WITHDRAWN =
  /\b(this (paper|article|submission|manuscript) (has been|is) withdrawn|withdrawn by the (authors?|submitter|arxiv administrators?))\b/i;

/** Turns one Atom entry into a shelf paper, or says why it was skipped. Pure. */
export function normaliseEntry(raw: RawEntry, position: number): EntryResult {
  const skip = (id: string, reason: string): EntryResult => ({ ok: false, skipped: { id, reason } });
  const placeholder = `(entry ${position + 1})`;
  if (!raw.id || raw.id.trim() === '') return skip(placeholder, 'no <id>');
  const parsed = parseArxivId(raw.id);
  if (!parsed) return skip(raw.id, `<id> is not an arXiv id: ${raw.id}`);
  const label = parsed.id;
  const title = normaliseWhitespace(raw.title ?? '');
  const abstract = normaliseWhitespace(raw.summary ?? '');
  if (title === '') return skip(label, 'no title');
  if (abstract === '') return skip(label, 'no summary (abstract)');
  const comment = normaliseWhitespace(raw.comment ?? '');
  if (WITHDRAWN.test(abstract) || WITHDRAWN.test(comment) || /^withdrawn\.?$/i.test(abstract)) {
    return skip(label, 'withdrawn on arXiv');
  }
  const year = Number((raw.published ?? '').slice(0, 4));
  if (!Number.isInteger(year) || year < 1991) return skip(label, `no valid <published> date (${raw.published ?? 'missing'})`);
  const authors = raw.authors.map(normaliseWhitespace).filter((a) => a !== '');
  if (authors.length === 0) return skip(label, 'no authors');
  const journalRef = normaliseWhitespace(raw.journalRef ?? '');
  const version = parsed.version ?? 1;
  const primary = raw.primaryCategory;
  const categories = primary ? [primary, ...raw.categories.filter((c) => c !== primary)] : raw.categories;
  return {
    ok: true,
    fetched: {
      arxivId: parsed.id,
      version,
      categories,
      paper: {
        id: shelfId(parsed.id),
        title,
        authors,
        year,
        // The shelf's existing arXiv papers say "arXiv preprint"; a journal reference is better when there is one.
        venue: journalRef !== '' ? journalRef : 'arXiv preprint',
        url: absUrl(parsed.id),
        code: null,
        abstract,
        version,
      },
    },
  };
}
