/**
 * One channel's next digest, platform-neutral: the shelf and the channel's history in, the papers
 * to post (with their key sentences) out. Shared by the scheduler and /digest preview, so a
 * preview is exactly what the next post would be.
 */

import type { Librarian, TopicMatch } from '../answer/librarian.js';
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

/** The topic search's order and verdicts, as composeDigest's ranker: a lookup, since the search already ran. */
function topicRanker(matches: readonly TopicMatch[]): ComposeInput['rank'] {
  return (_topics, ids) => {
    const candidates = new Set(ids);
    return matches.filter((m) => candidates.has(m.id)).map((m) => ({ id: m.id, relevant: m.relevant }));
  };
}

/** What the channel's digest would post at `now`. Reads the store, never writes it. */
export async function prepareDigest(shelf: Librarian, store: DigestStore, sub: Subscription, now: number): Promise<PreparedDigest> {
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
  });
  const entries = composed.paperIds.flatMap((id) => {
    const entry = view.summary(id);
    return entry === null ? [] : [entry];
  });
  return { kind: composed.kind, entries, paperIds: entries.map((e) => e.paper.id), newCycle: composed.newCycle, topics };
}
