import { describe, expect, it } from 'vitest';
import { citedPaper, shortAuthors, shownPaper } from '../../src/answer/display.js';
import type { Paper } from '../../src/corpus/types.js';

const paper: Paper = {
  id: 'arxiv:2401.00001',
  title: 'Sparse attention in $O(n \\log n)$ time',
  authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
  year: 2024,
  venue: null,
  url: 'https://arxiv.org/abs/2401.00001',
  code: null,
  abstract: 'We prune up to $80 \\%$ of directions \\cite{x}.',
};

describe('display-ready papers', () => {
  it('a shown paper has its title and abstract readable, the rest as on the shelf', () => {
    const shown = shownPaper(paper);
    expect(shown.title).toBe('Sparse attention in O(n log n) time');
    expect(shown.abstract).toBe('We prune up to 80% of directions.');
    expect({ ...shown, title: paper.title, abstract: paper.abstract }).toEqual(paper);
  });

  it('a cited paper has the readable title and no abstract', () => {
    const cited = citedPaper(paper);
    expect(cited.title).toBe('Sparse attention in O(n log n) time');
    expect('abstract' in cited).toBe(false);
  });

  it('short author lists: up to three names, then et al.; none is said', () => {
    expect(shortAuthors(paper.authors)).toBe('Ada Lovelace, Alan Turing, Grace Hopper et al.');
    expect(shortAuthors(paper.authors.slice(0, 3))).toBe('Ada Lovelace, Alan Turing, Grace Hopper');
    expect(shortAuthors([])).toBe('Unknown authors');
  });
});
