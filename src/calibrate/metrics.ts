/**
 * Ranking metrics, pure. `ranking` is a list of document ids, best first; `relevant` maps
 * a document id to its grade (> 0 is relevant). Binary gains throughout (grade ignored
 * beyond > 0), as the evaluation protocol asks.
 */

export type Judgements = ReadonlyMap<number, number>;

function isRel(relevant: Judgements, doc: number): boolean {
  return (relevant.get(doc) ?? 0) > 0;
}

function relevantCount(relevant: Judgements): number {
  let n = 0;
  for (const g of relevant.values()) if (g > 0) n++;
  return n;
}

/** nDCG@k with binary gains: Σ rel_i / log2(i + 1) over the top k, over the ideal. 0 with no relevant docs. */
export function ndcgAt(ranking: readonly number[], relevant: Judgements, k: number): number {
  const r = relevantCount(relevant);
  if (r === 0) return 0;
  let dcg = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) if (isRel(relevant, ranking[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, r); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** Fraction of the relevant documents found in the top k. */
export function recallAt(ranking: readonly number[], relevant: Judgements, k: number): number {
  const r = relevantCount(relevant);
  if (r === 0) return 0;
  let hits = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) if (isRel(relevant, ranking[i]!)) hits++;
  return hits / r;
}

/** Average precision over the top k: Σ precision@rank at each relevant hit, over all relevant docs. */
export function averagePrecisionAt(ranking: readonly number[], relevant: Judgements, k: number): number {
  const r = relevantCount(relevant);
  if (r === 0) return 0;
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) {
    if (isRel(relevant, ranking[i]!)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / r;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Nearest-rank percentile (p in (0, 100]): the smallest value with at least p% of values ≤ it. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface RunMetrics {
  ndcg10: number;
  recall100: number;
  map1000: number;
  queries: number;
}

/** Mean metrics over queries; `runs` maps a query id to its ranking. Queries without judgements are skipped. */
export function evaluateRuns(runs: ReadonlyMap<number, readonly number[]>, qrels: ReadonlyMap<number, Judgements>): RunMetrics {
  const nd: number[] = [];
  const rc: number[] = [];
  const ap: number[] = [];
  for (const [q, ranking] of runs) {
    const rel = qrels.get(q);
    if (!rel || relevantCount(rel) === 0) continue;
    nd.push(ndcgAt(ranking, rel, 10));
    rc.push(recallAt(ranking, rel, 100));
    ap.push(averagePrecisionAt(ranking, rel, 1000));
  }
  return { ndcg10: mean(nd), recall100: mean(rc), map1000: mean(ap), queries: nd.length };
}
