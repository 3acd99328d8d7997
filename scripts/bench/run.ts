import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createEmbedder } from '../../src/embed/embedder.js';
import { DEFAULT_SEED } from './corpus.js';
import { measureHnswCallCost } from './hnsw-cost.js';
import { benchSize } from './run-size.js';
import { measureLargestPapers } from './largest.js';
import type { BenchReport, BotPathReport, CostReport } from './report.js';
import type { BotPathContext } from './bot-path.js';
import { ensureFixtureModel } from './models.js';
import { measureCost } from './cost-run.js';
import { formatSize } from './format.js';
import { benchUpdates, type UpdateReport } from './update.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURE_MODEL = join(REPO, 'test/fixtures/models/hashed-ngrams');
export const DEFAULT_SIZES = [1_000, 5_000, 20_000] as const;
export const QUICK_SIZES = [200] as const;
/** Real sentence models' width (MiniLM, bge-small, e5-small): the default of the benchmark. */
export const DEFAULT_DIM = 384;
export const DEFAULT_COST_SIZES = [5_000, 20_000] as const;
export const QUICK_COST_SIZES = [10] as const;

/** Hook for the bot-path measurement (200 /ask through the loopback Discord API) on one shelf. */
export type MeasureBotPath = (ctx: BotPathContext) => Promise<BotPathReport>;

export interface BenchOptions {
  sizes: readonly number[];
  /** Queries per size (the issue asks for about 200). */
  queries: number;
  seed?: number;
  /** A model folder; default the fixture model at `dim` dimensions. */
  model?: string;
  /** Width of the fixture model (default 128 here, the committed one; npm run bench passes 384). */
  dim?: number;
  /** The cost-equivalent model's measurements; skipped when absent. */
  cost?: { sizes: readonly number[]; queries: number; cacheDir?: string };
  /** Where shelves and indexes go; a fresh folder under os.tmpdir() by default, removed afterwards unless `keep`. */
  workDir?: string;
  keep?: boolean;
  log?: (line: string) => void;
  measureBotPath?: MeasureBotPath;
  /** Papers in the shelf of papers at the abstract size limit (default 40). */
  largestPapers?: number;
  /** Time a day of arXiv at the largest size (default true; --quick leaves it out to stay under a minute). */
  daily?: boolean;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const seed = opts.seed ?? DEFAULT_SEED;
  const model = opts.model ?? (opts.dim !== undefined ? ensureFixtureModel(opts.dim).dir : FIXTURE_MODEL);
  const log = opts.log ?? (() => {});
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'papershelf-bench-')));
  try {
    const t = performance.now();
    const embedder = await createEmbedder({ model, allowRemoteModels: false });
    const modelLoadSeconds = (performance.now() - t) / 1000;
    const hnswCallCost = measureHnswCallCost(embedder.dimension);
    const sizes = [];
    for (const papers of opts.sizes) {
      sizes.push(
        await benchSize(papers, {
          repo: REPO,
          workDir,
          model,
          embedder,
          modelLoadSeconds,
          seed,
          queries: opts.queries,
          log,
          daily: (opts.daily ?? true) && papers === Math.max(...opts.sizes),
          ...(opts.measureBotPath ? { measureBotPath: opts.measureBotPath } : {}),
        }),
      );
      // Each size's table as soon as it is measured: a long run stopped later still reports it.
      log(formatSize(sizes[sizes.length - 1]!));
    }
    log('papers at the abstract size limit: the work of one question');
    const largestPapers = await measureLargestPapers(workDir, embedder, opts.largestPapers ?? 40, opts.queries);
    const cost: CostReport | null = opts.cost
      ? await measureCost({
          ...opts.cost,
          workDir,
          seed,
          log,
          ...(opts.measureBotPath ? { measureBotPath: opts.measureBotPath } : {}),
        })
      : null;
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
      dimension: embedder.dimension,
      sizes,
      largestPapers,
      cost,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (!opts.keep && opts.workDir === undefined) await rm(workDir, { recursive: true, force: true });
  }
}

export interface UpdatesOnOptions {
  /** A shelf folder a run with --keep left behind: papers.jsonl and index/. */
  shelfDir: string;
  /** Width of the fixture model the shelf was built with. */
  dim: number;
  seed?: number;
  /** Also the day of arXiv (the bench's largest-size row); the 100 edits always run. */
  daily: boolean;
  log?: (line: string) => void;
}

/**
 * The update rows alone, on a shelf an earlier run kept: times the update path of the code as it is
 * now against a large shelf without building that shelf again (a 100,000-paper build takes about an hour).
 */
export async function runUpdatesOn(opts: UpdatesOnOptions): Promise<UpdateReport[]> {
  const embedder = await createEmbedder({ model: ensureFixtureModel(opts.dim).dir, allowRemoteModels: false });
  return benchUpdates({
    corpusPath: join(opts.shelfDir, 'papers.jsonl'),
    indexDir: join(opts.shelfDir, 'index'),
    embedder,
    seed: opts.seed ?? DEFAULT_SEED,
    daily: opts.daily,
    log: opts.log ?? (() => {}),
  });
}
