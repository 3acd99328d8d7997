import type { Paper } from '../corpus/types.js';
import type { FetchedPaper } from './entry.js';

export interface MergeResult {
  papers: Paper[];
  added: string[];
  /** Papers replaced by a newer version: `id vN→vM`. */
  updated: string[];
  unchanged: string[];
  /** True when the merged shelf differs from the one given (the caller writes only then). */
  changed: boolean;
}

/** Keeps one fetch per id, the newest version (paging can repeat an entry when arXiv shifts results). */
function newestById(fetched: FetchedPaper[]): Map<string, FetchedPaper> {
  const byId = new Map<string, FetchedPaper>();
  for (const f of fetched) {
    const seen = byId.get(f.paper.id);
    if (!seen || f.version > seen.version) byId.set(f.paper.id, f);
  }
  return byId;
}

const sameText = (a: Paper, b: Paper) =>
  a.title === b.title && a.abstract === b.abstract && a.authors.join('\u0000') === b.authors.join('\u0000');

/**
 * Merges fetched papers into a shelf. Pure. New papers are appended in fetch order; a newer version
 * replaces its paper at the same position (so the shelf diff is one line and the index, which keys
 * first-seen times by id, keeps the paper's first-seen time). A stored paper without a version
 * whose text matches is only stamped with the version. Hand-kept fields (code link, year) survive.
 */
export function mergeIntoShelf(shelf: Paper[], fetched: FetchedPaper[]): MergeResult {
  const incoming = newestById(fetched);
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  let changed = false;
  const papers = shelf.map((old) => {
    const f = incoming.get(old.id);
    if (!f) return old;
    incoming.delete(old.id);
    const next = f.paper;
    if (old.version !== undefined && f.version <= old.version) {
      unchanged.push(old.id);
      return old;
    }
    const merged: Paper = {
      ...old,
      title: next.title,
      authors: next.authors,
      abstract: next.abstract,
      venue: next.venue !== 'arXiv preprint' ? next.venue : old.venue,
      url: old.url ?? next.url,
      version: f.version,
    };
    changed = true;
    if (old.version === undefined && sameText(old, next)) unchanged.push(old.id);
    else updated.push(`${old.id} v${old.version ?? '?'}→v${f.version}`);
    return merged;
  });
  for (const f of incoming.values()) {
    papers.push(f.paper);
    added.push(f.paper.id);
    changed = true;
  }
  return { papers, added, updated, unchanged, changed };
}
