import { describe, expect, it } from 'vitest';
import { Bm25Index, DEFAULT_BM25_PARAMS, type Bm25Document, type Bm25Params } from '../../src/lexical/bm25.js';
import { LexicalIndexError } from '../../src/lexical/errors.js';

const plain: Partial<Bm25Params> = { k1: 1.2, b: 0.75, fieldWeights: { title: 1 }, feedback: null };
const body = (text: string, title = ''): Bm25Document => ({ fields: { title, body: text } });

// Words that the tokenizer keeps as they are (no stop words, stems unchanged).
const corpus = [body('cat dog cat'), body('dog fish'), body('fish fish fish bird')];

describe('Bm25Index', () => {
  it('scores a 3-document corpus as computed by hand', () => {
    const index = Bm25Index.build(corpus, { params: plain });
    // N = 3, avgdl = 3. idf(cat) = ln(1 + 2.5/1.5) = ln(8/3); d0: tf 2, len 3 → 2·2.2/3.2 = 1.375.
    const cat = index.search('cat', 10);
    expect(cat).toHaveLength(1);
    expect(cat[0]!.doc).toBe(0);
    expect(cat[0]!.score).toBeCloseTo(Math.log(8 / 3) * 1.375, 5);
    expect(cat[0]!.score).toBeCloseTo(1.348644, 5);
    // idf(dog) = idf(fish) = ln(1.6) = 0.470004.
    // d1 (len 2): norm 1/(0.25 + 0.5) = 4/3 → (4/3)·2.2/(1.2 + 4/3) = 1.157895, twice.
    // d2 (len 4): norm 0.8, fish tf 3 → 2.4·2.2/3.6 = 1.466667. d0: dog tf 1, len 3 → 1.
    const hits = index.search('dog fish', 10);
    expect(hits.map((h) => h.doc)).toEqual([1, 2, 0]);
    expect(hits[0]!.score).toBeCloseTo(2 * 0.470004 * 1.157895, 5);
    expect(hits[1]!.score).toBeCloseTo(0.470004 * 1.466667, 5);
    expect(hits[2]!.score).toBeCloseTo(0.470004, 5);
    expect(index.idf('dog')).toBeCloseTo(Math.log(1.6), 10);
  });

  it('accepts tokens as well as text and respects k', () => {
    const index = Bm25Index.build(corpus, { params: plain });
    expect(index.search(['dog', 'fish'], 10)).toEqual(index.search('dog fish', 10));
    expect(index.search('dog fish', 2).map((h) => h.doc)).toEqual([1, 2]);
    expect(index.search('dog fish', 0)).toEqual([]);
  });

  it('breaks ties by document index', () => {
    const docs = [body('alpha'), body('gamma'), body('gamma'), body('beta'), body('gamma')];
    const index = Bm25Index.build(docs, { params: plain });
    expect(index.search('gamma', 10).map((h) => h.doc)).toEqual([1, 2, 4]);
    expect(index.search('gamma', 2).map((h) => h.doc)).toEqual([1, 2]);
    // A larger corpus with many equal scores: partial top-k agrees with a full sort.
    const many = Array.from({ length: 300 }, (_, i) => body(i % 3 === 0 ? 'gamma' : i % 3 === 1 ? 'gamma gamma delta' : 'delta'));
    const big = Bm25Index.build(many, { params: plain });
    const all = big.search('gamma delta', 1000);
    const sorted = [...all].sort((a, b) => b.score - a.score || a.doc - b.doc);
    expect(all).toEqual(sorted);
    expect(big.search('gamma delta', 25)).toEqual(all.slice(0, 25));
  });

  it('returns nothing for empty, stop-word-only or unknown queries', () => {
    const index = Bm25Index.build(corpus);
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('the of and what is', 10)).toEqual([]);
    expect(index.search('zebra', 10)).toEqual([]);
    expect(index.search([], 10)).toEqual([]);
  });

  it('weights the title field (BM25F) and leaves a zero-weight field unsearched', () => {
    const docs = [body('laser cooling atoms', 'trap'), body('trap cooling atoms', 'laser')];
    const equal = Bm25Index.build(docs, { params: plain });
    const [x, y] = equal.search('laser', 2);
    expect(x!.score).toBeCloseTo(y!.score, 6);
    const boosted = Bm25Index.build(docs, { params: { ...plain, fieldWeights: { title: 3 } } });
    expect(boosted.search('laser', 2)[0]!.doc).toBe(1);
    const noTitle = Bm25Index.build(docs, { params: { ...plain, fieldWeights: { title: 0 } } });
    expect(noTitle.search('laser', 2).map((h) => h.doc)).toEqual([0]);
  });

  it('filters results', () => {
    const index = Bm25Index.build(corpus, { params: plain });
    expect(index.search('dog fish', 10, { filter: (d) => d !== 1 }).map((h) => h.doc)).toEqual([2, 0]);
  });

  it('expands the query from pseudo-relevant documents (RM3)', () => {
    const docs = [
      body('neural network training'),
      body('neural network pruning'),
      body('network pruning heuristics'),
      ...Array.from({ length: 40 }, (_, i) => body(`filler topic${i}`)),
    ];
    const feedback = { docs: 2, terms: 5, originalWeight: 0.5, maxDocFreq: 1 };
    const index = Bm25Index.build(docs, { params: { ...plain, feedback } });
    expect(index.search('neural', 10, { feedback: null }).map((h) => h.doc)).toEqual([0, 1]);
    const expanded = index.search('neural', 10);
    expect(
      expanded
        .slice(0, 2)
        .map((h) => h.doc)
        .sort(),
    ).toEqual([0, 1]);
    expect(expanded.map((h) => h.doc)).toContain(2);
    const q = index.expand(new Map([['neural', 1]]), feedback);
    expect(q.get('neural')).toBeGreaterThan(0.5);
    expect(q.has('network')).toBe(true);
    let sum = 0;
    for (const w of q.values()) sum += w;
    expect(sum).toBeCloseTo(1, 10);
  });

  it('skips feedback on a collection too small for it', () => {
    const feedback = { docs: 2, terms: 5, originalWeight: 0.5, maxDocFreq: 1 };
    const docs = [body('neural network training'), body('neural network pruning'), body('network pruning heuristics')];
    const index = Bm25Index.build(docs, { params: { ...plain, feedback } });
    expect(index.search('neural', 10)).toEqual(index.search('neural', 10, { feedback: null }));
  });

  it('round-trips through JSON with identical results', () => {
    const docs = [
      ...corpus,
      { fields: { title: 'Fish schools', authors: 'Smith, J.', body: 'collective motion of fish; dog days' } },
      body(''),
      body('bird bird dog'),
      ...Array.from({ length: 40 }, (_, i) => body(`filler${i} dog`)),
    ];
    const index = Bm25Index.build(docs, {
      params: { ...DEFAULT_BM25_PARAMS, feedback: { docs: 2, terms: 3, originalWeight: 0.5, maxDocFreq: 1 } },
    });
    const text = JSON.stringify(index);
    const loaded = Bm25Index.fromJSON(JSON.parse(text));
    expect(loaded.docCount).toBe(index.docCount);
    expect(loaded.params).toEqual(index.params);
    expect(index.search('fish bird', 10)).not.toEqual(index.search('fish bird', 10, { feedback: null }));
    for (const q of ['dog', 'fish bird', 'smith', 'cat dog fish', 'nothing']) {
      expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
      expect(loaded.search(q, 10, { feedback: null })).toEqual(index.search(q, 10, { feedback: null }));
      expect(loaded.coverage(q, 3)).toBe(index.coverage(q, 3));
    }
    expect(JSON.stringify(loaded)).toBe(text);
  });

  it('refuses an index from another tokenizer or a damaged one, naming the fix', () => {
    const json = Bm25Index.build(corpus).toJSON();
    expect(() => Bm25Index.fromJSON({ ...json, tokenizer: 'v0:other' })).toThrow(/npm run index/);
    expect(() => Bm25Index.fromJSON({ ...json, data: json.data.slice(0, 4) })).toThrow(/corrupt/);
    expect(() => Bm25Index.fromJSON({ format: 'something else' })).toThrow(/lexical index/);
  });

  it('reports a bad saved index as an AppError the CLIs and the loader know (code index)', () => {
    const json = Bm25Index.build(corpus).toJSON();
    for (const bad of [{ ...json, tokenizer: 'v0:other' }, { ...json, data: json.data.slice(0, 4) }, { format: 'something else' }]) {
      expect(() => Bm25Index.fromJSON(bad)).toThrow(LexicalIndexError);
      expect(() => Bm25Index.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'index', exitCode: 1 }));
    }
  });

  it('measures the fraction of query IDF mass a document covers', () => {
    const index = Bm25Index.build(corpus, { params: plain });
    const cat = Math.log(8 / 3);
    const dog = Math.log(1.6);
    const unknown = Math.log(8); // df = 0: ln(1 + 3.5/0.5)
    expect(index.idf('unicornx')).toBeCloseTo(unknown, 10);
    expect(index.coverage('cat dog unicornx', 0)).toBeCloseTo((cat + dog) / (cat + dog + unknown), 10);
    expect(index.coverage('cat dog unicornx', 1)).toBeCloseTo(dog / (cat + dog + unknown), 10);
    expect(index.coverage('cat cat dog', 0)).toBe(1); // distinct terms count once
    expect(index.coverage('bird', 0)).toBe(0);
    expect(index.coverage('', 0)).toBe(0);
    expect(index.coverage('the of', 0)).toBe(0);
  });

  it('reports the mean paper length over all fields, the same after a save and load', () => {
    // 3 + 2 + 4 body terms and a 2-term title: 11 terms over 3 documents.
    const docs = [body('cat dog cat', 'bird fish'), body('dog fish'), body('fish fish fish bird')];
    const index = Bm25Index.build(docs, { params: plain });
    expect(index.meanDocLength).toBeCloseTo(11 / 3, 12);
    expect(Bm25Index.fromJSON(JSON.parse(JSON.stringify(index.toJSON()))).meanDocLength).toBeCloseTo(11 / 3, 12);
    expect(Bm25Index.build([], { params: plain }).meanDocLength).toBe(0);
  });
});
