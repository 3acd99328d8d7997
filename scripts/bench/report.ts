import type { LargestPapersReport } from './largest.js';
import type { HnswCallCost } from './hnsw-cost.js';
import type { RecallResult } from './recall.js';
import type { Summary } from './stats.js';
import type { UpdateReport } from './update.js';

export const BOT_PATH_NOT_MEASURED = 'bot path: not measured yet';

/**
 * The bot path (200 /ask through a loopback Discord API, from INTERACTION_CREATE dispatch to the
 * final message). The benchmark has no bot to drive yet: until one is passed to runBench as
 * `measureBotPath`, the report says so instead of showing numbers.
 */
export type BotPathReport =
  { status: typeof BOT_PATH_NOT_MEASURED } | { status: 'measured'; papers: number; asks: number; p50Ms: number; p99Ms: number };

export interface BuildReport {
  seconds: number;
  modelLoadSeconds: number;
  embedSeconds: number;
  hnswSeconds: number;
  lexicalSeconds: number;
  writeSeconds: number;
  /** Corpus load, planning (sentence split, keys), reuse lookup, publish. */
  otherSeconds: number;
  textsEmbedded: number;
  textsPerSecond: number;
}

export interface IncrementalReport {
  /** Wall time of `npx tsx src/cli/build-index.ts` after appending one paper: process start, model load, build. */
  wallSeconds: number;
  embedded: number | null;
  reused: number | null;
}

export interface LoadReport {
  seconds: number;
  /** Of `seconds`, checking every index file against its SHA-256 in the manifest. */
  checksumSeconds: number;
  rssMB: number;
  baselineRssMB: number;
  heapUsedMB: number;
  arrayBuffersMB: number;
}

export type Stage = 'embed' | 'dense' | 'lexical' | 'fusion' | 'quotes' | 'search' | 'total';

export interface QueryReport {
  count: number;
  /** ms per stage; `search` is everything but the query embedding (tokenize, retrieve, fuse, abstain, quote). */
  stages: Record<Stage, Summary>;
  abstained: number;
}

export interface Check {
  name: string;
  value: number;
  limit: number;
  /** 'max': value must be ≤ limit; 'min': ≥ limit. */
  kind: 'max' | 'min';
  unit: string;
  pass: boolean;
}

export interface SizeReport {
  papers: number;
  passages: number;
  sentences: number;
  vectors: number;
  corpusMB: number;
  indexMB: number;
  hnsw: { M: number; efConstruction: number; efSearch: number };
  build: BuildReport;
  incremental: IncrementalReport;
  load: LoadReport;
  queries: QueryReport;
  recall: RecallResult;
  /** Edits (and at the largest size a day's update) after the incremental build: scripts/bench/update.ts. */
  updates: UpdateReport[];
  checks: Check[];
}

export interface BenchReport {
  machine: { cpus: number; cpuModel: string; totalMemoryGB: number; node: string; platform: string };
  /** 1-minute load average at the start and end: other work on a shared 2-core machine skews every timing. */
  loadAverage: { start: number; end: number };
  model: string;
  seed: number;
  workDir: string;
  hnswCallCost: HnswCallCost;
  sizes: SizeReport[];
  /** One question's time when every quoted paper is at the abstract size limit. */
  largestPapers: LargestPapersReport;
  botPath: BotPathReport;
  seconds: number;
}

/** The targets, defined at 20,000 papers on a 2-core machine (applied to every size). */
export const TARGETS = {
  searchP50Ms: 3,
  searchP99Ms: 10,
  recallAt10: 0.98,
  loadSeconds: 3,
  /** One question's synchronous work (it blocks the event loop), even on papers at the abstract size limit. */
  questionMaxMs: 50,
  rssMB: 1024,
  incrementalSeconds: 10,
  fullBuildSeconds: 300,
  botPathP50Ms: 100,
  botPathP99Ms: 300,
} as const;

const check = (name: string, value: number, kind: 'max' | 'min', limit: number, unit: string): Check => ({
  name,
  value,
  limit,
  kind,
  unit,
  pass: kind === 'max' ? value <= limit : value >= limit,
});

export function checksFor(s: Omit<SizeReport, 'checks'>): Check[] {
  return [
    check('full build', s.build.seconds, 'max', TARGETS.fullBuildSeconds, 's'),
    check('incremental build', s.incremental.wallSeconds, 'max', TARGETS.incrementalSeconds, 's'),
    check('index load', s.load.seconds, 'max', TARGETS.loadSeconds, 's'),
    check('RSS after load', s.load.rssMB, 'max', TARGETS.rssMB, 'MB'),
    check('search p50', s.queries.stages.search.p50, 'max', TARGETS.searchP50Ms, 'ms'),
    check('search p99', s.queries.stages.search.p99, 'max', TARGETS.searchP99Ms, 'ms'),
    check('HNSW recall@10', s.recall.recall, 'min', TARGETS.recallAt10, ''),
  ];
}
