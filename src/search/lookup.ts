import type { Paper } from '../corpus/types.js';

/**
 * Finds papers by what a person types into an autocomplete box: an id, the start of a title,
 * a word inside a title, or an author's name. Pure; fast enough to run on every keystroke.
 */

const fold = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const words = (s: string): string[] =>
  fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

export interface LookupEntry {
  index: number;
  id: string;
  title: string;
  titleWords: string[];
  authorWords: string[];
  year: number;
}

export function lookupTable(papers: readonly Paper[]): LookupEntry[] {
  return papers.map((p, index) => ({
    index,
    id: fold(p.id),
    title: fold(p.title),
    titleWords: words(p.title),
    authorWords: p.authors.flatMap(words),
    year: p.year,
  }));
}

/** Scores one entry: every typed word must match somewhere; better kinds of match score higher. */
function score(e: LookupEntry, query: string, queryWords: string[]): number {
  if (e.id === query) return 1000;
  let total = 0;
  if (e.id.startsWith(query)) total += 500;
  if (e.title.startsWith(query)) total += 300;
  else if (e.title.includes(query)) total += 150;
  for (const w of queryWords) {
    if (e.titleWords.includes(w)) total += 40;
    else if (e.titleWords.some((t) => t.startsWith(w))) total += 25;
    else if (e.authorWords.includes(w)) total += 30;
    else if (e.authorWords.some((a) => a.startsWith(w))) total += 20;
    else if (e.id.includes(w)) total += 10;
    else return 0;
  }
  return total;
}

/** Papers matching the typed text, best first; newest first when nothing is typed. */
export function lookupPapers(table: readonly LookupEntry[], typed: string, limit: number): number[] {
  const query = fold(typed.trim());
  if (query === '') {
    return [...table]
      .sort((a, b) => b.year - a.year || a.index - b.index)
      .slice(0, limit)
      .map((e) => e.index);
  }
  const queryWords = words(query);
  const scored: { index: number; score: number }[] = [];
  for (const e of table) {
    const s = score(e, query, queryWords);
    if (s > 0) scored.push({ index: e.index, score: s });
  }
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.index);
}
