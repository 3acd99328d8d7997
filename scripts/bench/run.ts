import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createEmbedder } from '../../src/embed/embedder.js';
import { DEFAULT_SEED } from './corpus.js';
import { measureHnswCallCost } from './hnsw-cost.js';
import { benchSize } from './run-size.js';
import { measureLargestPapers } from './largest.js';
import { BOT_PATH_NOT_MEASURED, type BenchReport, type BotPathReport } from './report.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURE_MODEL = join(REPO, 'test/fixtures/models/hashed-ngrams');
export const DEFAULT_SIZES = [1_000, 5_000, 20_000] as const;
export const QUICK_SIZES = [300] as const;

/** The bot-path measurement (/ask through the loopback Discord API), see bot-path.ts. */
export type MeasureBotPath = (ctx: { workDir: string; model: string }) => Promise<BotPathReport>;

export interface BenchOptions {
  sizes: readonly number[];
  /** Queries per size (the issue asks for about 200). */
  queries: number;
  seed?: number;
  model?: string;
  /** Where shelves and indexes go; a fresh folder under os.tmpdir() by default, removed afterwards unless `keep`. */
  workDir?: string;
  keep?: boolean;
  log?: (line: string) => void;
  measureBotPath?: MeasureBotPath;
  /** Papers in the shelf of papers at the abstract size limit (default 40). */
  largestPapers?: number;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const seed = opts.seed ?? DEFAULT_SEED;
  const model = opts.model ?? FIXTURE_MODEL;
  const log = opts.log ?? (() => {});
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'papershelf-bench-')));
  try {
    const t = performance.now();
    const embedder = await createEmbedder({ model, allowRemoteModels: false });
    const modelLoadSeconds = (performance.now() - t) / 1000;
    const hnswCallCost = measureHnswCallCost(embedder.dimension);
    const sizes = [];
    for (const papers of opts.sizes) {
      const daily = papers === Math.max(...opts.sizes);
      sizes.push(
        await benchSize(papers, { repo: REPO, workDir, model, embedder, modelLoadSeconds, seed, queries: opts.queries, log, daily }),
      );
    }
    log('papers at the abstract size limit: the work of one question');
    const largestPapers = await measureLargestPapers(workDir, embedder, opts.largestPapers ?? 40, opts.queries);
    const botPath: BotPathReport = opts.measureBotPath ? await opts.measureBotPath({ workDir, model }) : { status: BOT_PATH_NOT_MEASURED };
    const cpu = cpus();
    return {
      machine: {
        cpus: cpu.length,
        cpuModel: cpu[0]?.model.trim() ?? 'unknown',
        totalMemoryGB: totalmem() / 1024 ** 3,
        node: process.version,
        platform: process.platform,
      },
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      model,
      seed,
      workDir,
      hnswCallCost,
      sizes,
      largestPapers,
      botPath,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!opts.keep && opts.workDir === undefined) await rm(workDir, { recursive: true, force: true });
  }
}
