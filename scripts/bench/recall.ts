import type { LoadedIndex } from '../../src/index/load.js';
import { summarize, type Summary } from './stats.js';

export interface RecallResult {
  k: number;
  /** efSearch from the manifest: what production search uses at least. */
  ef: number;
  queries: number;
  /** Mean over queries of |HNSW top-k ∩ exact top-k| / k. */
  recall: number;
  hnswMs: Summary;
  /** Brute-force scan over every passage vector (the baseline HNSW is approximating). */
  exactMs: Summary;
  /** Recall and HNSW latency at larger efSearch values, to show what a higher default would buy. */
  sweep: { ef: number; recall: number; hnswMs: Summary }[];
}

/** efSearch values the sweep tries besides the manifest's (only those above it). */
export const EF_SWEEP = [300, 400, 600, 800] as const;

/** Every passage vector in one array, read once for the exact scans (the index keeps them on disk). */
export function passageMatrix(index: LoadedIndex): Float32Array {
  const dim = index.dimension;
  const count = index.manifest.counts.passages;
  const out = new Float32Array(count * dim);
  for (let p = 0; p < count; p++) out.set(index.passageVector(p), p * dim);
  return out;
}

/** Exact top-k passages by cosine (vectors are L2-normalised, so a dot product). */
export function exactTopK(vectors: Float32Array, dim: number, query: Float32Array, k: number): number[] {
  const count = vectors.length / dim;
  const ids = new Int32Array(k).fill(-1);
  const scores = new Float64Array(k).fill(-Infinity);
  for (let p = 0; p < count; p++) {
    const base = p * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += (query[d] as number) * (vectors[base + d] as number);
    if (s <= (scores[k - 1] as number)) continue;
    // Insertion into the small sorted list (k = 10): cheaper than a heap at this size.
    let i = k - 1;
    while (i > 0 && (scores[i - 1] as number) < s) {
      scores[i] = scores[i - 1] as number;
      ids[i] = ids[i - 1] as number;
      i--;
    }
    scores[i] = s;
    ids[i] = p;
  }
  return Array.from(ids).filter((id) => id >= 0);
}

/**
 * HNSW recall@k at the manifest's efSearch against the exact scan, with both latencies, and at
 * each larger efSearch of EF_SWEEP. hnswlib searches with ef = max(efSearch, k), so asking for the
 * top `ef` at the manifest's efSearch and keeping the first k is exactly a search at efSearch = ef.
 */
export function measureRecall(index: LoadedIndex, queries: readonly Float32Array[], k = 10): RecallResult {
  const ef = index.manifest.params.hnsw.efSearch;
  const count = index.manifest.counts.passages;
  const kk = Math.min(k, count);
  const efs = [ef, ...EF_SWEEP.filter((e) => e > ef && e <= count)];
  // All HNSW searches first, then all exact scans: a scan streams every vector through the CPU
  // caches, and interleaving them would time HNSW with cold caches.
  const approx = efs.map((e) => {
    const ms: number[] = [];
    const found = queries.map((q) => {
      const t = performance.now();
      const neighbors = index.searchPassages(q, e === ef ? kk : e).neighbors.slice(0, kk);
      ms.push(performance.now() - t);
      return neighbors;
    });
    return { ef: e, found, ms };
  });
  const vectors = passageMatrix(index);
  const exactMs: number[] = [];
  const truth = queries.map((q) => {
    const t = performance.now();
    const exact = exactTopK(vectors, index.dimension, q, kk);
    exactMs.push(performance.now() - t);
    return exact;
  });
  const recallOf = (found: number[][]): number => {
    if (queries.length === 0) return 1;
    let sum = 0;
    found.forEach((ids, i) => {
      const exact = new Set(truth[i]);
      let hit = 0;
      for (const id of ids) if (exact.has(id)) hit++;
      sum += exact.size === 0 ? 1 : hit / exact.size;
    });
    return sum / queries.length;
  };
  const [first, ...rest] = approx;
  return {
    k: kk,
    ef,
    queries: queries.length,
    recall: recallOf(first?.found ?? []),
    hnswMs: summarize(first?.ms ?? []),
    exactMs: summarize(exactMs),
    sweep: rest.map((a) => ({ ef: a.ef, recall: recallOf(a.found), hnswMs: summarize(a.ms) })),
  };
}
