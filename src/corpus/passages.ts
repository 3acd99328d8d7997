import type { Passage, Sentence } from './types.js';

export interface PassageOptions {
  /** Sentences per passage (default 2). */
  size?: number;
  /** Sentences between the starts of consecutive passages (default 1; at most size, so every sentence is covered). */
  stride?: number;
}

/**
 * Overlapping windows of sentences. Windows never run past the end: when the stride does not land
 * on it, one last window is aligned to end at the last sentence. Text is sliced from the abstract
 * so passage offsets are exact.
 */
export function makePassages(
  paperId: string,
  abstract: string,
  sentences: Sentence[],
  opts: PassageOptions = {},
): Passage[] {
  const size = opts.size ?? 2;
  const stride = opts.stride ?? 1;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`passage size must be an integer ≥ 1 (got ${size})`);
  if (!Number.isInteger(stride) || stride < 1 || stride > size) {
    throw new RangeError(`passage stride must be an integer from 1 to the size ${size} (got ${stride})`);
  }
  const n = sentences.length;
  if (n === 0) return [];

  const starts: number[] = [];
  for (let from = 0; ; from += stride) {
    if (from + size >= n) {
      // The last window: end exactly at the last sentence, as long as the one before allows.
      starts.push(Math.max(0, n - size));
      break;
    }
    starts.push(from);
  }
  // The previous window ended before the last sentence, so the aligned last one always adds coverage.
  return starts.map((from, ordinal) => {
    const to = Math.min(n, from + size);
    const start = sentences[from]!.start;
    const end = sentences[to - 1]!.end;
    return { paperId, ordinal, sentenceFrom: from, sentenceTo: to, start, end, text: abstract.slice(start, end) };
  });
}
