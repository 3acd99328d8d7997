import type { LoadedIndex } from '../index/load.js';
import { fuseRankings, type FusionProfile } from './fuse.js';
import { heldWhole, isEvidence, topicality, type RelevanceRule, type Topicality } from './abstain.js';
import { backgroundModel } from './background.js';

export type SearchMode = 'hybrid' | 'lexical' | 'dense';

export interface QueryInput {
  tokens: readonly string[];
  /** The embedded query; null when dense search is off. */
  vector: Float32Array | null;
}

/** How a model's results are fused and judged: from the model registry, or from `npm run calibrate`. */
export interface RelevanceProfile {
  fusion: FusionProfile;
  rule: RelevanceRule;
}

export interface SearchOptions {
  mode: SearchMode;
  /** Papers to return, after `offset`. */
  limit: number;
  offset?: number;
  /** Restrict the search to one paper. */
  paperId?: string;
  /** Candidates each retriever contributes; defaults to enough for the page asked for. */
  depth?: number;
  profile: RelevanceProfile;
  /**
   * 'drop' (answers): papers that are not evidence are left out, and no evidence at all is an
   * abstention. 'mark' (digest topics): every ranked paper is returned with its verdict.
   * 'off' (evaluation of ranking alone): no verdicts.
   */
  abstain: 'drop' | 'mark' | 'off';
}

export interface PaperHit {
  paper: number;
  score: number;
  /** Passes the relevance rule (always true with abstain 'off'). */
  evidence: boolean;
  /** Best passage cosine, when dense search ran. */
  dense: number | null;
}

export interface SearchOutcome {
  hits: PaperHit[];
  /** Papers found in all (for paging); with 'drop', only those that are evidence. */
  total: number;
  abstained: boolean;
  /** The question's topical share, and whether one of the first lexical papers holds it whole (see abstain.ts). */
  topicalShare: number;
  heldWhole: boolean;
  timings: { dense: number; lexical: number; fusion: number };
}

/** Lexical papers checked for holding the whole question. */
const WHOLE_QUESTION_DEPTH = 10;

interface DenseBest {
  score: number;
  passage: number;
}

/**
 * Ranks papers for a query: lexical (BM25 over papers) and dense (HNSW over passages, best
 * passage per paper) fused by the model's profile, then each paper judged by the relevance rule.
 */
export function searchPapers(index: LoadedIndex, query: QueryInput, opts: SearchOptions): SearchOutcome {
  const offset = opts.offset ?? 0;
  const want = offset + opts.limit;
  const depth = Math.max(opts.depth ?? 0, want, 50);
  const useDense = opts.mode !== 'lexical' && query.vector !== null;
  const useLexical = opts.mode !== 'dense';
  const restrict = opts.paperId === undefined ? undefined : index.paperIndexById.get(opts.paperId);
  const topic: Topicality = topicality(query.tokens, index.lexical, backgroundModel());
  const none = {
    hits: [],
    total: 0,
    abstained: true,
    topicalShare: topic.share,
    heldWhole: false,
    timings: { dense: 0, lexical: 0, fusion: 0 },
  };
  if (opts.paperId !== undefined && restrict === undefined) return none;

  let t = performance.now();
  const dense = useDense ? denseSearch(index, query.vector as Float32Array, depth, restrict) : new Map<number, DenseBest>();
  const denseMs = performance.now() - t;

  t = performance.now();
  let lexical: number[] = [];
  if (useLexical && query.tokens.length > 0) {
    if (restrict !== undefined) {
      if (query.tokens.some((term) => index.lexical.hasTerm(term, restrict))) lexical.push(restrict);
    } else {
      lexical = index.lexical.search(query.tokens, depth).map((hit) => hit.doc);
    }
  }
  const lexicalMs = performance.now() - t;

  t = performance.now();
  const denseList = [...dense.entries()].sort((a, b) => b[1].score - a[1].score).map(([id]) => id);
  const fused = fuseRankings(lexical, denseList, opts.profile.fusion, { lexical: useLexical, dense: useDense });
  if (restrict !== undefined && fused.length === 0) fused.push({ id: restrict, score: 0 });

  // The lexical head is where a paper holding the whole question would rank.
  const whole = lexical.slice(0, WHOLE_QUESTION_DEPTH).some((id) => heldWhole(topic, (term) => index.lexical.hasTerm(term, id)));
  const onTopic = topic.share >= opts.profile.rule.minTopicalShare || whole;
  const hits: PaperHit[] = [];
  let total = 0;
  for (const { id, score } of fused) {
    const best = dense.get(id);
    const denseScore = best ? best.score : null;
    const evidence =
      opts.abstain === 'off' ||
      isEvidence(
        { onTopic, hasShelfTerm: onTopic && topic.shelfTerms.some((term) => index.lexical.hasTerm(term, id)), dense: denseScore },
        opts.profile.rule,
      );
    if (opts.abstain === 'drop' && !evidence) continue;
    total++;
    if (total > offset && hits.length < opts.limit) hits.push({ paper: id, score, evidence, dense: denseScore });
  }
  const fusionMs = performance.now() - t;
  const abstained = opts.abstain === 'drop' ? total === 0 : !hits.some((h) => h.evidence);
  return {
    hits,
    total,
    abstained,
    topicalShare: topic.share,
    heldWhole: whole,
    timings: { dense: denseMs, lexical: lexicalMs, fusion: fusionMs },
  };
}

function denseSearch(index: LoadedIndex, vector: Float32Array, depth: number, restrict: number | undefined): Map<number, DenseBest> {
  const best = new Map<number, DenseBest>();
  const consider = (passage: number, score: number) => {
    const paper = index.docstore.passagePaper[passage] as number;
    const cur = best.get(paper);
    if (!cur || score > cur.score) best.set(paper, { score, passage });
  };
  if (restrict !== undefined) {
    const from = index.docstore.paperPassageFrom[restrict] as number;
    const to = index.docstore.paperPassageFrom[restrict + 1] as number;
    for (let p = from; p < to; p++) consider(p, index.passageDot(p, vector));
    return best;
  }
  const count = index.manifest.counts.passages;
  if (count === 0) return best;
  // Several passages per paper: ask for more passages than papers wanted.
  const k = Math.min(count, depth * 3);
  const { neighbors, distances } = index.searchPassages(vector, k);
  for (let i = 0; i < neighbors.length; i++) consider(neighbors[i] as number, 1 - (distances[i] as number));
  return best;
}
