import { describe, expect, it } from 'vitest';
import type { RawEntry } from '../../src/arxiv/atom.js';
import { formatSummary, selectEntries, type FetchRequest } from '../../src/arxiv/fetch.js';

const entry = (id: string, title: string): RawEntry => ({
  id: `http://arxiv.org/abs/${id}v1`,
  title,
  summary: 'An abstract about learning.',
  published: '2024-05-01T00:00:00Z',
  authors: ['A. Author'],
  categories: ['cs.LG'],
});
const request = (extra: Partial<FetchRequest> = {}): FetchRequest => ({
  categories: ['cs.LG'],
  ids: [],
  exclude: [],
  dryRun: false,
  ...extra,
});

describe('selectEntries', () => {
  it('drops searched papers matching ARXIV_EXCLUDE, saying which word', () => {
    const r = selectEntries(
      [entry('2405.00001', 'A Survey of Transformers'), entry('2405.00002', 'Sparse attention')],
      request({ exclude: ['survey'] }),
    );
    expect(r.fetched.map((f) => f.arxivId)).toEqual(['2405.00002']);
    expect(r.skipped).toEqual([{ id: '2405.00001', reason: 'matches ARXIV_EXCLUDE "survey"' }]);
  });

  it('does not apply ARXIV_EXCLUDE to papers asked for by id, and reports ids arXiv did not send', () => {
    const r = selectEntries(
      [entry('2405.00001', 'A Survey of Transformers')],
      request({ ids: ['2405.00001', '2405.99999'], exclude: ['survey'] }),
    );
    expect(r.fetched.map((f) => f.arxivId)).toEqual(['2405.00001']);
    expect(r.skipped).toEqual([{ id: '2405.99999', reason: 'not found on arXiv (check the id)' }]);
  });

  it('an id skipped for a reason is not also reported as not found', () => {
    const r = selectEntries([{ ...entry('2405.00001', ''), title: '' }], request({ ids: ['2405.00001'] }));
    expect(r.skipped).toEqual([{ id: '2405.00001', reason: 'no title' }]);
  });
});

describe('formatSummary', () => {
  it('one line of counts, then one line per paper', () => {
    const text = formatSummary(
      {
        asked: 'cat:cs.LG',
        received: 3,
        added: [{ id: 'arxiv:1', title: 'One' }],
        updated: ['arxiv:2 v1→v2'],
        unchanged: [],
        skipped: [{ id: '3', reason: 'no title' }],
        written: true,
      },
      false,
    );
    expect(text).toBe(
      [
        'arXiv: 3 entries for cat:cs.LG',
        'Added 1, updated 1 (new version), unchanged 0, skipped 1',
        '  + arxiv:1  One',
        '  ~ arxiv:2 v1→v2',
        '  - skipped 3: no title',
      ].join('\n'),
    );
  });
});
