/** Fusion of the lexical and dense paper rankings by reciprocal rank. Pure. */

export interface RankedList {
  /** Paper indices, best first. */
  ids: readonly number[];
  weight: number;
}

export interface Fused {
  id: number;
  score: number;
}

/**
 * How a model's dense ranking is combined with the lexical one. Each model has its own
 * (src/embed/models.ts), measured where possible, and `npm run calibrate` fits it to the model
 * an operator runs.
 */
export interface FusionProfile {
  /** Weight of the dense list against lexical's 1. */
  denseWeight: number;
  /** RRF's damping constant. */
  k: number;
  /**
   * Lexical papers the dense ranking may re-rank; below it the lexical order stands and dense-only
   * papers follow. null: plain RRF, dense votes everywhere (a strong model's due).
   */
  pool: number | null;
}

/** Plain equal-weight RRF with the original paper's k: a real sentence model gets a full vote. */
export const EQUAL_RRF: Readonly<FusionProfile> = Object.freeze({ denseWeight: 1, k: 60, pool: null });

/**
 * Weighted reciprocal-rank fusion: score(d) = Σ weight / (k + rank). Ranks, not scores, so
 * BM25's unbounded scores and cosine similarities need no calibration against each other.
 * Returns ids with their fused score, best first; ties keep the order of first appearance.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k: number): Fused[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.ids.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + rank + 1));
    });
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/**
 * Dense re-ranks the lexical pool: the first `pool` lexical papers are ordered by weighted RRF
 * of their lexical and dense ranks; the rest of the lexical list follows in lexical order (score:
 * its lexical RRF term alone); papers only dense found come last, in dense order (score: their
 * dense RRF term), so a query lexical cannot match at all is still answered by meaning.
 * Hits are ordered by those three tiers first, so scores are comparable within a tier only.
 */
export function poolRerank(lexical: RankedList, dense: RankedList, pool: number, k: number): Fused[] {
  const denseRank = new Map<number, number>();
  dense.ids.forEach((id, rank) => denseRank.set(id, rank));
  const lexicalSet = new Set(lexical.ids);
  const lexTerm = (rank: number): number => lexical.weight / (k + rank + 1);
  const denseTerm = (id: number): number => {
    const r = denseRank.get(id);
    return r === undefined ? 0 : dense.weight / (k + r + 1);
  };
  const head = lexical.ids.slice(0, pool).map((id, rank) => ({ id, score: lexTerm(rank) + denseTerm(id) }));
  head.sort((a, b) => b.score - a.score); // stable: ties keep lexical order
  const tail = lexical.ids.slice(pool).map((id, i) => ({ id, score: lexTerm(pool + i) }));
  const denseOnly = dense.ids.filter((id) => !lexicalSet.has(id)).map((id) => ({ id, score: denseTerm(id) }));
  return [...head, ...tail, ...denseOnly];
}

/** Combines the two paper rankings (best first) by the profile; a list switched off has weight 0. */
export function fuseRankings(
  lexical: readonly number[],
  dense: readonly number[],
  profile: FusionProfile,
  use: { lexical: boolean; dense: boolean },
): Fused[] {
  const lex: RankedList = { ids: lexical, weight: use.lexical ? 1 : 0 };
  const den: RankedList = { ids: dense, weight: use.dense ? profile.denseWeight : 0 };
  return profile.pool === null ? reciprocalRankFusion([lex, den], profile.k) : poolRerank(lex, den, profile.pool, profile.k);
}
