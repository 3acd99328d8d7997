import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createEmbedder } from '../../src/embed/embedder.js';
import { buildIndex } from '../../src/index/build.js';
import type { Embedder } from '../../src/embed/types.js';
import { syntheticShelf, writeShelf } from './corpus.js';
import { ensureCostEquivalentModel } from './models.js';
import { benchQueries } from './queries.js';
import { warmupAndTimed } from './serve.js';
import { summarize } from './stats.js';
import {
  BOT_PATH_NOT_MEASURED,
  costChecks,
  type BotPathReport,
  buildReport,
  type BuildReport,
  type CostBuildReport,
  type CostReport,
} from './report.js';
import type { BotPathContext } from './bot-path.js';
import type { CostModelConfig } from './cost-model.js';

export interface CostOptions {
  /** Shelves (paper counts) fully built with the cost model (the issue asks for 5,000 and 20,000). */
  sizes: readonly number[];
  /** Questions embedded one at a time for the latency figures. */
  queries: number;
  workDir: string;
  seed: number;
  log: (line: string) => void;
  measureBotPath?: (ctx: BotPathContext) => Promise<BotPathReport>;
  /** Where generated models are cached (default .cache; the model goes to cost-model/all-MiniLM-L6-v2 in it). */
  cacheDir?: string;
  /** Another architecture than MiniLM's: only for tests, which need a fast model. */
  config?: CostModelConfig;
}

/** A full build with its phases, as the per-size table reports them. */
export async function timedBuild(corpusPath: string, indexDir: string, embedder: Embedder, modelLoadSeconds: number): Promise<BuildReport> {
  const cpu = process.cpuUsage();
  const built = await buildIndex({ corpusPath, indexDir, embedder });
  return buildReport(built, process.cpuUsage(cpu), modelLoadSeconds);
}

/**
 * What the real model's work costs, with the cost-equivalent MiniLM: query-embedding latency,
 * embedding throughput, full builds, and the bot path answering with it.
 */
export async function measureCost(opts: CostOptions): Promise<CostReport> {
  const { log } = opts;
  log('cost-equivalent model (all-MiniLM-L6-v2 architecture, random weights): generate or reuse');
  const ensured = ensureCostEquivalentModel(opts.cacheDir, opts.config);
  const model = ensured.dir;
  let t = performance.now();
  const embedder = await createEmbedder({ model, allowRemoteModels: false });
  const loadSeconds = (performance.now() - t) / 1000;

  log(`cost model: ${opts.queries} questions embedded one at a time`);
  const { warmup, timed } = warmupAndTimed(benchQueries(syntheticShelf(500, opts.seed), 3 * opts.queries, opts.seed + 11), opts.queries);
  for (const q of warmup) await embedder.embed([q], 'query');
  const samples: number[] = [];
  for (const q of timed) {
    t = performance.now();
    await embedder.embed([q], 'query');
    samples.push(performance.now() - t);
  }

  const builds: CostBuildReport[] = [];
  const dirs: string[] = [];
  for (const papers of [...opts.sizes].sort((a, b) => a - b)) {
    const dir = join(opts.workDir, `cost-shelf-${papers}`);
    await mkdir(dir, { recursive: true });
    await writeShelf(join(dir, 'papers.jsonl'), papers, opts.seed);
    log(`[cost ${papers}] full build with the cost model`);
    const build = await timedBuild(join(dir, 'papers.jsonl'), join(dir, 'index'), embedder, loadSeconds);
    builds.push({ papers, vectors: build.textsEmbedded, build });
    dirs.push(dir);
    log(`[cost ${papers}]   ${build.seconds.toFixed(1)} s, ${Math.round(build.textsPerSecond)} texts/s`);
  }

  let botPath: BotPathReport = { status: BOT_PATH_NOT_MEASURED };
  if (opts.measureBotPath && dirs[0] !== undefined && (await stat(join(dirs[0], 'index')).catch(() => null))) {
    log(`[cost ${builds[0]!.papers}] bot path with the cost model answering`);
    botPath = await opts.measureBotPath({ shelfDir: dirs[0], model });
  }
  return {
    model,
    generated: ensured.generated,
    generateSeconds: ensured.seconds,
    loadSeconds,
    queryEmbeddingMs: { ...summarize(samples), count: samples.length },
    textsPerSecond: builds[0]?.build.textsPerSecond ?? 0,
    builds,
    botPath,
    checks: costChecks(botPath),
  };
}
