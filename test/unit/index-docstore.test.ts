import { describe, expect, it } from 'vitest';
import { compactDocstore } from '../../src/index/docstore.js';
import { planIndex } from '../../src/index/structure.js';
import type { Paper } from '../../src/corpus/types.js';

const paper = (id: string, abstract: string): Paper => ({
  id,
  title: `Title ${id}`,
  authors: ['A. Author'],
  year: 2024,
  venue: null,
  url: null,
  code: null,
  abstract,
});

describe('compactDocstore', () => {
  const plan = planIndex(
    [paper('p:1', 'First sentence here. Second one follows. A third closes it.'), paper('p:2', 'Only one sentence.')],
    'model',
    { size: 2, stride: 1 },
  );

  it('turns every array of numbers into an Int32Array with the same values, and drops the vector keys', () => {
    const ds = compactDocstore(plan.docstore);
    expect(ds.sentenceStart).toBeInstanceOf(Int32Array);
    expect(Array.from(ds.sentenceStart)).toEqual(plan.docstore.sentenceStart);
    expect(Array.from(ds.paperPassageFrom)).toEqual(plan.docstore.paperPassageFrom);
    expect(Array.from(ds.passageTo)).toEqual(plan.docstore.passageTo);
    expect(Object.keys(ds)).not.toContain('passageKeys');
    expect(Object.keys(ds)).not.toContain('sentenceKeys');
    expect(Object.keys(ds)).not.toContain('paperKeys');
    expect(ds.papers).toEqual(plan.docstore.papers);
  });

  it('leaves an empty shelf’s papers an array', () => {
    const ds = compactDocstore(planIndex([], 'model', { size: 2, stride: 1 }).docstore);
    expect(ds.papers).toEqual([]);
    expect(Array.from(ds.paperSentenceFrom)).toEqual([0]);
  });
});
