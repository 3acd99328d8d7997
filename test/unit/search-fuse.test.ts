import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from '../../src/search/fuse.js';
import { isRelevant } from '../../src/search/abstain.js';

describe('reciprocalRankFusion', () => {
  it('sums weighted reciprocal ranks', () => {
    const fused = reciprocalRankFusion([
      { ids: [1, 2, 3], weight: 1 },
      { ids: [3, 1], weight: 1 },
    ]);
    const score = (id: number) => fused.find((f) => f.id === id)?.score;
    expect(score(1)).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2));
    expect(score(3)).toBeCloseTo(1 / (RRF_K + 3) + 1 / (RRF_K + 1));
    expect(score(2)).toBeCloseTo(1 / (RRF_K + 2));
    expect(fused.map((f) => f.id)).toEqual([1, 3, 2]);
  });

  it('a zero weight leaves the other ranking untouched', () => {
    const fused = reciprocalRankFusion([
      { ids: [5, 6, 7], weight: 1 },
      { ids: [7, 6, 5, 8], weight: 0 },
    ]);
    expect(fused.slice(0, 3).map((f) => f.id)).toEqual([5, 6, 7]);
  });

  it('ties keep first appearance order', () => {
    const fused = reciprocalRankFusion([
      { ids: [1], weight: 1 },
      { ids: [2], weight: 1 },
    ]);
    expect(fused.map((f) => f.id)).toEqual([1, 2]);
  });

  it('handles empty lists', () => {
    expect(reciprocalRankFusion([{ ids: [], weight: 1 }])).toEqual([]);
  });
});

describe('isRelevant', () => {
  const t = { minCoverage: 0.5, minDense: 0.4 };
  it('accepts enough lexical coverage', () => {
    expect(isRelevant({ coverage: 0.5, dense: null }, t)).toBe(true);
  });
  it('accepts a confident dense match alone', () => {
    expect(isRelevant({ coverage: 0, dense: 0.41 }, t)).toBe(true);
  });
  it('rejects weak evidence of both kinds', () => {
    expect(isRelevant({ coverage: 0.49, dense: 0.39 }, t)).toBe(false);
  });
  it('never trusts dense alone when the model has no floor', () => {
    expect(isRelevant({ coverage: 0.1, dense: 0.99 }, { minCoverage: 0.5, minDense: null })).toBe(false);
  });
});
