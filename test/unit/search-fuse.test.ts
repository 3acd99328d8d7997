import { describe, expect, it } from 'vitest';
import { EQUAL_RRF, fuseRankings, poolRerank, reciprocalRankFusion } from '../../src/search/fuse.js';

const K = 10;
const ids = (xs: { id: number }[]): number[] => xs.map((x) => x.id);

describe('reciprocalRankFusion', () => {
  it('sums weighted reciprocal ranks', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: [1, 2, 3], weight: 1 },
        { ids: [3, 1], weight: 1 },
      ],
      K,
    );
    const score = (id: number) => fused.find((f) => f.id === id)?.score;
    expect(score(1)).toBeCloseTo(1 / (K + 1) + 1 / (K + 2));
    expect(score(3)).toBeCloseTo(1 / (K + 3) + 1 / (K + 1));
    expect(score(2)).toBeCloseTo(1 / (K + 2));
    expect(ids(fused)).toEqual([1, 3, 2]);
  });

  it('a zero weight leaves the other ranking untouched', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: [5, 6, 7], weight: 1 },
        { ids: [7, 6, 5, 8], weight: 0 },
      ],
      K,
    );
    expect(ids(fused).slice(0, 3)).toEqual([5, 6, 7]);
  });

  it('ties keep first appearance order', () => {
    expect(
      ids(
        reciprocalRankFusion(
          [
            { ids: [1], weight: 1 },
            { ids: [2], weight: 1 },
          ],
          K,
        ),
      ),
    ).toEqual([1, 2]);
  });

  it('handles empty lists', () => {
    expect(reciprocalRankFusion([{ ids: [], weight: 1 }], K)).toEqual([]);
  });
});

describe('poolRerank', () => {
  it('re-ranks only the lexical pool, keeps the lexical tail in order, appends dense-only papers', () => {
    const fused = poolRerank({ ids: [1, 2, 3, 4, 5], weight: 1 }, { ids: [9, 2, 5, 8], weight: 1 }, 2, K);
    // Pool {1, 2}: 2 has lexical rank 2 and dense rank 2, beating 1 (lexical rank 1 only).
    // 5 is in dense's top but outside the pool: it keeps its lexical place.
    expect(ids(fused)).toEqual([2, 1, 3, 4, 5, 9, 8]);
    expect(fused[0]!.score).toBeCloseTo(2 / (K + 2));
    expect(fused[5]!.score).toBeCloseTo(1 / (K + 1));
  });

  it('a small dense weight only breaks near-ties', () => {
    expect(ids(poolRerank({ ids: [1, 2, 3], weight: 1 }, { ids: [3, 2, 1], weight: 0.1 }, 100, K))).toEqual([1, 2, 3]);
  });

  it('is the lexical order when dense is empty, and the dense order when lexical is', () => {
    expect(ids(poolRerank({ ids: [3, 1, 2], weight: 1 }, { ids: [], weight: 0 }, 100, K))).toEqual([3, 1, 2]);
    expect(ids(poolRerank({ ids: [], weight: 0 }, { ids: [7, 6], weight: 1 }, 100, K))).toEqual([7, 6]);
  });
});

describe('fuseRankings', () => {
  it('with equal-weight RRF a strong dense vote can lift a paper lexical ranked low', () => {
    const lexical = [1, 2, 3, 4, 5, 6];
    const dense = [6, 5];
    expect(ids(fuseRankings(lexical, dense, EQUAL_RRF, { lexical: true, dense: true }))[0]).toBe(6);
    // The same lists through a re-ranking pool of 3 and a small weight keep lexical's head.
    const pooled = fuseRankings(lexical, dense, { denseWeight: 0.1, k: 10, pool: 3 }, { lexical: true, dense: true });
    expect(ids(pooled).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('a retriever switched off does not vote', () => {
    expect(ids(fuseRankings([1, 2], [2, 1], EQUAL_RRF, { lexical: true, dense: false }))).toEqual([1, 2]);
    expect(ids(fuseRankings([], [2, 1], EQUAL_RRF, { lexical: false, dense: true }))).toEqual([2, 1]);
  });
});
