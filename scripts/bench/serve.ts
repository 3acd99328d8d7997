import type { LoadedIndex } from '../../src/index/load.js';
import { Librarian } from '../../src/answer/librarian.js';
import type { Embedder } from '../../src/embed/types.js';
import { benchQueries } from './queries.js';
import { measureRecall, type RecallResult } from './recall.js';
import { summarize } from './stats.js';
import type { QueryReport, Stage } from './report.js';

/**
 * Times questions through Librarian.ask (the bot's path minus Discord), stage by stage. An untimed
 * pass over other questions warms the JIT and the tokenizer caches first, as a running bot's would
 * be: the timed questions are not the warm-up ones, so no per-question cache flatters them.
 */
export async function measureQueries(shelf: Librarian, warmup: readonly string[], questions: readonly string[]): Promise<QueryReport> {
  for (const q of warmup) await shelf.ask(q);
  const samples: Record<Stage, number[]> = { embed: [], dense: [], lexical: [], fusion: [], quotes: [], search: [], total: [] };
  let abstained = 0;
  for (const q of questions) {
    const a = await shelf.ask(q);
    // Answer.timings is a loose record; a stage Librarian.ask did not report counts as 0.
    const t = (k: string): number => a.timings[k] ?? 0;
    samples.embed.push(t('embed'));
    samples.dense.push(t('dense'));
    samples.lexical.push(t('lexical'));
    samples.fusion.push(t('fusion'));
    samples.quotes.push(t('quotes'));
    samples.search.push(t('total') - t('embed'));
    samples.total.push(t('total'));
    if (a.abstained) abstained++;
  }
  return {
    count: questions.length,
    abstained,
    stages: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as QueryReport['stages'],
  };
}

/**
 * The first `count` questions warm up; the timed ones are the next `timedCount` (default `count`)
 * that are not among them.
 */
export function warmupAndTimed(all: readonly string[], count: number, timedCount = count): { warmup: string[]; timed: string[] } {
  const warmup = all.slice(0, count);
  const seen = new Set(warmup);
  return {
    warmup,
    timed: all
      .slice(count)
      .filter((q) => !seen.has(q))
      .slice(0, timedCount),
  };
}

export interface ServeResult {
  /** Constructing the Librarian on the loaded index (the background word model is built here). */
  shelfSeconds: number;
  /** The first warm-up question: lazily built structures and JIT warm-up, as the first user sees them. */
  firstQueryMs: number;
  queries: QueryReport;
  /** RSS after the queries, before the recall measurement reads every passage vector into one array. */
  rssEndBytes: number;
  recall: RecallResult;
}

/** Queries and HNSW recall on a loaded index; the questions come from its own papers. */
export async function measureServing(index: LoadedIndex, embedder: Embedder, count: number, seed: number): Promise<ServeResult> {
  const { warmup, timed: questions } = warmupAndTimed(benchQueries(index.papers, 3 * count, seed), count);
  let t = performance.now();
  const shelf = new Librarian(index, embedder);
  const shelfSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  await shelf.ask(warmup[0] ?? 'first question');
  const firstQueryMs = performance.now() - t;
  const queries = await measureQueries(shelf, warmup.slice(1), questions);
  const rssEndBytes = process.memoryUsage().rss;
  const recall = measureRecall(index, await embedder.embed(questions, 'query'));
  return { shelfSeconds, firstQueryMs, queries, rssEndBytes, recall };
}
