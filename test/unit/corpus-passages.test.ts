import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePassages } from '../../src/corpus/passages.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { Paper } from '../../src/corpus/types.js';

const abstract = 'One is first. Two follows. Three is here. Four comes. Five ends.';
const sentences = splitSentences(abstract);
const windows = (opts?: { size?: number; stride?: number }, n = sentences.length) =>
  makePassages('p:1', abstract, sentences.slice(0, n), opts).map((p) => [p.sentenceFrom, p.sentenceTo]);

describe('makePassages', () => {
  it('defaults to windows of two sentences, stride one', () => {
    expect(sentences).toHaveLength(5);
    expect(windows()).toEqual([
      [0, 2],
      [1, 3],
      [2, 4],
      [3, 5],
    ]);
  });

  it('slices exact text and offsets from the abstract, numbering passages in order', () => {
    const passages = makePassages('p:1', abstract, sentences);
    passages.forEach((p, k) => {
      expect(p.paperId).toBe('p:1');
      expect(p.ordinal).toBe(k);
      expect(p.text).toBe(abstract.slice(p.start, p.end));
      expect(p.start).toBe(sentences[p.sentenceFrom]!.start);
      expect(p.end).toBe(sentences[p.sentenceTo - 1]!.end);
    });
    expect(passages[0]?.text).toBe('One is first. Two follows.');
  });

  it('one sentence gives one passage; none gives none', () => {
    expect(windows(undefined, 1)).toEqual([[0, 1]]);
    expect(windows({ size: 3 }, 2)).toEqual([[0, 2]]);
    expect(windows(undefined, 0)).toEqual([]);
    const single = makePassages('p:2', 'Only one.', splitSentences('Only one.'));
    expect(single).toEqual([{ paperId: 'p:2', ordinal: 0, sentenceFrom: 0, sentenceTo: 1, start: 0, end: 9, text: 'Only one.' }]);
  });

  it('the last window ends at the last sentence and never runs past it', () => {
    expect(windows({ size: 2, stride: 2 })).toEqual([
      [0, 2],
      [2, 4],
      [3, 5],
    ]);
    expect(windows({ size: 3, stride: 2 })).toEqual([
      [0, 3],
      [2, 5],
    ]);
    expect(windows({ size: 2, stride: 2 }, 4)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(windows({ size: 1, stride: 1 })).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(windows({ size: 5, stride: 3 })).toEqual([[0, 5]]);
  });

  it('covers every sentence and never emits a window contained in the previous one', () => {
    for (let n = 1; n <= 9; n++) {
      for (let size = 1; size <= 4; size++) {
        for (let stride = 1; stride <= size; stride++) {
          const w = windows({ size, stride }, Math.min(n, sentences.length));
          const m = Math.min(n, sentences.length);
          const covered = new Set(w.flatMap(([a, b]) => Array.from({ length: b! - a! }, (_, k) => a! + k)));
          expect(covered.size).toBe(m);
          expect(w.at(-1)?.[1]).toBe(m);
          for (let k = 1; k < w.length; k++) {
            expect(w[k]![0]!).toBeGreaterThan(w[k - 1]![0]!);
            expect(w[k]![1]!).toBeGreaterThan(w[k - 1]![1]!);
          }
        }
      }
    }
  });

  it('rejects bad options', () => {
    expect(() => makePassages('p', abstract, sentences, { size: 0 })).toThrow(RangeError);
    expect(() => makePassages('p', abstract, sentences, { size: 1.5 })).toThrow(/size/);
    expect(() => makePassages('p', abstract, sentences, { stride: 0 })).toThrow(/stride/);
    expect(() => makePassages('p', abstract, sentences, { size: 2, stride: 3 })).toThrow(/stride/);
    expect(() => makePassages('p', abstract, sentences, { stride: Number.NaN })).toThrow(RangeError);
  });

  it('works on every abstract of the shelf', () => {
    const papers = readFileSync('test/fixtures/corpus/papers.jsonl', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Paper);
    for (const p of papers) {
      const s = splitSentences(p.abstract);
      const passages = makePassages(p.id, p.abstract, s);
      expect(passages).toHaveLength(Math.max(1, s.length - 1));
      for (const q of passages) expect(p.abstract.slice(q.start, q.end)).toBe(q.text);
    }
  });
});
