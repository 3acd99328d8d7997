import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/corpus/types.js';
import type { FetchedPaper } from '../../src/arxiv/entry.js';
import { mergeIntoShelf } from '../../src/arxiv/merge.js';

const paper = (id: string, extra: Partial<Paper> = {}): Paper => ({
  id,
  title: `Title ${id}`,
  authors: ['A. Author'],
  year: 2023,
  venue: 'arXiv preprint',
  url: `https://arxiv.org/abs/${id.slice(6)}`,
  code: null,
  abstract: `Abstract of ${id}.`,
  ...extra,
});

const fetched = (id: string, version: number, extra: Partial<Paper> = {}): FetchedPaper => {
  const p = { ...paper(id, extra), version };
  return { arxivId: id.slice(6), version, categories: ['cs.LG'], paper: p };
};

describe('mergeIntoShelf', () => {
  const shelf = [
    paper('sha:hand-made'),
    paper('arxiv:2301.00001', { version: 1, code: 'https://github.com/x/y' }),
    paper('arxiv:2301.00002', { version: 2 }),
  ];

  it('appends new papers in fetch order and leaves the rest as they were (same objects)', () => {
    const r = mergeIntoShelf(shelf, [fetched('arxiv:2302.00009', 1), fetched('arxiv:2302.00008', 1)]);
    expect(r.added).toEqual(['arxiv:2302.00009', 'arxiv:2302.00008']);
    expect(r.papers.map((p) => p.id)).toEqual([
      'sha:hand-made',
      'arxiv:2301.00001',
      'arxiv:2301.00002',
      'arxiv:2302.00009',
      'arxiv:2302.00008',
    ]);
    r.papers.slice(0, 3).forEach((p, i) => expect(p).toBe(shelf[i]));
    expect(r.changed).toBe(true);
  });

  it('the same version again changes nothing', () => {
    const r = mergeIntoShelf(shelf, [fetched('arxiv:2301.00001', 1), fetched('arxiv:2301.00002', 2)]);
    expect(r).toMatchObject({ added: [], updated: [], unchanged: ['arxiv:2301.00001', 'arxiv:2301.00002'], changed: false });
    expect(r.papers).toEqual(shelf);
  });

  it('an older version (a stale answer) does not downgrade the shelf', () => {
    const r = mergeIntoShelf(shelf, [fetched('arxiv:2301.00002', 1, { title: 'Old title' })]);
    expect(r.changed).toBe(false);
    expect(r.papers[2]!.title).toBe('Title arxiv:2301.00002');
  });

  it('a new version replaces the text in place and keeps the hand-added code link', () => {
    const r = mergeIntoShelf(shelf, [fetched('arxiv:2301.00001', 3, { title: 'New title', abstract: 'New abstract.' })]);
    expect(r.updated).toEqual(['arxiv:2301.00001 v1→v3']);
    expect(r.papers[1]).toEqual({ ...shelf[1], title: 'New title', abstract: 'New abstract.', version: 3 });
    expect(r.papers.map((p) => p.id)).toEqual(shelf.map((p) => p.id));
  });

  it('a journal reference in the new version becomes the venue; without one the shelf keeps its venue', () => {
    const withVenue = [paper('arxiv:2301.00001', { version: 1, venue: 'NeurIPS 2023' })];
    expect(mergeIntoShelf(withVenue, [fetched('arxiv:2301.00001', 2)]).papers[0]!.venue).toBe('NeurIPS 2023');
    expect(mergeIntoShelf(withVenue, [fetched('arxiv:2301.00001', 2, { venue: 'JMLR 25 (2024)' })]).papers[0]!.venue).toBe(
      'JMLR 25 (2024)',
    );
  });

  it('a paper typed in by hand (no version) with the same text is only stamped with its version', () => {
    const hand = [paper('arxiv:2310.13040')];
    const r = mergeIntoShelf(hand, [fetched('arxiv:2310.13040', 2)]);
    expect(r).toMatchObject({ unchanged: ['arxiv:2310.13040'], updated: [], changed: true });
    expect(r.papers[0]!.version).toBe(2);
  });

  it('an entry repeated across pages is added once, at its newest version', () => {
    const r = mergeIntoShelf([], [fetched('arxiv:2302.00001', 1), fetched('arxiv:2302.00001', 2, { title: 'v2' })]);
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]).toMatchObject({ title: 'v2', version: 2 });
  });
});
