/**
 * Display-ready papers. Every place that shows a paper (the terminal, /ask, /paper, /similar,
 * /help, digests) gets its text from here, so inline LaTeX is made readable once and the author
 * rule is written once; the CLI and Discord only lay the pieces out.
 */
import { readableLatex } from '../corpus/latex.js';
import type { Paper } from '../corpus/types.js';
import type { CitedPaper, ShownPaper } from './types.js';

/** A paper as a card shows it: title and abstract readable. */
export function shownPaper(p: Paper): ShownPaper {
  return { ...citedPaper(p), abstract: readableLatex(p.abstract) };
}

/** A paper as a citation shows it: readable title, no abstract. */
export function citedPaper(p: Paper): CitedPaper {
  return { id: p.id, title: readableLatex(p.title), authors: p.authors, year: p.year, venue: p.venue, url: p.url, code: p.code };
}

/** Authors as a citation shows them: up to three names, then "et al.". */
export function shortAuthors(authors: readonly string[]): string {
  if (authors.length === 0) return UNKNOWN_AUTHORS;
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

/** What a paper without authors shows in their place. */
export const UNKNOWN_AUTHORS = 'Unknown authors';
