/**
 * One channel's next digest, platform-neutral: the shelf and the channel's history in, the papers
 * to post (with their key sentences) out. Shared by the scheduler and /digest preview, so a
 * preview is exactly what the next post would be.
 */

import type { Shelf, TopicMatch } from '../answer/shelf.js';
import type { PaperSummary } from '../answer/snapshot.js';
import { composeDigest, type ComposeInput, type ComposedDigest } from './compose.js';
import type { DigestStore, Subscription } from './store.js';

/** A paper to post, with its key sentence (the abstract's sentence closest to the whole abstract). */
export type DigestEntry = PaperSummary;

export interface PreparedDigest {
  kind: ComposedDigest['kind'];
  entries: DigestEntry[];
  paperIds: string[];
  /** The archive starts over with this digest (store.startNewCycle before markSent). */
  newCycle: boolean;
  topics: string | null;
}

/**
 * Relevant papers score above 1, the others below, each by its rank in the topic search: so the
 * floor at 1 is exactly the abstention rule, and the archive pick (no floor) is still the best match.
 */
export const RELEVANCE_FLOOR = 1;

function topicRanker(matches: readonly TopicMatch[]): ComposeInput['rank'] {
  const scores = new Map(matches.map((m, i) => [m.id, (m.relevant ? RELEVANCE_FLOOR : 0) + (matches.length - i) / (matches.length + 1)]));
  return (_topics, ids) =>
    ids.flatMap((id) => {
      const score = scores.get(id);
      return score === undefined ? [] : [{ id, score }];
    });
}

/** What the channel's digest would post at `now`. Reads the store, never writes it. */
export async function prepareDigest(shelf: Shelf, store: DigestStore, sub: Subscription, now: number): Promise<PreparedDigest> {
  // One index throughout, though the ranking awaits: the candidates, their ranks and entries agree.
  const view = shelf.snapshot();
  const topics = sub.topics?.trim() || null;
  // The search is async (embedding the topics); composeDigest's ranker is a lookup into its result.
  const rank = topics ? topicRanker(await shelf.rankPapers(topics)) : () => [];
  const composed = composeDigest({
    papers: view.papers.map((p) => ({ id: p.id, firstSeenAt: Date.parse(view.firstSeen(p.id) ?? view.builtAt) })),
    lastDigestAt: store.lastSent(sub.channelId)?.claimedAt ?? null,
    now,
    shown: store.shownPaperIds(sub.channelId),
    topics,
    rank,
    relevanceFloor: RELEVANCE_FLOOR,
  });
  const entries = composed.paperIds.flatMap((id) => {
    const entry = view.summary(id);
    return entry === null ? [] : [entry];
  });
  return { kind: composed.kind, entries, paperIds: entries.map((e) => e.paper.id), newCycle: composed.newCycle, topics };
}
