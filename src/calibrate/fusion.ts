/**
 * The fusion profile, chosen leave-one-collection-out: every candidate profile ranks each
 * collection in hybrid mode through searchPapers; the profile with the best nDCG@10 on one
 * collection is scored on the other. `npm run calibrate` runs the same choice for an operator's
 * model (on all the collections it is given).
 */
import type { FusionProfile } from '../search/fuse.js';
import { evaluateRuns, type RunMetrics } from './metrics.js';
import { rank, type Prepared } from './pipeline.js';

/** Dense weight × pool × k: from "dense may only break ties" to plain equal-weight RRF. */
export const FUSION_GRID: readonly FusionProfile[] = [0.05, 0.1, 0.2, 0.3, 0.5, 1].flatMap((denseWeight) =>
  [100, null].flatMap((pool) => [10, 60].map((k) => ({ denseWeight, k, pool }))),
);

export const describeFusion = (f: FusionProfile): string =>
  `dense weight ${f.denseWeight}, RRF k ${f.k}, ${f.pool === null ? 'no pool (plain RRF)' : `re-ranks lexical top ${f.pool}`}`;

export interface FusionScore {
  fusion: FusionProfile;
  /** Hybrid metrics per collection, in the order given. */
  metrics: RunMetrics[];
}

/** Hybrid metrics of every profile in the grid on every collection (the minimum nDCG@10 decides ties of means). */
export function scoreFusionGrid(prepared: readonly Prepared[], grid: readonly FusionProfile[] = FUSION_GRID): FusionScore[] {
  return grid.map((fusion) => ({
    fusion,
    metrics: prepared.map((p) => evaluateRuns(rank(p, 'hybrid', { profile: { ...p.profile, fusion } }), p.collection.qrels)),
  }));
}

/**
 * The profile with the best mean nDCG@10 over the chosen collections; ties go to the smaller dense
 * weight (the more conservative choice), then to the order of the grid.
 */
export function chooseFusion(scores: readonly FusionScore[], on: readonly number[]): FusionScore {
  const mean = (s: FusionScore) => on.reduce((sum, i) => sum + s.metrics[i]!.ndcg10, 0) / on.length;
  let best = scores[0]!;
  for (const s of scores) {
    const d = mean(s) - mean(best);
    if (d > 1e-12 || (Math.abs(d) <= 1e-12 && s.fusion.denseWeight < best.fusion.denseWeight)) best = s;
  }
  return best;
}

export interface FusionLoco {
  trainedOn: string;
  scoredOn: string;
  fusion: FusionProfile;
  train: RunMetrics;
  test: RunMetrics;
}

/** For each collection: the profile chosen on the other one(s), scored on it. */
export function fusionLeaveOneOut(prepared: readonly Prepared[], scores: readonly FusionScore[]): FusionLoco[] {
  return prepared.map((p, test) => {
    const train = prepared.map((_, i) => i).filter((i) => i !== test);
    const chosen = chooseFusion(scores, train);
    return {
      trainedOn: train.map((i) => prepared[i]!.collection.name).join(' + '),
      scoredOn: p.collection.name,
      fusion: chosen.fusion,
      train: chosen.metrics[train[0]!]!,
      test: chosen.metrics[test]!,
    };
  });
}
