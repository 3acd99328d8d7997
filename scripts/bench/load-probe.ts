/**
 * Child process of the benchmark: loads one index in a fresh process, as the bot does at start,
 * then runs the queries. A fresh process keeps the memory figure the index's own and the query
 * timings free of the garbage the build left in the parent.
 *   node --import tsx scripts/bench/load-probe.ts <INDEX_DIR> <MODEL> <QUERIES> <SEED>
 */
import { loadIndex } from '../../src/index/load.js';
import { createEmbedder } from '../../src/embed/embedder.js';
import { measureServing, type ServeResult } from './serve.js';

export interface LoadProbe extends ServeResult {
  loadSeconds: number;
  checksumSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** RSS before the index was loaded (node, tsx and the modules): the floor of any process. */
  baselineRssBytes: number;
  /** RSS right after the load, before the load's garbage (the files' raw text and buffers) is collected. */
  rssBeforeGcBytes: number;
  /** RSS after the queries (before the recall scan): index, model, Librarian and what answering left behind. */
  rssEndBytes: number;
}

async function main(): Promise<void> {
  const [dir, model, count, seed] = process.argv.slice(2);
  if (!dir || !model || !count || !seed) throw new Error('usage: load-probe.ts <INDEX_DIR> <MODEL> <QUERIES> <SEED>');
  const baselineRssBytes = process.memoryUsage().rss;
  const t = performance.now();
  const index = await loadIndex(dir);
  const loadSeconds = (performance.now() - t) / 1000;
  // Memory after the load, before the model and the queries add theirs: first as the load left it,
  // then after a full collection, which is what a serving bot keeps (--expose-gc, set by child.ts).
  const beforeGc = process.memoryUsage().rss;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const embedder = await createEmbedder({ model, allowRemoteModels: false });
  const serving = await measureServing(index, embedder, Number(count), Number(seed));
  const probe: LoadProbe = {
    loadSeconds,
    checksumSeconds: index.verifySeconds,
    rssBytes: m.rss,
    heapUsedBytes: m.heapUsed,
    externalBytes: m.external,
    arrayBuffersBytes: m.arrayBuffers,
    baselineRssBytes,
    rssBeforeGcBytes: beforeGc,
    ...serving,
  };
  process.stdout.write(`${JSON.stringify(probe)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
