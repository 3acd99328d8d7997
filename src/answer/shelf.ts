import type { Embedder } from '../embed/types.js';
import type { LoadedIndex } from '../index/load.js';
import { modelMismatch } from '../index/load.js';
import { tokenize } from '../search/tokenize.js';
import { searchPapers, type SearchMode } from '../search/search.js';
import { selectQuote, representativeSentence } from '../search/quote.js';
import { DEFAULT_MIN_COVERAGE, isRelevant, type AbstainThresholds } from '../search/abstain.js';
import { dot } from '../search/vector.js';
import { quoteItem, citedPaper, sentenceText } from './build.js';
import type { Answer, CitedPaper } from './types.js';

/** How many papers a digest's topics rank at most. */
export const TOPIC_RANK_DEPTH = 1000;

export interface AskOptions {
  k?: number;
  offset?: number;
  paperId?: string;
}

export interface ShelfAnswer extends Answer {
  /** Relevant papers in all, for "More results". */
  total: number;
}

/** A paper scored against a digest's topics. */
export interface TopicMatch {
  id: string;
  score: number;
  /** Passes the abstention rule (the same evidence /ask requires before quoting a paper). */
  relevant: boolean;
}

export interface SimilarPaper {
  paper: CitedPaper;
  keySentence: string;
  score: number;
}

/**
 * The shelf as the bot and the CLI see it: an index plus (when it matches) the model.
 * Swapping the index is a reference change, so a question already running finishes on the
 * index it started with.
 */
export class Shelf {
  private index: LoadedIndex;
  private denseOffReason: string | null = null;

  constructor(
    index: LoadedIndex,
    private readonly embedder: Embedder | null,
  ) {
    this.index = index;
    this.denseOffReason = this.checkModel(index);
  }

  get current(): LoadedIndex {
    return this.index;
  }

  get mode(): SearchMode {
    return this.denseOffReason === null ? 'hybrid' : 'lexical';
  }

  /** Why dense search is off (model missing or different from the index's), or null. */
  get warning(): string | null {
    return this.denseOffReason;
  }

  swap(index: LoadedIndex): void {
    this.denseOffReason = this.checkModel(index);
    this.index = index;
  }

  async ask(question: string, opts: AskOptions = {}): Promise<ShelfAnswer> {
    const index = this.index;
    const started = performance.now();
    const tokens = tokenize(question);
    let t = performance.now();
    const vector = this.mode === 'hybrid' && this.embedder ? ((await this.embedder.embed([question], 'query'))[0] ?? null) : null;
    const embedMs = performance.now() - t;
    const thresholds: AbstainThresholds = { minCoverage: DEFAULT_MIN_COVERAGE, minDense: vector ? (this.embedder?.minDenseScore ?? null) : null };
    const outcome = searchPapers(index, { tokens, vector }, {
      mode: this.mode,
      limit: opts.k ?? 5,
      offset: opts.offset ?? 0,
      ...(opts.paperId !== undefined ? { paperId: opts.paperId } : {}),
      abstain: thresholds,
    });
    t = performance.now();
    const items = outcome.hits.map((hit, i) => {
      const choice = selectQuote(index, hit.paper, { tokens, vector });
      return quoteItem(index, (opts.offset ?? 0) + i + 1, hit.paper, choice.passage, choice.sentence, hit.score);
    });
    const quotesMs = performance.now() - t;
    return {
      question,
      abstained: outcome.abstained,
      items,
      total: outcome.total,
      timings: {
        embed: round(embedMs),
        dense: round(outcome.timings.dense),
        lexical: round(outcome.timings.lexical),
        fusion: round(outcome.timings.fusion),
        quotes: round(quotesMs),
        total: round(performance.now() - started),
      },
    };
  }

  /**
   * The papers the hybrid search ranks for a digest's topics, best first, each marked relevant
   * or not by the abstention rule: the digests' relevance floor. New papers and the archive are
   * scored on one scale. Bounded to the best TOPIC_RANK_DEPTH: ranking a 20,000-paper shelf whole
   * would block the bot for seconds, and a paper below that depth is no match for the topics.
   */
  async rankPapers(topics: string): Promise<TopicMatch[]> {
    const index = this.index;
    const tokens = tokenize(topics);
    const vector = this.mode === 'hybrid' && this.embedder ? ((await this.embedder.embed([topics], 'query'))[0] ?? null) : null;
    const thresholds: AbstainThresholds = { minCoverage: DEFAULT_MIN_COVERAGE, minDense: vector ? (this.embedder?.minDenseScore ?? null) : null };
    const depth = Math.min(index.papers.length, TOPIC_RANK_DEPTH);
    const outcome = searchPapers(index, { tokens, vector }, { mode: this.mode, limit: depth, depth, abstain: null });
    return outcome.hits.map((hit) => ({
      id: index.papers[hit.paper]!.id,
      score: hit.score,
      relevant: isRelevant({ coverage: index.lexical.coverage(tokens, hit.paper), dense: hit.dense }, thresholds),
    }));
  }

  /** Nearest papers by meaning (paper vectors), each with its summary sentence. */
  similar(paperId: string, k = 5): SimilarPaper[] {
    const index = this.index;
    const target = index.paperIndexById.get(paperId);
    if (target === undefined) return [];
    const tv = index.paperVector(target);
    const scored: { paper: number; score: number }[] = [];
    for (let p = 0; p < index.papers.length; p++) if (p !== target) scored.push({ paper: p, score: dot(tv, index.paperVector(p)) });
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k).map(({ paper, score }) => ({
      paper: citedPaper(index.papers[paper]!),
      keySentence: sentenceText(index, representativeSentence(index, paper)),
      score,
    }));
  }

  private checkModel(index: LoadedIndex): string | null {
    if (!this.embedder) return 'No embedding model is loaded; dense search is off.';
    return modelMismatch(index.manifest, this.embedder);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
