import type { Embedder } from '../embed/types.js';
import type { LoadedIndex } from '../index/load.js';
import { modelMismatch } from '../index/load.js';
import { tokenize } from '../lexical/tokenize.js';
import { searchPapers, type RelevanceProfile, type SearchMode } from '../search/search.js';
import { selectQuote, representativeSentence } from '../search/quote.js';
import { DEFAULT_MIN_TOPICAL_SHARE } from '../search/abstain.js';
import { backgroundModel } from '../search/background.js';
import { quoteItem, sentenceText } from './quote-item.js';
import { citedPaper } from './display.js';
import { ShelfSnapshot, type PaperSummary } from './snapshot.js';
import type { Answer } from './types.js';

/** The longest question `/ask` and `npm run ask` take (Discord's option limit, applied to both alike). */
export const QUESTION_MAX_CHARS = 300;

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

export interface SimilarPaper extends PaperSummary {
  score: number;
}

/**
 * The query façade: answers questions about the shelf (the papers) from its loaded index plus
 * (when it matches) the model, as the bot and the CLI ask them. Not the corpus file itself.
 * Swapping the index is a reference change, so a question already running finishes on the
 * index it started with.
 */
export class Librarian {
  private index: LoadedIndex;
  private view: ShelfSnapshot;
  private denseOffReason: string | null = null;

  constructor(
    index: LoadedIndex,
    private readonly embedder: Embedder | null,
  ) {
    this.index = index;
    this.view = new ShelfSnapshot(index);
    this.denseOffReason = this.checkModel(index);
    // Built once per process, at start-up rather than inside the first question.
    backgroundModel();
  }

  /**
   * What is on the index being served (papers, counts, first-seen times, model), read from that one
   * index even if the shelf swaps meanwhile. One object per index, so it can key a per-index cache.
   */
  snapshot(): ShelfSnapshot {
    return this.view;
  }

  /**
   * How results are fused and judged: the index's calibration when it was measured for this
   * model (`npm run calibrate`), else the model registry's defaults.
   */
  get relevance(): RelevanceProfile & { source: 'calibrated' | 'model defaults' } {
    const calibration = this.index.manifest.calibration;
    const fallback = this.embedder?.relevance ?? { minDense: null, fusion: { denseWeight: 0, k: 60, pool: null } };
    const calibrated = calibration !== undefined && this.embedder !== null && calibration.model.fingerprint === this.embedder.fingerprint;
    const chosen = calibrated ? calibration : fallback;
    return {
      fusion: chosen.fusion,
      rule: { minTopicalShare: DEFAULT_MIN_TOPICAL_SHARE, minDense: chosen.minDense },
      source: calibrated ? 'calibrated' : 'model defaults',
    };
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
    this.view = new ShelfSnapshot(index);
  }

  async ask(question: string, opts: AskOptions = {}): Promise<ShelfAnswer> {
    const index = this.index;
    const started = performance.now();
    const tokens = tokenize(question);
    let t = performance.now();
    const vector = this.mode === 'hybrid' && this.embedder ? ((await this.embedder.embed([question], 'query'))[0] ?? null) : null;
    const embedMs = performance.now() - t;
    const outcome = searchPapers(
      index,
      { tokens, vector },
      {
        mode: this.mode,
        limit: opts.k ?? 5,
        offset: opts.offset ?? 0,
        ...(opts.paperId !== undefined ? { paperId: opts.paperId } : {}),
        profile: this.relevance,
        abstain: 'drop',
      },
    );
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
    const depth = Math.min(index.papers.length, TOPIC_RANK_DEPTH);
    const outcome = searchPapers(
      index,
      { tokens, vector },
      { mode: this.mode, limit: depth, depth, profile: this.relevance, abstain: 'mark' },
    );
    return outcome.hits.map((hit) => ({ id: index.papers[hit.paper]!.id, score: hit.score, relevant: hit.evidence }));
  }

  /** Nearest papers by meaning (paper vectors), each with its summary sentence. */
  similar(paperId: string, k = 5): SimilarPaper[] {
    const index = this.index;
    const target = index.paperIndexById.get(paperId);
    if (target === undefined) return [];
    const tv = index.paperVector(target);
    const scored: { paper: number; score: number }[] = [];
    for (let p = 0; p < index.papers.length; p++) if (p !== target) scored.push({ paper: p, score: index.paperDot(p, tv) });
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
