import { describe, expect, it } from 'vitest';
import { lookupPapers, lookupTable } from '../../src/search/lookup.js';
import type { Paper } from '../../src/corpus/types.js';

const paper = (id: string, title: string, authors: string[], year: number): Paper => ({
  id,
  title,
  authors,
  year,
  venue: null,
  url: null,
  code: null,
  abstract: 'A.',
});

const papers = [
  paper('arxiv:2309.16318', 'DeepPCR: Parallelizing Sequential Operations in Neural Networks', ['Federico Danieli', 'Xavier Suau'], 2023),
  paper(
    'arxiv:2003.04151',
    'Embedding Propagation: Smoother Manifold for Few-Shot Classification',
    ['Pau Rodríguez', 'Issam Laradji'],
    2020,
  ),
  paper('arxiv:2009.06415', 'Synbols: Probing Learning Algorithms with Synthetic Datasets', ['Alexandre Lacoste', 'Pau Rodríguez'], 2020),
];
const table = lookupTable(papers);
const ids = (q: string) => lookupPapers(table, q, 25).map((i) => papers[i]!.id);

describe('lookupPapers', () => {
  it('matches a title prefix', () => {
    expect(ids('deep')).toEqual(['arxiv:2309.16318']);
  });
  it('matches a word inside a title, case- and accent-insensitively', () => {
    expect(ids('MANIFOLD')).toEqual(['arxiv:2003.04151']);
    expect(ids('synthetic data')).toEqual(['arxiv:2009.06415']);
  });
  it('matches authors, accents folded', () => {
    expect(ids('rodriguez').sort()).toEqual(['arxiv:2003.04151', 'arxiv:2009.06415']);
    expect(ids('danieli')).toEqual(['arxiv:2309.16318']);
  });
  it('matches ids, exact first', () => {
    expect(ids('arxiv:2003.04151')[0]).toBe('arxiv:2003.04151');
    expect(ids('2309')).toEqual(['arxiv:2309.16318']);
  });
  it('requires every typed word to match', () => {
    expect(ids('manifold sourdough')).toEqual([]);
  });
  it('lists newest first when nothing is typed, within the limit', () => {
    expect(lookupPapers(table, '  ', 2).map((i) => papers[i]!.id)).toEqual(['arxiv:2309.16318', 'arxiv:2003.04151']);
  });
});
