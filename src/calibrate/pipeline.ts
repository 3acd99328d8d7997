/**
 * The evaluation pipeline through the bot's own code: a test collection becomes a shelf corpus
 * (papers.jsonl), buildIndex embeds its passages and writes an index, loadIndex reads it back,
 * and every judged query runs through searchPapers, ranking papers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildIndex } from '../index/build.js';
import { loadIndex, type LoadedIndex } from '../index/load.js';
import type { Embedder } from '../embed/types.js';
import { searchPapers, type RelevanceProfile, type SearchMode } from '../search/search.js';
import { DEFAULT_MIN_TOPICAL_SHARE } from '../search/abstain.js';
import { tokenize } from '../lexical/tokenize.js';
import { judgedQueries, type Collection, type EvalQuery, type Qrels } from './collections.js';
import { evaluateRuns, mean, percentile, type RunMetrics } from './metrics.js';
import { writeCorpus } from './papers.js';

/** Papers ranked per query: deep enough for MAP@1000. */
export const EVAL_LIMIT = 1000;

export interface PreparedQuery extends EvalQuery {
  vector: Float32Array;
  /** Median time to embed the query alone, as the bot does per question. */
  embedMs: number;
}

export interface Prepared {
  collection: Collection;
  index: LoadedIndex;
  queries: PreparedQuery[];
  /** Collection document id of each paper, by paper index. */
  docIds: number[];
  build: { seconds: number; papers: number; passages: number };
  /** The embedder's default profile, used when a run names none. */
  profile: RelevanceProfile;
  dispose(): Promise<void>;
}

export interface Latency {
  meanMs: number;
  p95Ms: number;
}

export interface ModeResult extends RunMetrics, Timing {
  mode: SearchMode;
}

/**
 * The first `docs` documents of a collection, with the judgements on them and only the queries
 * that still have a relevant document (for fast smoke runs).
 */
export function sliceCollection(c: Collection, docs: number): Collection {
  const kept = c.docs.slice(0, docs);
  const ids = new Set(kept.map((d) => d.id));
  const qrels: Qrels = new Map();
  for (const [q, rel] of c.qrels) {
    const onSlice = new Map([...rel].filter(([d]) => ids.has(d)));
    if (onSlice.size > 0) qrels.set(q, onSlice);
  }
  return { name: c.name, docs: kept, queries: c.queries.filter((q) => qrels.has(q.id)), qrels };
}

/** Writes the collection as a corpus in a temp folder and builds its index with `embedder`. */
export async function prepare(c: Collection, embedder: Embedder, repeats = 3): Promise<Prepared> {
  const dir = await mkdtemp(join(tmpdir(), 'papershelf-eval-'));
  try {
    const corpusPath = join(dir, 'papers.jsonl');
    await writeCorpus(c, corpusPath);
    const t = performance.now();
    const summary = await buildIndex({ corpusPath, indexDir: join(dir, 'index'), embedder });
    const seconds = (performance.now() - t) / 1000;
    const index = await loadIndex(join(dir, 'index'));
    const byId = new Map(c.docs.map((d) => [`${d.id}`, d.id]));
    const docIds = index.papers.map((p) => byId.get(p.id.slice(p.id.indexOf(':') + 1)) as number);
    const queries: PreparedQuery[] = [];
    for (const q of judgedQueries(c)) {
      const times: number[] = [];
      let vector: Float32Array | undefined;
      for (let r = 0; r <= repeats; r++) {
        const start = performance.now();
        vector = (await embedder.embed([q.text], 'query'))[0];
        if (r > 0) times.push(performance.now() - start); // the first call warms up
      }
      queries.push({ ...q, vector: vector as Float32Array, embedMs: percentile(times, 50) });
    }
    return {
      collection: c,
      index,
      queries,
      docIds,
      build: { seconds, papers: summary.papers, passages: summary.passages },
      profile: defaultProfile(embedder),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The fusion profile to rank with; defaults to the model's own (its registry entry). */
export interface RunOptions {
  profile?: RelevanceProfile;
}

/** The profile the product uses for this embedder without calibration. */
export function defaultProfile(embedder: Embedder): RelevanceProfile {
  return { fusion: embedder.relevance.fusion, rule: { minTopicalShare: DEFAULT_MIN_TOPICAL_SHARE, minDense: embedder.relevance.minDense } };
}

/** Rankings (collection doc ids, best first) for every judged query. */
export function rank(p: Prepared, mode: SearchMode, opts: RunOptions = {}): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (const q of p.queries) runs.set(q.id, search(p, q, mode, opts));
  return runs;
}

function search(p: Prepared, q: PreparedQuery, mode: SearchMode, opts: RunOptions, limit = EVAL_LIMIT): number[] {
  const tokens = tokenize(q.text); // timed as part of the search, as the bot does per question
  const profile = opts.profile ?? p.profile;
  const out = searchPapers(p.index, { tokens, vector: mode === 'lexical' ? null : q.vector }, { mode, limit, profile, abstain: 'off' });
  return out.hits.map((h) => p.docIds[h.paper]!);
}

export interface Timing {
  /** tokenize + searchPapers. */
  search: Latency;
  /** Query embedding + the above (dense and hybrid only). */
  withEmbedding: Latency | null;
}

/**
 * Latency of one mode at a page size: per query the median of `repeats` timed calls, then mean
 * and p95 over queries. Run after a warm-up pass (`rank`), so JIT compilation is not timed.
 */
export function time(p: Prepared, mode: SearchMode, opts: RunOptions = {}, limit = EVAL_LIMIT, repeats = 3): Timing {
  const perQuery = p.queries.map((q) => {
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      search(p, q, mode, opts, limit);
      times.push(performance.now() - start);
    }
    return percentile(times, 50);
  });
  const latency = (xs: number[]): Latency => ({ meanMs: mean(xs), p95Ms: percentile(xs, 95) });
  return {
    search: latency(perQuery),
    withEmbedding: mode === 'lexical' ? null : latency(perQuery.map((ms, i) => ms + p.queries[i]!.embedMs)),
  };
}

/** Metrics of one mode over the judged queries, with its latency at the eval depth. */
export function runMode(p: Prepared, mode: SearchMode, opts: RunOptions = {}, repeats = 3): ModeResult {
  const runs = rank(p, mode, opts); // doubles as the warm-up pass
  return { mode, ...evaluateRuns(runs, p.collection.qrels), ...time(p, mode, opts, EVAL_LIMIT, repeats) };
}
