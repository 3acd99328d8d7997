import { describe, expect, it } from 'vitest';
import { configuredRequest, defaultSince, follows, nextFetchAt } from '../../src/arxiv/daily.js';
import { oneLine, parseJob, parseOutcome } from '../../src/arxiv/jobs.js';
import { selectEntries } from '../../src/arxiv/fetch.js';
import type { RawEntry } from '../../src/arxiv/atom.js';
import { mayEditShelf } from '../../src/discord/commands/shelf.js';

const at = (iso: string) => Date.parse(iso);

describe('the daily fetch schedule (FETCH_TIME, UTC)', () => {
  it('is the next HH:MM UTC strictly after now: later today, else tomorrow', () => {
    expect(nextFetchAt(at('2026-03-10T00:10:00Z'), '01:30')).toBe(at('2026-03-10T01:30:00Z'));
    expect(nextFetchAt(at('2026-03-10T01:30:00Z'), '01:30')).toBe(at('2026-03-11T01:30:00Z'));
    expect(nextFetchAt(at('2026-03-10T23:59:59Z'), '00:00')).toBe(at('2026-03-11T00:00:00Z'));
  });

  it('ignores daylight saving: the same UTC time across the change', () => {
    // Europe's clocks move on 2026-03-29; UTC does not.
    expect(nextFetchAt(at('2026-03-29T02:00:00Z'), '01:30')).toBe(at('2026-03-30T01:30:00Z'));
  });

  it('runs only when something is followed', () => {
    expect(follows({ ARXIV_CATEGORIES: [], ARXIV_EXCLUDE: [] })).toBe(false);
    expect(follows({ ARXIV_CATEGORIES: ['cs.LG'], ARXIV_EXCLUDE: [] })).toBe(true);
    expect(follows({ ARXIV_CATEGORIES: [], ARXIV_QUERY: 'ti:retrieval', ARXIV_EXCLUDE: [] })).toBe(true);
  });

  it('asks for the configured categories, query and exclusions over the last 7 days, skipping removed papers', () => {
    const now = new Date('2026-03-10T01:30:00Z');
    expect(defaultSince(now).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(
      configuredRequest({ ARXIV_CATEGORIES: ['cs.LG'], ARXIV_QUERY: 'abs:graph', ARXIV_EXCLUDE: ['survey'] }, now, ['2405.00001']),
    ).toEqual({
      categories: ['cs.LG'],
      query: 'abs:graph',
      exclude: ['survey'],
      ids: [],
      dryRun: false,
      since: new Date('2026-03-03T00:00:00Z'),
      skipIds: ['2405.00001'],
    });
  });
});

describe('papers removed with /shelf remove', () => {
  const entry = (id: string): RawEntry => ({
    id: `http://arxiv.org/abs/${id}v1`,
    title: 'A title',
    summary: 'An abstract.',
    published: '2024-05-01T00:00:00Z',
    authors: ['A. Author'],
    categories: ['cs.LG'],
  });

  it('are skipped by a configured fetch, with the reason', () => {
    const r = selectEntries([entry('2405.00001'), entry('2405.00002')], {
      categories: ['cs.LG'],
      ids: [],
      exclude: [],
      dryRun: false,
      skipIds: ['2405.00001'],
    });
    expect(r.fetched.map((f) => f.arxivId)).toEqual(['2405.00002']);
    expect(r.skipped).toEqual([{ id: '2405.00001', reason: 'removed from the shelf with /shelf remove' }]);
  });
});

describe('shelf jobs: one JSON job in, one JSON line out', () => {
  it('reads only well-formed jobs', () => {
    expect(parseJob('{"kind":"add","arxivId":"2310.13040"}')).toEqual({ kind: 'add', arxivId: '2310.13040' });
    expect(parseJob('{"kind":"fetch","skipIds":[]}')).toEqual({ kind: 'fetch', skipIds: [] });
    expect(parseJob('{"kind":"add"}')).toBeNull();
    expect(parseJob('{"kind":"drop-table"}')).toBeNull();
    expect(parseJob('not json')).toBeNull();
    expect(parseJob(undefined)).toBeNull();
  });

  it('takes the last JSON line of the output, success or error; nothing when the child died', () => {
    const ok = { ok: true, fetch: null, removed: { id: 'arxiv:1', title: 'T' }, built: 'Indexed 9 papers' };
    expect(parseOutcome(`warning: something\n${JSON.stringify(ok)}\n`)).toEqual(ok);
    expect(parseOutcome('{"error":{"code":"shelf","message":"Another fetch is updating x"}}\n')).toEqual({
      ok: false,
      error: { code: 'shelf', message: 'Another fetch is updating x' },
    });
    expect(parseOutcome('')).toBeNull();
    expect(parseOutcome('{"half":')).toBeNull();
  });

  it('summarises a fetch in one line, naming at most three skipped papers', () => {
    const skipped = ['a', 'b', 'c', 'd'].map((id) => ({ id, reason: 'withdrawn on arXiv' }));
    expect(oneLine({ asked: 'cat:cs.LG', received: 9, added: [{ id: 'x', title: 'X' }], updated: [], unchanged: 4, skipped })).toBe(
      'added 1, updated 0, unchanged 4, skipped 4 (a: withdrawn on arXiv; b: withdrawn on arXiv; c: withdrawn on arXiv; …)',
    );
  });
});

describe('who may change the shelf', () => {
  it('Manage Server, or the SHELF_EDITOR_ROLE by name in any case; nobody else', () => {
    expect(mayEditShelf(true, [], undefined)).toBe(true);
    expect(mayEditShelf(false, ['Shelf Editors'], undefined)).toBe(false);
    expect(mayEditShelf(false, ['Shelf Editors'], 'shelf editors')).toBe(true);
    expect(mayEditShelf(false, ['Readers'], 'shelf editors')).toBe(false);
  });
});
