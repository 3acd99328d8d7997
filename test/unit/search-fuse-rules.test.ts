import { describe, expect, it } from 'vitest';
import { fuse, normaliseScores, poolRerank, reciprocalRankFusion, scoreBlend, RRF_K } from '../../src/search/fuse.js';

const ids = (xs: { id: number }[]): number[] => xs.map((x) => x.id);

describe('poolRerank', () => {
  it('re-ranks only the lexical pool, keeps the lexical tail in order, appends dense-only papers', () => {
    const fused = poolRerank({ ids: [1, 2, 3, 4, 5], weight: 1 }, { ids: [9, 2, 5, 8], weight: 1 }, 2);
    // Pool {1, 2}: 2 has lexical rank 2 and dense rank 2, beating 1 (lexical rank 1 only).
    // 5 is in dense's top but outside the pool: it keeps its lexical place.
    expect(ids(fused)).toEqual([2, 1, 3, 4, 5, 9, 8]);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 2));
    expect(fused[5]!.score).toBeCloseTo(1 / (RRF_K + 1));
  });

  it('a small dense weight only breaks near-ties', () => {
    const fused = poolRerank({ ids: [1, 2, 3], weight: 1 }, { ids: [3, 2, 1], weight: 0.1 }, 100, 10);
    expect(ids(fused)).toEqual([1, 2, 3]);
  });

  it('is the lexical order when dense is empty, and the dense order when lexical is', () => {
    expect(ids(poolRerank({ ids: [3, 1, 2], weight: 1 }, { ids: [], weight: 0 }, 100))).toEqual([3, 1, 2]);
    expect(ids(poolRerank({ ids: [], weight: 0 }, { ids: [7, 6], weight: 1 }, 100))).toEqual([7, 6]);
  });
});

describe('normaliseScores', () => {
  it('z-scores have mean 0 and unit spread; a constant list maps to zeros', () => {
    const z = normaliseScores([1, 2, 3], 'z');
    expect(z[1]).toBeCloseTo(0);
    expect(z[2]! - z[0]!).toBeCloseTo(2 / Math.sqrt(2 / 3));
    expect(normaliseScores([4, 4], 'z')).toEqual([0, 0]);
  });

  it('min-max maps to [0, 1]; a constant list maps to ones', () => {
    expect(normaliseScores([10, 5, 0], 'minmax')).toEqual([1, 0.5, 0]);
    expect(normaliseScores([2, 2], 'minmax')).toEqual([1, 1]);
    expect(normaliseScores([], 'z')).toEqual([]);
  });
});

describe('scoreBlend', () => {
  it('adds weighted normalised scores; a missing paper gets the list floor', () => {
    const fused = scoreBlend(
      [
        { candidates: [{ id: 1, score: 10 }, { id: 2, score: 5 }, { id: 3, score: 0 }], weight: 1 },
        { candidates: [{ id: 3, score: 0.9 }, { id: 4, score: 0.1 }], weight: 1 },
      ],
      'minmax',
    );
    const score = (id: number) => fused.find((f) => f.id === id)!.score;
    expect(score(1)).toBeCloseTo(1 + 0); // dense floor is 0
    expect(score(3)).toBeCloseTo(0 + 1);
    expect(score(2)).toBeCloseTo(0.5);
    expect(score(4)).toBeCloseTo(0);
    expect(ids(fused)).toEqual([1, 3, 2, 4]);
  });

  it('a zero weight ignores that list', () => {
    const fused = scoreBlend(
      [
        { candidates: [{ id: 1, score: 2 }, { id: 2, score: 1 }], weight: 1 },
        { candidates: [{ id: 2, score: 1 }], weight: 0 },
      ],
      'z',
    );
    expect(ids(fused)).toEqual([1, 2]);
  });
});

describe('fuse', () => {
  const lexical = [{ id: 1, score: 9 }, { id: 2, score: 8 }];
  const dense = [{ id: 2, score: 0.9 }, { id: 3, score: 0.5 }];
  const weights = { lexical: 1, dense: 1 };
  it('plain RRF when the pool is null', () => {
    expect(fuse({ lexical, dense, weights }, { kind: 'rrf', k: 60, pool: null })).toEqual(
      reciprocalRankFusion([{ ids: [1, 2], weight: 1 }, { ids: [2, 3], weight: 1 }], 60),
    );
  });
  it('pooled RRF and blends dispatch to their functions', () => {
    expect(ids(fuse({ lexical, dense, weights }, { kind: 'rrf', k: 10, pool: 1 }))).toEqual([1, 2, 3]);
    // min-max: lexical 1 → 1, 2 → 0; dense 2 → 1, 3 → 0; with equal weights 1 and 2 tie at 1.
    const blended = fuse({ lexical, dense, weights: { lexical: 1, dense: 2 } }, { kind: 'blend', normalise: 'minmax' });
    expect(blended.map((f) => [f.id, f.score])).toEqual([[2, 2], [1, 1], [3, 0]]);
  });
});
