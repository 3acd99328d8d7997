/** Fusion of the lexical and dense paper rankings. Pure. */

export interface RankedList {
  /** Paper indices, best first. */
  ids: readonly number[];
  weight: number;
}

/** A retriever's candidate with its raw score (BM25, or best-passage cosine), lists best first. */
export interface Candidate {
  id: number;
  score: number;
}

export interface Fused {
  id: number;
  score: number;
}

/**
 * RRF's damping constant. 10 rather than the original paper's 60: a small k keeps the gap between
 * lexical ranks 1 and 10 large next to a down-weighted dense vote, so dense reorders near-ties in the
 * head instead of reshuffling it (measured with `npm run eval -- --fusion`: k=60 lost nDCG@10 at every
 * dense weight tried).
 */
export const RRF_K = 10;

/**
 * Lexical candidates the dense ranking may re-rank (a re-ranker's classic top-100 pool). Below it
 * the lexical order stands: BM25's tail is a long run of near-equal scores, and any dense vote
 * there reshuffles it, pulling a weak model's false positives above lexical hits (measured: every rule
 * without a pool lost Recall@100 on Cranfield or CISI with the fixture model). Within the pool the
 * set of the lexical top 100 is kept, so Recall@100 never drops; dense only reorders it.
 */
export const RERANK_POOL = 100;

/**
 * Weighted reciprocal-rank fusion: score(d) = Σ weight / (k + rank). Ranks, not scores, so
 * BM25's unbounded scores and cosine similarities need no calibration against each other.
 * Returns ids with their fused score, best first; ties keep the order of first appearance.
 */
export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): Fused[] {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.ids.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + rank + 1));
    });
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score);
}

/**
 * Dense re-ranks the lexical pool: the first `pool` lexical papers are ordered by weighted RRF
 * of their lexical and dense ranks; the rest of the lexical list follows in lexical order (score:
 * its lexical RRF term alone); papers only dense found come last, in dense order (score: their
 * dense RRF term), so a query lexical cannot match at all is still answered by meaning.
 * Hits are ordered by those three tiers first, so scores are comparable within a tier only.
 */
export function poolRerank(lexical: RankedList, dense: RankedList, pool: number, k = RRF_K): Fused[] {
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

/** Per-list score normalisations for a score blend. */
export type Normalisation = 'z' | 'minmax';

/**
 * Maps a list's raw scores to a common scale: z-scores ((s − mean) / sd over the list) or
 * min-max to [0, 1]. A constant list maps to all zeros (z) or all ones (min-max).
 */
export function normaliseScores(scores: readonly number[], how: Normalisation): number[] {
  if (scores.length === 0) return [];
  if (how === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of scores) {
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    return scores.map((s) => (hi > lo ? (s - lo) / (hi - lo) : 1));
  }
  let sum = 0;
  for (const s of scores) sum += s;
  const mean = sum / scores.length;
  let sq = 0;
  for (const s of scores) sq += (s - mean) ** 2;
  const sd = Math.sqrt(sq / scores.length);
  return scores.map((s) => (sd > 0 ? (s - mean) / sd : 0));
}

/**
 * Calibrated score blend: score(d) = Σ weight · normalised score. A paper missing from a list
 * gets that list's lowest normalised score (it ranked below everything the list returned).
 * Best first; ties keep the order of first appearance.
 */
export function scoreBlend(
  lists: readonly { candidates: readonly Candidate[]; weight: number }[],
  how: Normalisation,
): Fused[] {
  const totals = new Map<number, number>();
  const parts = lists.map(({ candidates, weight }) => {
    const norm = normaliseScores(
      candidates.map((c) => c.score),
      how,
    );
    const byId = new Map<number, number>();
    candidates.forEach((c, i) => byId.set(c.id, norm[i]!));
    for (const c of candidates) if (!totals.has(c.id)) totals.set(c.id, 0);
    return { byId, floor: norm.length > 0 ? Math.min(...norm) : 0, weight };
  });
  for (const id of totals.keys()) {
    let s = 0;
    for (const p of parts) if (p.weight !== 0) s += p.weight * (p.byId.get(id) ?? p.floor);
    totals.set(id, s);
  }
  return [...totals.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** How two rankings are combined; `npm run eval -- --fusion` compares these. */
export type FusionRule =
  /** Weighted RRF; `pool` = lexical papers dense may re-rank (null: dense votes everywhere, plain RRF). */
  | { kind: 'rrf'; k: number; pool: number | null }
  | { kind: 'blend'; normalise: Normalisation };

/**
 * The production rule: dense re-ranks the lexical top-100 by weighted RRF (k=10, dense weight
 * 0.1 in DEFAULT_WEIGHTS) and adds what lexical did not find after it. Chosen with
 * `npm run eval -- --fusion`: of the rules compared (RRF at several k and weights, z-score and
 * min-max blends, cut dense/lexical lists, pools) only this one and the same with weight 0.05
 * keep hybrid ≥ lexical on Cranfield and CISI on nDCG@10, Recall@100 and MAP with the weak
 * fixture model (dense nDCG@10 ~0.25 against lexical ~0.43). Why it is safe: a weak dense model
 * can only break near-ties among lexical's best candidates. Why it still helps a strong one: it
 * reorders the head (the part a user sees) and answers queries lexical cannot match at all.
 * Limit: a dense hit outside lexical's top 100 is not promoted, so a strong model cannot rescue
 * a paper lexical ranks low; the margins on the fixture are small (see the README table).
 */
export const DEFAULT_FUSION: FusionRule = { kind: 'rrf', k: RRF_K, pool: RERANK_POOL };

export interface FusionInput {
  /** Lexical candidates, best first. */
  lexical: readonly Candidate[];
  /** Dense candidates (papers by best passage), best first. */
  dense: readonly Candidate[];
  weights: { lexical: number; dense: number };
}

/** Applies a fusion rule. */
export function fuse(input: FusionInput, rule: FusionRule): Fused[] {
  const { lexical, dense, weights } = input;
  if (rule.kind === 'blend') {
    return scoreBlend(
      [
        { candidates: lexical, weight: weights.lexical },
        { candidates: dense, weight: weights.dense },
      ],
      rule.normalise,
    );
  }
  const lex: RankedList = { ids: lexical.map((c) => c.id), weight: weights.lexical };
  const den: RankedList = { ids: dense.map((c) => c.id), weight: weights.dense };
  return rule.pool === null ? reciprocalRankFusion([lex, den], rule.k) : poolRerank(lex, den, rule.pool, rule.k);
}
