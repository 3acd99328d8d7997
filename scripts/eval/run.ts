import { performance } from 'node:perf_hooks';
import type { Embedder } from '../../src/embed/types.js';
import type { FusionProfile } from '../../src/search/fuse.js';
import { DEFAULT_MIN_TOPICAL_SHARE } from '../../src/search/abstain.js';
import type { Collection } from '../../src/calibrate/collections.js';
import {
  chooseFloor,
  chooseShare,
  labelled,
  questionsFor,
  reportAbstention,
  type AbstentionRow,
  type Labelled,
} from '../../src/calibrate/abstention.js';
import { fusionLeaveOneOut, scoreFusionGrid, type FusionLoco } from '../../src/calibrate/fusion.js';
import { runLexicalLoco, type LexicalLoco } from './lexical-steps.js';
import { EVAL_LIMIT, prepare, runMode, time, type ModeResult, type Prepared, type Timing } from '../../src/calibrate/pipeline.js';

/** The page the bot asks for (`/ask` shows up to 5), for the latency a user sees. */
const BOT_LIMIT = 5;

export interface CollectionResult {
  name: string;
  docs: number;
  queries: number;
  build: { seconds: number; papers: number; passages: number };
  /** With the fusion profile chosen on the other collection (hybrid), no abstention. */
  modes: ModeResult[];
  /** Hybrid latency at the bot's page size (depth 50 instead of 1000). */
  botHybrid: Timing;
}

export interface EvalResult {
  protocol: {
    fields: string;
    gains: string;
    limit: number;
    emptyDocuments: string;
    queries: Record<string, string>;
    outOfSample: string;
  };
  model: { id: string; dimension: number; defaults: { fusion: FusionProfile; minDense: number | null; source: string } };
  collections: CollectionResult[];
  lexical: LexicalLoco;
  fusion: FusionLoco[];
  abstention: AbstentionRow[];
  /** The shipped rule (DEFAULT_MIN_TOPICAL_SHARE and the model's floor) on each shelf. */
  abstentionShipped: AbstentionRow[];
  /** What the same choice makes on all collections together: the shipped share is this one. */
  pooled: { minShare: number; minDense: number | null };
  seconds: number;
}

export interface EvalOptions {
  collections: readonly Collection[];
  embedder: Embedder;
  /** How the model is named in the report (default: the embedder's model id). */
  modelName?: string;
  /** Timed passes per query (median taken). */
  repeats?: number;
  onProgress?: (message: string) => void;
}

/**
 * Builds each collection's index; reports every choice leave-one-collection-out (lexical steps,
 * fusion profile, abstention thresholds: chosen on one collection, scored on the other) and the
 * results table with the out-of-sample fusion profile.
 */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  if (opts.collections.length < 2) throw new Error('leave-one-collection-out needs at least two collections');
  const started = performance.now();
  const log = opts.onProgress ?? (() => {});
  const repeats = opts.repeats ?? 3;
  const prepared: Prepared[] = [];
  try {
    log('lexical steps, leave-one-collection-out…');
    const lexical = runLexicalLoco(opts.collections);
    for (const c of opts.collections) {
      log(`${c.name}: building the index (${c.docs.length} documents)…`);
      prepared.push(await prepare(c, opts.embedder, repeats));
    }
    log('fusion profiles…');
    const fusion = fusionLeaveOneOut(prepared, scoreFusionGrid(prepared));

    const results: CollectionResult[] = prepared.map((p, i) => {
      const profile = { ...p.profile, fusion: fusion[i]!.fusion };
      log(`${p.collection.name}: running ${p.queries.length} queries…`);
      return {
        name: p.collection.name,
        docs: p.collection.docs.length,
        queries: p.queries.length,
        build: p.build,
        modes: (['lexical', 'dense', 'hybrid'] as const).map((mode) => runMode(p, mode, { profile }, repeats)),
        botHybrid: time(p, 'hybrid', { profile }, BOT_LIMIT, repeats),
      };
    });

    log('abstention…');
    const questions = await questionsFor(prepared, opts.embedder);
    const abstention: AbstentionRow[] = [];
    const abstentionShipped: AbstentionRow[] = [];
    const sets: Record<'lexical' | 'hybrid', Labelled[]> = {
      lexical: prepared.map((p, i) => labelled(p, questions[i]!, 'lexical')),
      hybrid: prepared.map((p, i) => labelled(p, questions[i]!, 'hybrid', fusion[i]!.fusion)),
    };
    const shipped = opts.embedder.relevance;
    const pooledShare = chooseShare(sets.lexical);
    const pooled = { minShare: pooledShare, minDense: chooseFloor(sets.hybrid, pooledShare) };
    prepared.forEach((p, test) => {
      const train = prepared.map((_, i) => i).filter((i) => i !== test);
      const trainedOn = train.map((i) => prepared[i]!.collection.name).join(' + ');
      const minShare = chooseShare(train.map((i) => sets.lexical[i]!));
      const minDense = chooseFloor(
        train.map((i) => sets.hybrid[i]!),
        minShare,
      );
      const fused = fusion[test]!.fusion;
      abstention.push(reportAbstention(p, questions[test]!, 'lexical', { minShare, minDense: null, fusion: fused }, trainedOn));
      abstention.push(reportAbstention(p, questions[test]!, 'hybrid', { minShare, minDense, fusion: fused }, trainedOn));
      const defaults = { minShare: DEFAULT_MIN_TOPICAL_SHARE, fusion: shipped.fusion };
      abstentionShipped.push(reportAbstention(p, questions[test]!, 'lexical', { ...defaults, minDense: null }, 'shipped defaults'));
      abstentionShipped.push(
        reportAbstention(p, questions[test]!, 'hybrid', { ...defaults, minDense: shipped.minDense }, 'shipped defaults'),
      );
    });

    return {
      protocol: {
        fields: 'title + authors + abstract (.T, .A, .W); abstracts split into passages for dense search',
        gains: 'binary (Cranfield codes 1-4 relevant, -1 not)',
        limit: EVAL_LIMIT,
        emptyDocuments: 'a document without title/abstract gets title "untitled <id>" and its title as abstract (Cranfield 471, 995)',
        queries: { Cranfield: '.W, renumbered 1..225 by position', CISI: '.T (when present) + .W, the queries with judgements' },
        outOfSample: 'every setting is chosen on the other collection(s) and scored on this one (leave-one-collection-out)',
      },
      model: {
        id: opts.modelName ?? opts.embedder.modelId,
        dimension: opts.embedder.dimension,
        defaults: {
          fusion: opts.embedder.relevance.fusion,
          minDense: opts.embedder.relevance.minDense,
          source: opts.embedder.relevance.source,
        },
      },
      collections: results,
      lexical,
      fusion,
      abstention,
      abstentionShipped,
      pooled,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const p of prepared) await p.dispose();
  }
}
