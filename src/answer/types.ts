/** A platform-neutral answer: what /ask, `npm run ask` and the digests render. */

import type { Paper } from '../corpus/types.js';

/**
 * A paper ready to show (see display.ts): its title and abstract with inline LaTeX made readable.
 * Platforms lay it out and escape it; they never render LaTeX themselves.
 */
export type ShownPaper = Paper;

/** What a citation needs of a paper: everything but the abstract (title readable). */
export type CitedPaper = Omit<ShownPaper, 'abstract'>;

export interface AnswerItem {
  /** 1-based citation number, in relevance order. */
  n: number;
  paper: CitedPaper;
  /** The quoted passage, readable (inline LaTeX rendered), exactly as shown. */
  quote: string;
  /** The key sentence, a substring of quote at [keyStart, keyEnd). */
  keySentence: string;
  keyStart: number;
  keyEnd: number;
  score: number;
}

export interface Answer {
  question: string;
  abstained: boolean;
  items: AnswerItem[];
  /** Milliseconds per stage (embed, dense, lexical, fusion, quotes, total). */
  timings: Record<string, number>;
}
