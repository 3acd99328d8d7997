import { performance } from 'node:perf_hooks';
import type { Embedder } from '../../src/embed/types.js';
import { DEFAULT_FUSION } from '../../src/search/fuse.js';
import { DEFAULT_WEIGHTS } from '../../src/search/search.js';
import type { Collection } from './collections.js';
import { compareFusion, type FusionRow } from './fusion.js';
import { EVAL_LIMIT, prepare, runMode, time, type ModeResult, type Timing } from './pipeline.js';

/** The page the bot asks for (`/ask` shows up to 5), for the latency a user sees. */
const BOT_LIMIT = 5;

export interface CollectionResult {
  name: string;
  docs: number;
  queries: number;
  build: { seconds: number; papers: number; passages: number };
  modes: ModeResult[];
  /** Hybrid latency at the bot's page size (depth 50 instead of 1000). */
  botHybrid: Timing;
}

export interface EvalResult {
  protocol: {
    fields: string;
    gains: string;
    limit: number;
    abstain: null;
    emptyDocuments: string;
    queries: Record<string, string>;
  };
  model: { id: string; dimension: number };
  fusion: { rule: typeof DEFAULT_FUSION; weights: typeof DEFAULT_WEIGHTS };
  collections: CollectionResult[];
  /** Present when the fusion comparison ran. */
  fusionComparison?: { collections: string[]; rows: FusionRow[] };
  seconds: number;
}

export interface EvalOptions {
  collections: readonly Collection[];
  embedder: Embedder;
  /** How the model is named in the report (default: the embedder's model id). */
  modelName?: string;
  fusion?: boolean;
  /** Timed passes per query (median taken). */
  repeats?: number;
  onProgress?: (message: string) => void;
}

/** Builds each collection's index and measures lexical, dense and hybrid; optionally compares fusion rules. */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  const started = performance.now();
  const log = opts.onProgress ?? (() => {});
  const repeats = opts.repeats ?? 3;
  const prepared = [];
  const results: CollectionResult[] = [];
  try {
    for (const c of opts.collections) {
      log(`${c.name}: building the index (${c.docs.length} documents)…`);
      const p = await prepare(c, opts.embedder, repeats);
      prepared.push(p);
      log(`${c.name}: built in ${p.build.seconds.toFixed(1)} s; running ${p.queries.length} queries…`);
      const modes = (['lexical', 'dense', 'hybrid'] as const).map((mode) => runMode(p, mode, {}, repeats));
      results.push({
        name: c.name,
        docs: c.docs.length,
        queries: p.queries.length,
        build: p.build,
        modes,
        botHybrid: time(p, 'hybrid', {}, BOT_LIMIT, repeats),
      });
    }
    let fusionComparison: EvalResult['fusionComparison'];
    if (opts.fusion) {
      log('comparing fusion rules…');
      const lexical = results.map((r) => r.modes.find((m) => m.mode === 'lexical')!);
      fusionComparison = { collections: results.map((r) => r.name), rows: compareFusion(prepared, lexical) };
    }
    return {
      protocol: {
        fields: 'title + authors + abstract (.T, .A, .W); abstracts split into passages for dense search',
        gains: 'binary (Cranfield codes 1-4 relevant, -1 not)',
        limit: EVAL_LIMIT,
        abstain: null,
        emptyDocuments: 'a document without title/abstract gets title "untitled <id>" and its title as abstract (Cranfield 471, 995)',
        queries: { Cranfield: '.W, renumbered 1..225 by position', CISI: '.T (when present) + .W, the queries with judgements' },
      },
      model: { id: opts.modelName ?? opts.embedder.modelId, dimension: opts.embedder.dimension },
      fusion: { rule: DEFAULT_FUSION, weights: DEFAULT_WEIGHTS },
      collections: results,
      ...(fusionComparison ? { fusionComparison } : {}),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const p of prepared) await p.dispose();
  }
}
