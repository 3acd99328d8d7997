import { describe, expect, it } from 'vitest';
import { planIndex, vectorKey } from '../../src/index/structure.js';
import type { Paper } from '../../src/corpus/types.js';

const paper = (id: string, title: string, abstract: string): Paper => ({
  id,
  title,
  authors: ['A. Author'],
  year: 2024,
  venue: null,
  url: null,
  code: null,
  abstract,
});

const P = { size: 2, stride: 1 };
const shelf = [
  paper('p:1', 'Bounds in $\\mathcal{O}(\\log n)$', 'First sentence here. Second one uses $x^2$ terms. A third closes it.'),
  paper('p:2', 'One', 'Only one sentence.'),
  paper('p:3', 'Three', 'We list: 1. this. 2. that. Results follow at 80 \\% accuracy.'),
];

describe('planIndex', () => {
  it('gives each vector the text its key was made from', () => {
    const { docstore: ds, text } = planIndex(shelf, 'model', P);
    const kinds = [
      ...ds.passageKeys.map(() => 'passage' as const),
      ...ds.sentenceKeys.map(() => 'sentence' as const),
      ...ds.paperKeys.map(() => 'paper' as const),
    ];
    const keys = [...ds.passageKeys, ...ds.sentenceKeys, ...ds.paperKeys];
    keys.forEach((key, i) => expect(vectorKey('model', kinds[i]!, text(i))).toBe(key));
    expect(text(0)).toBe('Bounds in O(log n). First sentence here. Second one uses x² terms.');
  });

  it('reuses the layout of unchanged papers: the plan is the one made from scratch', () => {
    const previous = planIndex(shelf, 'model', P).docstore;
    const next = [paper('p:0', 'New', 'A new paper. It has two sentences.'), shelf[2]!, { ...shelf[0]!, title: 'Retitled' }, shelf[1]!];
    const reused = planIndex(next, 'model', P, previous);
    const scratch = planIndex(next, 'model', P);
    expect(reused.planned).toBe(2);
    expect(scratch.planned).toBe(4);
    expect(reused.docstore).toEqual(scratch.docstore);
    const count = scratch.docstore.passageKeys.length + scratch.docstore.sentenceKeys.length + next.length;
    for (let i = 0; i < count; i++) expect(reused.text(i)).toBe(scratch.text(i));
  });
});
