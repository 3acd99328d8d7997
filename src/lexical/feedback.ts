import type { FeedbackParams } from './params.js';
import { postingsByDocument, type Storage } from './storage.js';
import type { Bm25Hit } from './top-k.js';

/** A query as tokens, or as weighted terms (e.g. from feedback). */
export type QueryTerms = ReadonlyMap<string, number>;

/** Document → (term, tf summed over fields): what RM3 reads from its feedback documents. */
export interface ForwardIndex {
  offsets: Int32Array;
  terms: Int32Array;
  tfs: Uint32Array;
  lengths: Uint32Array;
}

export function buildForwardIndex(s: Storage): ForwardIndex {
  const nf = s.fields.length;
  const { start, term, posting } = postingsByDocument(s);
  const tfs = new Uint32Array(posting.length);
  const lengths = new Uint32Array(s.docCount);
  for (let d = 0; d < s.docCount; d++) {
    for (let k = start[d]!; k < start[d + 1]!; k++) {
      const p = posting[k]!;
      let tf = 0;
      for (let f = 0; f < nf; f++) tf += s.postTf[p * nf + f]!;
      tfs[k] = tf;
      lengths[d]! += tf;
    }
  }
  return { offsets: start, terms: term, tfs, lengths };
}

/**
 * RM3 query expansion: the original query (L1-normalised) interpolated with the top
 * terms of a relevance model estimated from the first-pass top documents (`first`), each
 * document's term distribution weighted by its score. `first` is the first-pass top list, non-empty.
 */
export function expandQuery(
  s: Storage,
  fwd: ForwardIndex,
  query: QueryTerms,
  first: readonly Bm25Hit[],
  feedback: Readonly<FeedbackParams>,
): Map<string, number> {
  const maxDf = feedback.maxDocFreq * s.docCount;
  const rel = new Map<number, number>();
  let scoreSum = 0;
  for (const h of first) scoreSum += h.score;
  for (const h of first) {
    const len = fwd.lengths[h.doc]!;
    if (len === 0) continue;
    const w = h.score / scoreSum / len;
    for (let i = fwd.offsets[h.doc]!; i < fwd.offsets[h.doc + 1]!; i++) {
      const t = fwd.terms[i]!;
      if (s.offsets[t + 1]! - s.offsets[t]! > maxDf) continue;
      rel.set(t, (rel.get(t) ?? 0) + w * fwd.tfs[i]!);
    }
  }
  // Deterministic selection: weight desc, then term string.
  const top = [...rel.entries()].sort((a, b) => b[1] - a[1] || (s.terms[a[0]]! < s.terms[b[0]]! ? -1 : 1)).slice(0, feedback.terms);
  let relSum = 0;
  for (const [, w] of top) relSum += w;
  let qSum = 0;
  for (const [, w] of query) if (w > 0) qSum += w;
  const out = new Map<string, number>();
  const lambda = feedback.originalWeight;
  for (const [term, w] of query) if (w > 0) out.set(term, (lambda * w) / qSum);
  for (const [t, w] of top) {
    const term = s.terms[t]!;
    out.set(term, (out.get(term) ?? 0) + ((1 - lambda) * w) / relSum);
  }
  return out;
}
