import { describe, expect, it } from 'vitest';
import { arxivDate, buildSearchQuery, excludedBy, MAX_PAGE_SIZE, pageUrl, parseDay } from '../../src/arxiv/query.js';

describe('buildSearchQuery', () => {
  const since = new Date(Date.UTC(2024, 0, 15));
  const until = new Date(Date.UTC(2024, 1, 1, 13, 5));

  it('one category', () => {
    expect(buildSearchQuery({ categories: ['cs.LG'] })).toBe('cat:cs.LG');
  });

  it('categories OR-ed, keywords and dates AND-ed', () => {
    expect(buildSearchQuery({ categories: ['cs.LG', 'cs.CL'], query: 'abs:"diffusion model"', since, until })).toBe(
      '(cat:cs.LG OR cat:cs.CL) AND (abs:"diffusion model") AND submittedDate:[202401150000 TO 202402011305]',
    );
  });

  it('a query alone is passed as written', () => {
    expect(buildSearchQuery({ categories: [], query: 'ti:transformer' })).toBe('ti:transformer');
  });

  it('refuses an empty search rather than asking arXiv for everything', () => {
    expect(() => buildSearchQuery({ categories: [] })).toThrow(/needs categories/);
  });

  it('formats dates in UTC', () => {
    expect(arxivDate(new Date('2023-12-31T23:59:00Z'))).toBe('202312312359');
  });
});

describe('pageUrl', () => {
  it('searches newest first with start and max_results, never more than 200 a page', () => {
    const u = new URL(pageUrl('http://export.arxiv.org/api/query', { searchQuery: 'cat:cs.LG', start: 400, maxResults: 1000 }));
    expect(Object.fromEntries(u.searchParams)).toEqual({
      search_query: 'cat:cs.LG',
      sortBy: 'submittedDate',
      sortOrder: 'descending',
      start: '400',
      max_results: String(MAX_PAGE_SIZE),
    });
    expect(MAX_PAGE_SIZE).toBe(200);
  });

  it('asks for explicit ids with id_list', () => {
    const u = new URL(pageUrl('http://127.0.0.1:1/api/query', { idList: ['2310.13040', 'hep-th/9901001'], start: 0, maxResults: 2 }));
    expect(u.searchParams.get('id_list')).toBe('2310.13040,hep-th/9901001');
    expect(u.searchParams.has('search_query')).toBe(false);
  });
});

describe('parseDay', () => {
  it('accepts real days only', () => {
    expect(parseDay('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('2024-1-5')).toBeNull();
    expect(parseDay('yesterday')).toBeNull();
  });
});

describe('excludedBy', () => {
  it('matches whole words and phrases, case-insensitively', () => {
    expect(excludedBy('A Survey of Quantum Error-Correction', ['quantum error correction'])).toBe('quantum error correction');
    expect(excludedBy('Graph neural networks', ['graph'])).toBe('graph');
    expect(excludedBy('Paragraph vectors', ['graph'])).toBeNull();
    expect(excludedBy('anything', [])).toBeNull();
  });
});
