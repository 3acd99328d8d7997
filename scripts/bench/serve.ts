import type { LoadedIndex } from '../../src/index/load.js';
import { Shelf } from '../../src/answer/shelf.js';
import type { Embedder } from '../../src/embed/types.js';
import { benchQueries } from './queries.js';
import { measureRecall, type RecallResult } from './recall.js';
import { summarize } from './stats.js';
import type { QueryReport, Stage } from './report.js';

/** Times `count` questions through Shelf.ask (the bot's path minus Discord), stage by stage. */
export async function measureQueries(
  index: LoadedIndex,
  embedder: Embedder,
  model: string,
  questions: readonly string[],
): Promise<QueryReport> {
  const shelf = new Shelf(index, embedder);
  // One untimed pass warms the JIT and the tokenizer caches, as a running bot's would be.
  for (const q of questions) await shelf.ask(q);
  const samples: Record<Stage, number[]> = { embed: [], dense: [], lexical: [], fusion: [], quotes: [], search: [], total: [] };
  let abstained = 0;
  for (const q of questions) {
    const a = await shelf.ask(q);
    // Answer.timings is a loose record; a stage Shelf.ask did not report counts as 0.
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

export interface ServeResult {
  queries: QueryReport;
  recall: RecallResult;
}

/** Queries and HNSW recall on a loaded index; the questions come from its own papers. */
export async function measureServing(
  index: LoadedIndex,
  embedder: Embedder,
  model: string,
  count: number,
  seed: number,
): Promise<ServeResult> {
  const questions = benchQueries(index.papers, count, seed);
  const queries = await measureQueries(index, embedder, model, questions);
  const recall = measureRecall(index, await embedder.embed(questions, 'query'));
  return { queries, recall };
}
