import { describe, expect, it } from 'vitest';
import { averagePrecisionAt, evaluateRuns, mean, ndcgAt, percentile, recallAt } from '../../src/calibrate/metrics.js';

// Ranking 1, 2, 3, 4; relevant: 2, 4 and 9 (never retrieved).
const ranking = [1, 2, 3, 4];
const rel = new Map([
  [2, 1],
  [4, 3],
  [9, 1],
  [7, 0], // judged, not relevant
]);

describe('metrics', () => {
  it('nDCG@10 with binary gains', () => {
    // DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677; IDCG = 1 + 0.630930 + 0.5 (3 relevant).
    expect(ndcgAt(ranking, rel, 10)).toBeCloseTo((0.63093 + 0.430677) / 2.13093, 5);
    expect(ndcgAt([2, 4, 9], rel, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt([], rel, 10)).toBe(0);
    // Cut-off: only rank 1 counts at k = 1, and the ideal has one relevant document.
    expect(ndcgAt([2, 1], rel, 1)).toBe(1);
    expect(ndcgAt([1, 2], rel, 1)).toBe(0);
  });

  it('recall@k', () => {
    expect(recallAt(ranking, rel, 100)).toBeCloseTo(2 / 3, 10);
    expect(recallAt(ranking, rel, 2)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(ranking, new Map(), 100)).toBe(0);
  });

  it('average precision over the top k, divided by all relevant documents', () => {
    // Hits at ranks 2 and 4: (1/2 + 2/4) / 3.
    expect(averagePrecisionAt(ranking, rel, 1000)).toBeCloseTo(1 / 3, 10);
    expect(averagePrecisionAt(ranking, rel, 3)).toBeCloseTo(0.5 / 3, 10);
    expect(averagePrecisionAt([2, 4, 9], rel, 1000)).toBeCloseTo(1, 10);
  });

  it('mean and nearest-rank percentile', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1
    expect(mean(xs)).toBe(10.5);
    expect(percentile(xs, 95)).toBe(19);
    expect(percentile(xs, 100)).toBe(20);
    expect(percentile(xs, 50)).toBe(10);
    expect(percentile([5], 95)).toBe(5);
    expect(mean([])).toBe(0);
  });

  it('averages over judged queries only', () => {
    const qrels = new Map([
      [1, rel],
      [2, new Map([[5, 1]])],
      [3, new Map([[5, 0]])], // no relevant document: skipped
    ]);
    const runs = new Map<number, number[]>([
      [1, ranking],
      [2, [5]],
      [3, [5]],
      [4, [1]], // no judgements: skipped
    ]);
    const m = evaluateRuns(runs, qrels);
    expect(m.queries).toBe(2);
    expect(m.recall100).toBeCloseTo((2 / 3 + 1) / 2, 10);
    expect(m.map1000).toBeCloseTo((1 / 3 + 1) / 2, 10);
    expect(m.ndcg10).toBeCloseTo((ndcgAt(ranking, rel, 10) + 1) / 2, 10);
  });
});
