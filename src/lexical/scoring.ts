import type { Bm25Params } from './params.js';
import type { Storage } from './storage.js';

/*
 * BM25F over documents with named fields (title, authors, body, ...).
 *
 * Per term and document the field frequencies are combined before saturation (BM25F):
 *   tf~ = Σ_f w_f · tf_f / (1 − b + b · len_f / avglen_f)
 *   score(q, d) = Σ_t qw_t · idf_t · tf~ · (k1 + 1) / (k1 + tf~)
 *   idf_t = ln(1 + (N − df + 0.5) / (df + 0.5))          (always > 0)
 * tf~ does not depend on the query, so each posting stores its saturated impact and a
 * query is a sum over postings into a reused typed-array accumulator, then a partial
 * top-k selection (TopK): no per-query work proportional to the vocabulary or the collection.
 */

export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Per posting: tf~ · (k1 + 1) / (k1 + tf~), the query-independent part of the score. */
export function computeImpacts(s: Storage, params: Readonly<Bm25Params>): Float32Array {
  const { fields, docCount, offsets, postDocs, postTf, fieldLengths, terms } = s;
  const nf = fields.length;
  const { k1, b } = params;
  const weights = fields.map((f) => params.fieldWeights[f] ?? 1);
  // norm[d * nf + f] = w_f / (1 − b + b · len / avglen), precomputed per document.
  const norm = new Float64Array(docCount * nf);
  for (let f = 0; f < nf; f++) {
    let sum = 0;
    for (let d = 0; d < docCount; d++) sum += fieldLengths[d * nf + f]!;
    const avg = docCount > 0 ? sum / docCount : 0;
    for (let d = 0; d < docCount; d++) {
      const len = fieldLengths[d * nf + f]!;
      norm[d * nf + f] = avg > 0 ? weights[f]! / (1 - b + (b * len) / avg) : 0;
    }
  }
  const impacts = new Float32Array(postDocs.length);
  for (let t = 0; t < terms.length; t++) {
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      const d = postDocs[p]!;
      let tf = 0;
      for (let f = 0; f < nf; f++) tf += postTf[p * nf + f]! * norm[d * nf + f]!;
      impacts[p] = tf > 0 ? (tf * (k1 + 1)) / (k1 + tf) : 0;
    }
  }
  return impacts;
}

/** A query's tokens as term → count. */
export function queryWeights(tokens: readonly string[]): Map<string, number> {
  const q = new Map<string, number>();
  for (const t of tokens) q.set(t, (q.get(t) ?? 0) + 1);
  return q;
}
