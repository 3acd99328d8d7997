/**
 * What goes into a channel's digest. Pure: the caller provides the shelf, the channel's history and
 * a topic ranker (the search module's job), and gets back paper ids in posting order.
 */

export interface DigestPaper {
  id: string;
  /** When the paper first appeared on the shelf, epoch ms. */
  firstSeenAt: number;
}

export interface RankedId {
  id: string;
  score: number;
}

export interface ComposeInput {
  papers: readonly DigestPaper[];
  /**
   * When this channel's last digest was composed (the store's lastSent(...).claimedAt), or null
   * before its first digest.
   */
  lastDigestAt: number | null;
  /** The composition time, epoch ms: the first digest counts papers of the last 24 h as new. */
  now: number;
  /** Papers shown to this channel in the current cycle (store.shownPaperIds). */
  shown: ReadonlySet<string>;
  /** The subscription's topics; null or blank means "no topics": newest first, no relevance floor. */
  topics: string | null;
  /** Scores candidates against the topics; higher is better. Ids it omits count as irrelevant. */
  rank: (topics: string, candidateIds: string[]) => RankedId[];
  /** With topics, a new paper scoring below this is left out of the digest. */
  relevanceFloor: number;
  /** At most this many new papers per digest (default 5). */
  maxNew?: number;
}

export interface ComposedDigest {
  /** new: papers new since the last digest; archive: one not-yet-shown older paper; empty: empty shelf. */
  kind: 'new' | 'archive' | 'empty';
  paperIds: string[];
  /**
   * Every paper had been shown, so the archive started over: call store.startNewCycle(channel)
   * before recording this digest (markSent) so its paper counts in the new cycle.
   */
  newCycle: boolean;
}

/** Papers of the last day count as new for a channel's first digest, so it does not open empty-handed. */
export const FIRST_DIGEST_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Newest first, id as the tie-break so the order never depends on input order. */
const newestFirst = (a: DigestPaper, b: DigestPaper) => b.firstSeenAt - a.firstSeenAt || compareIds(a.id, b.id);
const oldestFirst = (a: DigestPaper, b: DigestPaper) => a.firstSeenAt - b.firstSeenAt || compareIds(a.id, b.id);

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ranks candidates by topic score (best first; ties: newest, then id), dropping ids the ranker omits. */
function byTopic(candidates: readonly DigestPaper[], topics: string, rank: ComposeInput['rank'], floor: number | null): DigestPaper[] {
  if (candidates.length === 0) return [];
  const scores = new Map<string, number>();
  for (const { id, score } of rank(
    topics,
    candidates.map((p) => p.id),
  )) {
    if (Number.isFinite(score) && !scores.has(id)) scores.set(id, score);
  }
  return candidates
    .filter((p) => scores.has(p.id) && (floor === null || (scores.get(p.id) ?? -Infinity) >= floor))
    .sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || newestFirst(a, b));
}

/**
 * New papers first (seen after the last digest, or in the last 24 h for a first digest), ranked by
 * the topics above the relevance floor, or newest first without topics, capped at maxNew.
 * Nothing new (or nothing relevant) → one paper the channel has not been shown in this cycle: the
 * best topic match (no floor: a daily post is better than none), or the oldest without topics.
 * Everything shown → the cycle starts over (newCycle) and the pick is made among all papers.
 */
export function composeDigest(input: ComposeInput): ComposedDigest {
  const { papers, shown, rank, relevanceFloor } = input;
  const topics = input.topics?.trim() || null;
  const maxNew = Math.max(1, Math.floor(input.maxNew ?? 5));
  if (papers.length === 0) return { kind: 'empty', paperIds: [], newCycle: false };

  const since = input.lastDigestAt ?? input.now - FIRST_DIGEST_WINDOW_MS;
  // A paper already shown in this cycle is never repeated, even if its firstSeenAt says "new".
  const fresh = papers.filter((p) => p.firstSeenAt > since && !shown.has(p.id));
  const newPicks = topics ? byTopic(fresh, topics, rank, relevanceFloor) : [...fresh].sort(newestFirst);
  if (newPicks.length > 0) {
    return { kind: 'new', paperIds: newPicks.slice(0, maxNew).map((p) => p.id), newCycle: false };
  }

  const unshown = papers.filter((p) => !shown.has(p.id));
  const newCycle = unshown.length === 0;
  const pool = newCycle ? papers : unshown;
  const ranked = topics ? byTopic(pool, topics, rank, null) : [];
  // The ranker may score nothing (e.g. no overlap at all): fall back to the oldest, deterministically.
  const pick = ranked[0] ?? [...pool].sort(oldestFirst)[0];
  return pick ? { kind: 'archive', paperIds: [pick.id], newCycle } : { kind: 'empty', paperIds: [], newCycle: false };
}
