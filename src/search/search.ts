import type { LoadedIndex } from '../index/load.js';
import { DEFAULT_FUSION, fuse, type Candidate, type FusionRule } from './fuse.js';
import { isRelevant, type AbstainThresholds } from './abstain.js';
import { dot } from './vector.js';

export type SearchMode = 'hybrid' | 'lexical' | 'dense';

export interface QueryInput {
  tokens: readonly string[];
  /** The embedded query; null when dense search is off. */
  vector: Float32Array | null;
}

export interface FusionWeights {
  lexical: number;
  dense: number;
}

/**
 * Lexical leads, dense re-ranks (see DEFAULT_FUSION in fuse.ts): with equal weights the fixture
 * model (dense nDCG@10 ≈0.27 against lexical 0.43 on Cranfield) pulled hybrid ≈0.07 below lexical;
 * 0.1 is the largest dense weight tried that keeps hybrid ≥ lexical on both collections and all
 * three metrics (`npm run eval -- --fusion`; README, "Quality and performance").
 */
export const DEFAULT_WEIGHTS: FusionWeights = { lexical: 1, dense: 0.1 };

export interface SearchOptions {
  mode: SearchMode;
  /** Papers to return, after `offset`. */
  limit: number;
  offset?: number;
  /** Restrict the search to one paper. */
  paperId?: string;
  /** Thresholds for "is this paper evidence at all"; null ranks without abstaining (evaluation). */
  abstain: AbstainThresholds | null;
  /** Candidates each retriever contributes; defaults to enough for the page asked for. */
  depth?: number;
  weights?: FusionWeights;
  /** How the rankings are combined (evaluation compares rules); defaults to DEFAULT_FUSION. */
  fusion?: FusionRule;
  /** Evaluation only: cut a retriever's paper list to this many before fusion. */
  truncate?: { lexical?: number; dense?: number };
}

export interface PaperHit {
  paper: number;
  score: number;
  /** Share of the query's IDF mass in this paper (lexical evidence). */
  coverage: number;
  /** Best passage cosine, when dense search ran. */
  dense: number | null;
}

export interface SearchOutcome {
  hits: PaperHit[];
  /** Relevant papers found in all (for paging). */
  total: number;
  abstained: boolean;
  timings: { dense: number; lexical: number; fusion: number };
}

interface DenseBest {
  score: number;
  passage: number;
}

/**
 * Ranks papers for a query: lexical (BM25 over papers) and dense (HNSW over passages, best
 * passage per paper) fused by DEFAULT_FUSION (dense re-ranks the lexical pool, weighted RRF),
 * then papers with no evidence dropped.
 */
export function searchPapers(index: LoadedIndex, query: QueryInput, opts: SearchOptions): SearchOutcome {
  const offset = opts.offset ?? 0;
  const want = offset + opts.limit;
  const depth = Math.max(opts.depth ?? 0, want, 50);
  const useDense = opts.mode !== 'lexical' && query.vector !== null;
  const useLexical = opts.mode !== 'dense';
  const restrict = opts.paperId === undefined ? undefined : index.paperIndexById.get(opts.paperId);
  if (opts.paperId !== undefined && restrict === undefined) {
    return { hits: [], total: 0, abstained: true, timings: { dense: 0, lexical: 0, fusion: 0 } };
  }

  let t = performance.now();
  const dense = useDense ? denseSearch(index, query.vector as Float32Array, depth, restrict) : new Map<number, DenseBest>();
  const denseMs = performance.now() - t;

  t = performance.now();
  let lexical: Candidate[] = [];
  if (useLexical && query.tokens.length > 0) {
    if (restrict !== undefined) {
      const coverage = index.lexical.coverage(query.tokens, restrict);
      if (coverage > 0) lexical.push({ id: restrict, score: coverage });
    } else {
      lexical = index.lexical.search(query.tokens, depth).map((hit) => ({ id: hit.doc, score: hit.score }));
    }
  }
  const lexicalMs = performance.now() - t;

  t = performance.now();
  let denseList: Candidate[] = [...dense.entries()].map(([id, best]) => ({ id, score: best.score })).sort((a, b) => b.score - a.score);
  if (opts.truncate?.lexical !== undefined) lexical = lexical.slice(0, opts.truncate.lexical);
  if (opts.truncate?.dense !== undefined) denseList = denseList.slice(0, opts.truncate.dense);
  const weights = opts.weights ?? DEFAULT_WEIGHTS;
  const fused = fuse(
    { lexical, dense: denseList, weights: { lexical: useLexical ? weights.lexical : 0, dense: useDense ? weights.dense : 0 } },
    opts.fusion ?? DEFAULT_FUSION,
  );
  if (restrict !== undefined && fused.length === 0) fused.push({ id: restrict, score: 0 });

  const hits: PaperHit[] = [];
  let total = 0;
  for (const { id, score } of fused) {
    const best = dense.get(id);
    const hit: PaperHit = {
      paper: id,
      score,
      coverage: opts.abstain ? index.lexical.coverage(query.tokens, id) : 0,
      dense: best ? best.score : null,
    };
    if (opts.abstain && !isRelevant({ coverage: hit.coverage, dense: hit.dense }, opts.abstain)) continue;
    total++;
    if (total > offset && hits.length < opts.limit) hits.push(hit);
  }
  const fusionMs = performance.now() - t;
  return { hits, total, abstained: total === 0, timings: { dense: denseMs, lexical: lexicalMs, fusion: fusionMs } };
}

function denseSearch(index: LoadedIndex, vector: Float32Array, depth: number, restrict: number | undefined): Map<number, DenseBest> {
  const best = new Map<number, DenseBest>();
  const consider = (passage: number, score: number) => {
    const paper = index.docstore.passagePaper[passage] as number;
    const cur = best.get(paper);
    if (!cur || score > cur.score) best.set(paper, { score, passage });
  };
  if (restrict !== undefined) {
    const from = index.docstore.paperPassageFrom[restrict] as number;
    const to = index.docstore.paperPassageFrom[restrict + 1] as number;
    for (let p = from; p < to; p++) consider(p, dot(vector, index.passageVector(p)));
    return best;
  }
  const count = index.manifest.counts.passages;
  if (count === 0) return best;
  // Several passages per paper: ask for more passages than papers wanted.
  const k = Math.min(count, depth * 3);
  const ef = Math.max(index.manifest.params.hnsw.efSearch, k);
  if (index.hnsw.getEf() !== ef) index.hnsw.setEf(ef);
  const { neighbors, distances } = index.hnsw.searchKnn(plainVector(vector), k);
  for (let i = 0; i < neighbors.length; i++) consider(neighbors[i] as number, 1 - (distances[i] as number));
  return best;
}

/**
 * hnswlib-node only takes plain arrays. Array.from(Float32Array) goes through the iterator
 * protocol and allocates (≈4 µs at 96 dims, 13 µs at 384); a copy into one reused array is ≈0.3 µs.
 * Safe to share: search is synchronous and hnswlib copies the values before returning.
 */
let scratch: number[] = [];
function plainVector(v: Float32Array): number[] {
  if (scratch.length !== v.length) scratch = new Array<number>(v.length).fill(0);
  for (let i = 0; i < v.length; i++) scratch[i] = v[i] as number;
  return scratch;
}
