import { describe, expect, it } from 'vitest';
import { type ComposeInput, composeDigest, type RankedId } from '../../src/digest/compose.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-06-10T07:00:00Z');

const papers = [
  { id: 'old-a', firstSeenAt: NOW - 30 * 24 * HOUR },
  { id: 'old-b', firstSeenAt: NOW - 20 * 24 * HOUR },
  { id: 'old-c', firstSeenAt: NOW - 10 * 24 * HOUR },
  { id: 'new-1', firstSeenAt: NOW - 20 * HOUR },
  { id: 'new-2', firstSeenAt: NOW - 10 * HOUR },
  { id: 'new-3', firstSeenAt: NOW - 1 * HOUR },
];

/** Scores at or above this are what the stand-in search would cite (relevant). */
const RELEVANT_FROM = 0.3;

/** A stand-in ranker: fixed scores per id, as the search module would rank them for some topics, best first. */
function ranker(scores: Record<string, number>) {
  const calls: string[][] = [];
  const rank = (_topics: string, ids: string[]): RankedId[] => {
    calls.push(ids);
    return ids
      .filter((id) => id in scores)
      .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))
      .map((id) => ({ id, relevant: (scores[id] ?? 0) >= RELEVANT_FROM }));
  };
  return { rank, calls };
}

function input(overrides: Partial<ComposeInput>): ComposeInput {
  return {
    papers,
    lastDigestAt: NOW - 24 * HOUR,
    now: NOW,
    shown: new Set(),
    topics: null,
    rank: ranker({}).rank,
    ...overrides,
  };
}

describe('composeDigest — new papers', () => {
  it('without topics: papers seen since the last digest, newest first', () => {
    expect(composeDigest(input({ lastDigestAt: NOW - 15 * HOUR }))).toEqual({
      kind: 'new',
      paperIds: ['new-3', 'new-2'],
      newCycle: false,
    });
  });

  it('with topics: ranked by score, below-floor papers left out', () => {
    const { rank, calls } = ranker({ 'new-1': 0.9, 'new-2': 0.1, 'new-3': 0.5 });
    const digest = composeDigest(input({ topics: 'retrieval', rank }));
    expect(digest).toEqual({ kind: 'new', paperIds: ['new-1', 'new-3'], newCycle: false });
    expect(calls[0]?.sort()).toEqual(['new-1', 'new-2', 'new-3']);
  });

  it('caps at maxNew (default 5)', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, firstSeenAt: NOW - i * HOUR }));
    expect(composeDigest(input({ papers: many, lastDigestAt: NOW - 24 * HOUR })).paperIds).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(composeDigest(input({ papers: many, maxNew: 2 })).paperIds).toEqual(['p0', 'p1']);
  });

  it('a first digest counts papers of the last 24 hours as new', () => {
    expect(composeDigest(input({ lastDigestAt: null })).paperIds).toEqual(['new-3', 'new-2', 'new-1']);
    const older = papers.map((p) => ({ ...p, firstSeenAt: p.firstSeenAt - 25 * HOUR }));
    expect(composeDigest(input({ papers: older, lastDigestAt: null })).kind).toBe('archive');
  });

  it('a paper seen exactly at the last digest is not new (strictly after)', () => {
    const digest = composeDigest(input({ lastDigestAt: NOW - HOUR }));
    expect(digest.kind).toBe('archive');
  });

  it('never repeats a paper already shown in this cycle', () => {
    expect(composeDigest(input({ shown: new Set(['new-3']) })).paperIds).toEqual(['new-2', 'new-1']);
  });

  it('blank topics mean no topics', () => {
    const { rank, calls } = ranker({});
    expect(composeDigest(input({ topics: '   ', rank })).paperIds).toEqual(['new-3', 'new-2', 'new-1']);
    expect(calls).toHaveLength(0);
  });
});

describe('composeDigest — archive', () => {
  const nothingNew = { lastDigestAt: NOW };

  it('without topics: the oldest paper not yet shown', () => {
    expect(composeDigest(input({ ...nothingNew, shown: new Set(['old-a']) }))).toEqual({
      kind: 'archive',
      paperIds: ['old-b'],
      newCycle: false,
    });
  });

  it('with topics: the best match not yet shown, with no floor', () => {
    const { rank } = ranker({ 'old-a': 0.05, 'old-b': 0.2, 'old-c': 0.1, 'new-1': 0.15 });
    const digest = composeDigest(input({ ...nothingNew, topics: 'graphs', rank, shown: new Set(['old-b']) }));
    expect(digest).toEqual({ kind: 'archive', paperIds: ['new-1'], newCycle: false });
  });

  it('when new papers exist but none is relevant, falls back to the archive', () => {
    const { rank } = ranker({ 'new-1': 0.01, 'new-2': 0.02, 'new-3': 0.03, 'old-c': 0.25 });
    expect(composeDigest(input({ topics: 'graphs', rank }))).toEqual({
      kind: 'archive',
      paperIds: ['old-c'],
      newCycle: false,
    });
  });

  it('the archive prefers a relevant match to a better-ranked irrelevant one, and ignores ids that are not candidates', () => {
    const rank = (): RankedId[] => [
      { id: 'no-such-paper', relevant: true },
      { id: 'old-a', relevant: false },
      { id: 'old-c', relevant: true },
    ];
    expect(composeDigest(input({ ...nothingNew, topics: 'graphs', rank })).paperIds).toEqual(['old-c']);
    expect(composeDigest(input({ ...nothingNew, topics: 'graphs', rank, shown: new Set(['old-c']) })).paperIds).toEqual(['old-a']);
  });

  it('when the ranker scores nothing, takes the oldest unshown paper', () => {
    const { rank } = ranker({});
    expect(composeDigest(input({ ...nothingNew, topics: 'x', rank })).paperIds).toEqual(['old-a']);
  });

  it('when every paper was shown, starts a new cycle', () => {
    const all = new Set(papers.map((p) => p.id));
    expect(composeDigest(input({ ...nothingNew, shown: all }))).toEqual({
      kind: 'archive',
      paperIds: ['old-a'],
      newCycle: true,
    });
    const { rank } = ranker({ 'new-2': 0.7 });
    expect(composeDigest(input({ ...nothingNew, shown: all, topics: 't', rank }))).toEqual({
      kind: 'archive',
      paperIds: ['new-2'],
      newCycle: true,
    });
  });

  it('is deterministic whatever the input order', () => {
    const shuffled = [...papers].reverse();
    expect(composeDigest(input({ ...nothingNew, papers: shuffled }))).toEqual(composeDigest(input(nothingNew)));
    const tied = [
      { id: 'b', firstSeenAt: 1 },
      { id: 'a', firstSeenAt: 1 },
    ];
    expect(composeDigest(input({ papers: tied, lastDigestAt: NOW })).paperIds).toEqual(['a']);
  });

  it('an empty shelf gives an empty digest', () => {
    expect(composeDigest(input({ papers: [] }))).toEqual({ kind: 'empty', paperIds: [], newCycle: false });
  });
});
