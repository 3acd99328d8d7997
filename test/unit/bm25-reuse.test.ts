import { describe, expect, it } from 'vitest';
import { Bm25Index, SavedPostings, type Bm25Document } from '../../src/lexical/bm25.js';
import { tokenize } from '../../src/lexical/tokenize.js';

const doc = (title: string, body: string): Bm25Document => ({ fields: { title, body } });

const before = [
  doc('Boundary layers', 'Boundary-layer flow over a flat plate; the plate is heated.'),
  doc('Heat transfer', 'Heat transfer in laminar flow, measured at 1958 stations.'),
  doc('Shock waves', 'Shock waves and boundary layers interact.'),
  doc('Only once', 'A word seen in this document only: zeppelin.'),
];
// Document 3 goes (and with it the only "zeppelin"), 1 changes, 0 and 2 swap places, two come.
const after = [
  before[2]!,
  doc('Heat transfer', 'Heat transfer in turbulent flow.'),
  before[0]!,
  doc('Plates', 'Heated plates.'),
  doc('', 'plate plate'),
];
const sameAs = [2, -1, 0, -1, -1];

describe('Bm25Index.build with a previous index', () => {
  it('copies unchanged documents and gives the index built from the texts, scores included', () => {
    const previous = Bm25Index.build(before);
    const reused = Bm25Index.build(after, { previous: { postings: SavedPostings.fromJSON(previous.toJSON()), sameAs: (d) => sameAs[d]! } });
    const scratch = Bm25Index.build(after);
    expect(reused.toJSON()).toEqual(scratch.toJSON());
    for (const q of ['boundary layer plate', 'heat flow', 'zeppelin', 'shock']) expect(reused.search(q, 10)).toEqual(scratch.search(q, 10));
    expect(reused.docFrequency('zeppelin')).toBe(0);
  });

  it('tokenizes only the documents it does not copy', () => {
    const seen: string[] = [];
    const spy = (text: string): string[] => {
      seen.push(text);
      return tokenize(text);
    };
    const previous = Bm25Index.build(before, { tokenizer: spy, tokenizerId: 'spy' });
    seen.length = 0;
    Bm25Index.build(after, {
      tokenizer: spy,
      tokenizerId: 'spy',
      previous: { postings: SavedPostings.fromJSON(previous.toJSON(), 'spy'), sameAs: (d) => sameAs[d]! },
    });
    expect(seen).toEqual(['Heat transfer in turbulent flow.', 'Heat transfer', 'Heated plates.', 'Plates', 'plate plate']);
  });

  it('copies nothing from an index made with another tokenizer or other fields', () => {
    const upper = (text: string): string[] => text.split(/\W+/).filter(Boolean);
    const other = Bm25Index.build(before, { tokenizer: upper, tokenizerId: 'split' });
    const same = (d: number): number => sameAs[d]!;
    expect(
      Bm25Index.build(after, { previous: { postings: SavedPostings.fromJSON(other.toJSON(), 'split'), sameAs: same } }).toJSON(),
    ).toEqual(Bm25Index.build(after).toJSON());
    const titles = Bm25Index.build(before.map((d) => ({ fields: { title: d.fields.title ?? '' } })));
    expect(Bm25Index.build(after, { previous: { postings: SavedPostings.fromJSON(titles.toJSON()), sameAs: same } }).toJSON()).toEqual(
      Bm25Index.build(after).toJSON(),
    );
  });
});
