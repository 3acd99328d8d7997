import { describe, expect, it } from 'vitest';
import { MAX_CHANGED_SHARE, MAX_TOMBSTONE_SHARE, planGraphUpdate, rebuildReason } from '../../src/index/hnsw.js';
import { decodeLabels, encodeLabels, identityLabels, invertLabels } from '../../src/index/labels.js';

const prev = (keys: string[], labels: number[], slots = keys.length, extraInGraph: number[] = []) => ({
  passageKeys: keys,
  labels: Uint32Array.from(labels),
  slots,
  labelsInGraph: new Set([...labels, ...extraInGraph]),
});

describe('planning an in-place graph update', () => {
  it('keeps the labels of unchanged passages wherever they moved, deletes the gone, labels the new', () => {
    const plan = planGraphUpdate(prev(['a', 'b', 'c', 'd'], [0, 1, 2, 3]), ['d', 'a', 'x', 'c']);
    expect([...plan.labels]).toEqual([3, 0, 4, 2]);
    expect(plan.remove).toEqual([1]);
    expect(plan.insert).toEqual([2]);
    expect(plan.kept).toBe(3);
    // One slot freed, one passage inserted into it: no growth, no tombstone.
    expect(plan.slotsAfter).toBe(4);
    expect(plan.tombstonesAfter).toBe(0);
  });

  it('never gives a new passage a label the graph still holds, deleted slots included', () => {
    // Labels 0..2 live, 5 and 6 on deleted slots: new labels fill the gaps 3, 4, then 7.
    const plan = planGraphUpdate(prev(['a', 'b', 'c'], [0, 1, 2], 5, [5, 6]), ['a', 'b', 'c', 'x', 'y', 'z']);
    expect([...plan.labels]).toEqual([0, 1, 2, 3, 4, 7]);
    // Two deleted slots take two of the three new passages; the graph grows by one.
    expect(plan.slotsAfter).toBe(6);
    expect(plan.tombstonesAfter).toBe(0);
  });

  it('matches repeated texts one for one', () => {
    const plan = planGraphUpdate(prev(['a', 'a', 'b'], [0, 1, 2]), ['a', 'b']);
    expect(plan.remove).toHaveLength(1);
    expect(new Set([...plan.labels, ...plan.remove])).toEqual(new Set([0, 1, 2]));
  });

  it('counts removals that nothing refills as tombstones', () => {
    const plan = planGraphUpdate(prev(['a', 'b', 'c', 'd'], [0, 1, 2, 3]), ['a', 'b', 'c']);
    expect(plan.tombstonesAfter).toBe(1);
    expect(plan.slotsAfter).toBe(4);
  });

  it('rebuilds when most of the graph changed or too many slots would stay deleted, and only then', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const labels = keys.map((_, i) => i);
    const changed = (n: number) => [...keys.slice(n), ...Array.from({ length: n }, (_, i) => `new${i}`)];
    const under = Math.floor(100 * MAX_CHANGED_SHARE);
    expect(rebuildReason(planGraphUpdate(prev(keys, labels), changed(under)), 100)).toBeNull();
    expect(rebuildReason(planGraphUpdate(prev(keys, labels), changed(under + 1)), 100)).toMatch(
      /51 of the live graph's 100 passages changed/,
    );
    const removed = (n: number) => keys.slice(n);
    const allowed = Math.floor(100 * MAX_TOMBSTONE_SHARE);
    expect(rebuildReason(planGraphUpdate(prev(keys, labels), removed(allowed)), 100)).toBeNull();
    expect(rebuildReason(planGraphUpdate(prev(keys, labels), removed(allowed + 1)), 100)).toMatch(
      /11 of 100 graph slots would be left deleted/,
    );
  });
});

describe('the label file', () => {
  it('round-trips and inverts', () => {
    const labels = Uint32Array.from([4, 0, 2]);
    expect([...decodeLabels(encodeLabels(labels))]).toEqual([4, 0, 2]);
    expect([...invertLabels(labels)]).toEqual([1, -1, 2, -1, 0]);
    expect([...identityLabels(3)]).toEqual([0, 1, 2]);
  });

  it('refuses two passages with one label, and a file of partial numbers', () => {
    expect(() => invertLabels(Uint32Array.from([1, 1]))).toThrow(/label 1 is given to passages 0 and 1/);
    expect(() => decodeLabels(new Uint8Array(6))).toThrow(/whole uint32s/);
  });
});
