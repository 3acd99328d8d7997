/**
 * One channel's next digest, platform-neutral: the shelf and the channel's history in, the papers
 * to post (with their key sentences) out. Shared by the scheduler and /digest preview, so a
 * preview is exactly what the next post would be.
 */

import type { Shelf, TopicMatch } from '../answer/shelf.js';
import { citedPaper, sentenceText } from '../answer/build.js';
import type { CitedPaper } from '../answer/types.js';
import { representativeSentence } from '../search/quote.js';
import { composeDigest, type ComposeInput, type ComposedDigest } from './compose.js';
import type { DigestStore, Subscription } from './store.js';

export interface DigestEntry {
  paper: CitedPaper;
  /** The abstract's sentence closest to the whole abstract, readable. */
  keySentence: string;
}

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
  const index = shelf.current;
  const firstSeen = index.manifest.firstSeen;
  const topics = sub.topics?.trim() || null;
  // The search is async (embedding the topics); composeDigest's ranker is a lookup into its result.
  const rank = topics ? topicRanker(await shelf.rankPapers(topics)) : () => [];
  const composed = composeDigest({
    papers: index.papers.map((p) => ({ id: p.id, firstSeenAt: Date.parse(firstSeen[p.id] ?? index.manifest.builtAt) })),
    lastDigestAt: store.lastSent(sub.channelId)?.claimedAt ?? null,
    now,
    shown: store.shownPaperIds(sub.channelId),
    topics,
    rank,
    relevanceFloor: RELEVANCE_FLOOR,
  });
  const entries = composed.paperIds.flatMap((id) => {
    const i = index.paperIndexById.get(id);
    if (i === undefined) return [];
    return [{ paper: citedPaper(index.papers[i]!), keySentence: sentenceText(index, representativeSentence(index, i)) }];
  });
  return { kind: composed.kind, entries, paperIds: entries.map((e) => e.paper.id), newCycle: composed.newCycle, topics };
}
