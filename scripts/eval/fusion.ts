/**
 * The fusion comparison behind DEFAULT_FUSION / DEFAULT_WEIGHTS: each rule runs through
 * searchPapers (hybrid mode, the same index and query vectors) and is checked against the
 * target "hybrid ≥ lexical on nDCG@10, Recall@100 and MAP on every collection".
 */
import { RERANK_POOL, RRF_K } from '../../src/search/fuse.js';
import { DEFAULT_WEIGHTS } from '../../src/search/search.js';
import type { RunMetrics } from './metrics.js';
import { rank, type Prepared, type RunOptions } from './pipeline.js';
import { evaluateRuns } from './metrics.js';

export interface FusionVariant {
  name: string;
  options: RunOptions;
}

const rrf = (k: number, dense: number, pool: number | null = null): RunOptions => ({
  fusion: { kind: 'rrf', k, pool },
  weights: { lexical: 1, dense },
});
const blend = (normalise: 'z' | 'minmax', dense: number): RunOptions => ({
  fusion: { kind: 'blend', normalise },
  weights: { lexical: 1, dense },
});

/** Grouped as the README discusses them; the last row is the production default. */
export const FUSION_VARIANTS: readonly FusionVariant[] = [
  { name: 'RRF k=60, equal weights (previous default)', options: rrf(60, 1) },
  { name: 'RRF k=60, dense weight 0.5', options: rrf(60, 0.5) },
  { name: 'RRF k=60, dense weight 0.3', options: rrf(60, 0.3) },
  { name: 'RRF k=60, dense weight 0.1', options: rrf(60, 0.1) },
  { name: 'RRF k=10, equal weights', options: rrf(10, 1) },
  { name: 'RRF k=200, equal weights', options: rrf(200, 1) },
  { name: 'RRF k=10, dense weight 0.3', options: rrf(10, 0.3) },
  { name: 'RRF k=10, dense weight 0.1', options: rrf(10, 0.1) },
  { name: 'z-score blend, equal weights', options: blend('z', 1) },
  { name: 'z-score blend, dense weight 0.25', options: blend('z', 0.25) },
  { name: 'z-score blend, dense weight 0.1', options: blend('z', 0.1) },
  { name: 'min-max blend, equal weights', options: blend('minmax', 1) },
  { name: 'min-max blend, dense weight 0.1', options: blend('minmax', 0.1) },
  { name: 'RRF k=60 equal, dense list cut to 10 papers', options: { ...rrf(60, 1), truncate: { dense: 10 } } },
  { name: 'RRF k=60 equal, dense list cut to 100 papers', options: { ...rrf(60, 1), truncate: { dense: 100 } } },
  { name: 'RRF k=10 dense 0.1, dense list cut to 10 papers', options: { ...rrf(10, 0.1), truncate: { dense: 10 } } },
  { name: 'RRF k=60 equal, lexical (RM3) list cut to 100', options: { ...rrf(60, 1), truncate: { lexical: 100 } } },
  { name: 'RRF k=10 dense 0.1, lexical (RM3) list cut to 100', options: { ...rrf(10, 0.1), truncate: { lexical: 100 } } },
  { name: 'pool 100, RRF k=60, equal weights', options: rrf(60, 1, 100) },
  { name: 'pool 100, RRF k=10, equal weights', options: rrf(10, 1, 100) },
  { name: 'pool 100, RRF k=10, dense weight 0.3', options: rrf(10, 0.3, 100) },
  { name: 'pool 100, RRF k=10, dense weight 0.2', options: rrf(10, 0.2, 100) },
  { name: 'pool 100, RRF k=10, dense weight 0.15', options: rrf(10, 0.15, 100) },
  { name: 'pool 100, RRF k=10, dense weight 0.05', options: rrf(10, 0.05, 100) },
  { name: 'pool 20, RRF k=10, dense weight 0.1', options: rrf(10, 0.1, 20) },
  {
    name: `default: pool ${RERANK_POOL}, RRF k=${RRF_K}, dense weight ${DEFAULT_WEIGHTS.dense}`,
    options: {},
  },
];

export interface FusionRow {
  name: string;
  /** Per collection, in the order given. */
  metrics: RunMetrics[];
  /** Hybrid ≥ lexical on all three metrics on every collection. */
  meetsTarget: boolean;
}

/** Runs every variant in hybrid mode; `lexical` holds each collection's lexical metrics. */
export function compareFusion(prepared: readonly Prepared[], lexical: readonly RunMetrics[], variants = FUSION_VARIANTS): FusionRow[] {
  return variants.map(({ name, options }) => {
    const metrics = prepared.map((p) => evaluateRuns(rank(p, 'hybrid', options), p.collection.qrels));
    return { name, metrics, meetsTarget: metrics.every((m, i) => atLeast(m, lexical[i]!)) };
  });
}

/** a ≥ b on nDCG@10, Recall@100 and MAP (exact comparison: a rule either holds or it does not). */
export function atLeast(a: RunMetrics, b: RunMetrics): boolean {
  return a.ndcg10 >= b.ndcg10 && a.recall100 >= b.recall100 && a.map1000 >= b.map1000;
}
