/**
 * What goes into a channel's digest. Pure: the caller provides the shelf, the channel's history and
 * a topic ranker (the search module's job), and gets back paper ids in posting order.
 */

export interface DigestPaper {
  id: string;
  /** When the paper first appeared on the shelf, epoch ms. */
  firstSeenAt: number;
}

/** A candidate the ranker matched to the topics; `relevant`: the search would cite it for them. */
export interface RankedId {
  id: string;
  relevant: boolean;
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
  /** The candidates matching the topics, best first. Ids it omits count as irrelevant. */
  rank: (topics: string, candidateIds: string[]) => RankedId[];
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

/**
 * The candidates the ranker matched, in its order, relevant ones and the others apart; ids it
 * omits are dropped, and only candidates come back whatever the ranker returns.
 */
function byTopic(
  candidates: readonly DigestPaper[],
  topics: string,
  rank: ComposeInput['rank'],
): { relevant: DigestPaper[]; others: DigestPaper[] } {
  const out = { relevant: [] as DigestPaper[], others: [] as DigestPaper[] };
  if (candidates.length === 0) return out;
  const byId = new Map(candidates.map((p) => [p.id, p]));
  for (const { id, relevant } of rank(
    topics,
    candidates.map((p) => p.id),
  )) {
    const paper = byId.get(id);
    if (paper === undefined) continue;
    byId.delete(id);
    (relevant ? out.relevant : out.others).push(paper);
  }
  return out;
}

/**
 * New papers first (seen after the last digest, or in the last 24 h for a first digest): the
 * relevant ones in the topics' order, or newest first without topics, capped at maxNew.
 * Nothing new (or nothing relevant) → one paper the channel has not been shown in this cycle: the
 * best topic match (relevant or not: a daily post is better than none), or the oldest without topics.
 * Everything shown → the cycle starts over (newCycle) and the pick is made among all papers.
 */
export function composeDigest(input: ComposeInput): ComposedDigest {
  const { papers, shown, rank } = input;
  const topics = input.topics?.trim() || null;
  const maxNew = Math.max(1, Math.floor(input.maxNew ?? 5));
  if (papers.length === 0) return { kind: 'empty', paperIds: [], newCycle: false };

  const since = input.lastDigestAt ?? input.now - FIRST_DIGEST_WINDOW_MS;
  // A paper already shown in this cycle is never repeated, even if its firstSeenAt says "new".
  const fresh = papers.filter((p) => p.firstSeenAt > since && !shown.has(p.id));
  const newPicks = topics ? byTopic(fresh, topics, rank).relevant : [...fresh].sort(newestFirst);
  if (newPicks.length > 0) {
    return { kind: 'new', paperIds: newPicks.slice(0, maxNew).map((p) => p.id), newCycle: false };
  }

  const unshown = papers.filter((p) => !shown.has(p.id));
  const newCycle = unshown.length === 0;
  const pool = newCycle ? papers : unshown;
  const matched = topics ? byTopic(pool, topics, rank) : null;
  const ranked = matched ? [...matched.relevant, ...matched.others] : [];
  // The ranker may score nothing (e.g. no overlap at all): fall back to the oldest, deterministically.
  const pick = ranked[0] ?? [...pool].sort(oldestFirst)[0];
  return pick ? { kind: 'archive', paperIds: [pick.id], newCycle } : { kind: 'empty', paperIds: [], newCycle: false };
}
