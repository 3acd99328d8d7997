import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { currentVersionDir } from '../../src/index/layout.js';
import { FILES, manifestSchema, type Manifest } from '../../src/index/format.js';
import type { Embedder } from '../../src/embed/types.js';
import { syntheticPaper, writeShelf } from './corpus.js';
import { probeLoad, runIndexCli } from './child.js';
import { BOT_PATH_NOT_MEASURED, buildReport, checksFor, type BotPathReport, type SizeReport } from './report.js';
import type { BotPathContext } from './bot-path.js';
import { benchUpdates } from './update.js';

export interface SizeContext {
  repo: string;
  workDir: string;
  model: string;
  embedder: Embedder;
  modelLoadSeconds: number;
  seed: number;
  queries: number;
  log: (line: string) => void;
  /** Time a day's update too (the largest size). */
  daily?: boolean;
  /** The bot path on this size's shelf (200 /ask through the loopback Discord); not measured without it. */
  measureBotPath?: (ctx: BotPathContext) => Promise<BotPathReport>;
}

const MB = 1024 * 1024;

/** Generates a shelf of `papers` papers and measures build, incremental build, load, queries and recall on it. */
export async function benchSize(papers: number, ctx: SizeContext): Promise<SizeReport> {
  const dir = join(ctx.workDir, `shelf-${papers}`);
  await mkdir(dir, { recursive: true });
  const corpusPath = join(dir, 'papers.jsonl');
  const indexDir = join(dir, 'index');
  await writeShelf(corpusPath, papers, ctx.seed);
  const corpusMB = (await stat(corpusPath)).size / MB;

  ctx.log(`[${papers}] full build`);
  let lastPhase = '';
  const cpu = process.cpuUsage();
  const built = await buildIndex({
    corpusPath,
    indexDir,
    embedder: ctx.embedder,
    onPhase: (p) => {
      if (p !== lastPhase) ctx.log(`[${papers}]   ${p}`);
      lastPhase = p;
    },
  });
  const build = buildReport(built, process.cpuUsage(cpu), ctx.modelLoadSeconds);

  ctx.log(`[${papers}] index load, ${ctx.queries} queries and HNSW recall, in a fresh process`);
  const probe = await probeLoad(ctx.repo, indexDir, { model: ctx.model, queries: ctx.queries, seed: ctx.seed });
  const { queries, recall } = probe;
  const manifest = await readManifest(indexDir);

  ctx.log(`[${papers}] incremental build after adding one paper (npx tsx src/cli/build-index.ts)`);
  await appendFile(corpusPath, `${JSON.stringify(syntheticPaper(ctx.seed, papers))}\n`);
  const cli = await runIndexCli(ctx.repo, { corpusPath, indexDir, model: ctx.model });
  const counts = /embedded (\d+), reused (\d+)/.exec(cli.stdout);
  const updates = await benchUpdates({
    corpusPath,
    indexDir,
    embedder: ctx.embedder,
    seed: ctx.seed,
    daily: ctx.daily ?? false,
    log: ctx.log,
  });

  let botPath: BotPathReport = { status: BOT_PATH_NOT_MEASURED };
  if (ctx.measureBotPath) {
    ctx.log(`[${papers}] bot path: the real bot process on this shelf, /ask through the loopback Discord`);
    botPath = await ctx.measureBotPath({ shelfDir: dir, model: ctx.model });
  }

  const indexBytes = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
  const { M, efConstruction, efSearch } = manifest.params.hnsw;
  const report: Omit<SizeReport, 'checks'> = {
    papers,
    passages: built.passages,
    sentences: built.sentences,
    vectors: built.embedded + built.reused,
    corpusMB,
    indexMB: indexBytes / MB,
    hnsw: { M, efConstruction, efSearch },
    build,
    incremental: {
      wallSeconds: cli.wallSeconds,
      embedded: counts ? Number(counts[1]) : null,
      reused: counts ? Number(counts[2]) : null,
    },
    load: {
      seconds: probe.loadSeconds,
      shelfSeconds: probe.shelfSeconds,
      firstQueryMs: probe.firstQueryMs,
      rssEndMB: probe.rssEndBytes / MB,
      checksumSeconds: probe.checksumSeconds,
      rssMB: probe.rssBytes / MB,
      rssBeforeGcMB: probe.rssBeforeGcBytes / MB,
      baselineRssMB: probe.baselineRssBytes / MB,
      heapUsedMB: probe.heapUsedBytes / MB,
      arrayBuffersMB: probe.arrayBuffersBytes / MB,
    },
    queries,
    recall,
    updates,
    botPath,
  };
  return { ...report, checks: [...checksFor(report), ...updates.map((u) => u.check)] };
}

async function readManifest(indexDir: string): Promise<Manifest> {
  return manifestSchema.parse(JSON.parse(await readFile(join(await currentVersionDir(indexDir), FILES.manifest), 'utf8')));
}
