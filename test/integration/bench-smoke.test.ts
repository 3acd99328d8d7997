import { describe, expect, it } from 'vitest';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench, runUpdatesOn } from '../../scripts/bench/run.js';
import { BOT_PATH_NOT_MEASURED, type SizeReport } from '../../scripts/bench/report.js';
import { formatReport } from '../../scripts/bench/format.js';
import { writeShelf } from '../../scripts/bench/corpus.js';
import { benchQueries } from '../../scripts/bench/queries.js';
import { warmupAndTimed } from '../../scripts/bench/serve.js';
import { measureCost } from '../../scripts/bench/cost-run.js';
import { formatCost } from '../../scripts/bench/format.js';
import { MINILM_L6 } from '../../scripts/bench/cost-model.js';
import { EF_SWEEP } from '../../scripts/bench/recall.js';

const positive = (n: number) => expect(n).toBeGreaterThan(0);

describe('npm run bench, at a tiny size', () => {
  it('generates the same shelf for the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'papershelf-bench-test-'));
    try {
      const a = await writeShelf(join(dir, 'a.jsonl'), 50, 7);
      await writeShelf(join(dir, 'b.jsonl'), 50, 7);
      await writeShelf(join(dir, 'c.jsonl'), 50, 8);
      const [ta, tb, tc] = await Promise.all(['a', 'b', 'c'].map((n) => readFile(join(dir, `${n}.jsonl`), 'utf8')));
      expect(ta).toBe(tb);
      expect(ta).not.toBe(tc);
      expect(new Set(a.map((p) => p.id)).size).toBe(50);
      for (const p of a) expect(p.abstract.split(/(?<=\.)\s+(?=[A-Z])/).length).toBeGreaterThanOrEqual(6);
      expect(benchQueries(a, 20, 7)).toEqual(benchQueries(a, 20, 7));
      // The timed questions are never the warm-up ones.
      const { warmup, timed } = warmupAndTimed(benchQueries(a, 60, 7), 20);
      expect(warmup).toHaveLength(20);
      expect(timed).toHaveLength(20);
      for (const q of timed) expect(warmup).not.toContain(q);
      expect(warmupAndTimed(['a', 'b', 'a', 'c'], 2)).toEqual({ warmup: ['a', 'b'], timed: ['c'] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports every measurement with sane values, and times updates again on the shelf it kept', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'papershelf-bench-test-'));
    try {
      await measureEverything(workDir);
      // --updates-on: the update rows alone on the kept shelf, with the update code as it is now.
      const again = await runUpdatesOn({ shelfDir: join(workDir, 'shelf-200'), dim: 128, daily: false });
      expect(again.map((u) => u.name)).toEqual(['100 papers edited']);
      // The kept shelf holds what the run's day of arXiv left: 201 papers, 20 removed, 1,000 added.
      expect(again[0]).toMatchObject({ papers: 1181, edited: 100 });
      expect(again[0]?.embedded).toBeGreaterThan(0);
      expect(again[0]?.graph.mode).toBe('updated');
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }, 240_000);

  async function measureEverything(workDir: string): Promise<void> {
    const report = await runBench({ sizes: [200], queries: 20, largestPapers: 5, workDir });
    expect(report.sizes).toHaveLength(1);
    const s = report.sizes[0] as SizeReport;
    expect(s.papers).toBe(200);
    expect(s.passages).toBeGreaterThan(200);
    expect(s.vectors).toBe(s.passages + s.sentences + s.papers);

    for (const n of [s.build.seconds, s.build.embedSeconds, s.build.hnswSeconds, s.build.lexicalSeconds, s.build.writeSeconds]) positive(n);
    expect(s.build.textsEmbedded).toBe(s.vectors);
    positive(s.build.textsPerSecond);
    positive(s.build.cpuSeconds);
    positive(s.incremental.wallSeconds);
    // One paper appended: only its texts are embedded again.
    expect(s.incremental.embedded).toBeGreaterThan(0);
    expect(s.incremental.reused).toBe(s.vectors);
    positive(s.load.seconds);
    // The Librarian's once-per-process structures and the first question are measured, not hidden.
    positive(s.load.shelfSeconds);
    positive(s.load.firstQueryMs);
    expect(s.load.rssEndMB).toBeGreaterThanOrEqual(s.load.rssMB * 0.5);
    expect(s.load.rssMB).toBeGreaterThan(s.load.baselineRssMB * 0.5);
    // RSS after load is measured once the load's garbage is collected (the probe runs with --expose-gc).
    expect(s.load.rssBeforeGcMB).toBeGreaterThan(s.load.baselineRssMB * 0.5);

    expect(s.queries.count).toBe(20);
    for (const stage of Object.values(s.queries.stages)) {
      expect(stage.p50).toBeGreaterThanOrEqual(0);
      expect(stage.p99).toBeGreaterThanOrEqual(stage.p50);
    }
    positive(s.queries.stages.total.p50);
    positive(s.queries.stages.search.p50);

    expect(s.recall.k).toBe(10);
    expect(s.recall.ef).toBe(s.hnsw.efSearch);
    expect(s.recall.recall).toBeGreaterThanOrEqual(0);
    expect(s.recall.recall).toBeLessThanOrEqual(1);
    positive(s.recall.exactMs.p50);
    // The sweep tries each larger efSearch the shelf can hold, in order, never lowering recall by much.
    expect(s.recall.sweep.map((e) => e.ef)).toEqual(EF_SWEEP.filter((e) => e > s.recall.ef && e <= s.passages));
    for (const e of s.recall.sweep) expect(e.recall).toBeGreaterThanOrEqual(s.recall.recall - 0.05);

    expect(s.checks.map((c) => c.name)).toContain('HNSW recall@10');
    // At 200 papers the 20k targets bind and the 100k ones are shown for reference only.
    expect(s.checks.filter((c) => c.set === '20k').every((c) => c.binding)).toBe(true);
    expect(s.checks.filter((c) => c.set === '100k').every((c) => !c.binding)).toBe(true);
    expect(s.checks.map((c) => `${c.set} ${c.name}`)).toContain('100k index on disk');
    expect(s.botPath).toEqual({ status: BOT_PATH_NOT_MEASURED });
    expect(report.cost).toBeNull();
    expect(s.load.checksumSeconds).toBeGreaterThan(0);
    expect(s.load.checksumSeconds).toBeLessThanOrEqual(s.load.seconds);
    expect(report.largestPapers.sentencesPerPaper).toBeGreaterThan(300);
    positive(report.largestPapers.maxMs);
    positive(report.hnswCallCost.searchKnnTinyUs);
    positive(report.hnswCallCost.arrayFromUs);

    // The largest size also times a day's update; every update reports each phase of the build.
    expect(s.updates.map((u) => u.name)).toEqual(['100 papers edited', 'a day of arXiv']);
    for (const u of s.updates) {
      expect(u.embedded).toBeGreaterThan(0);
      for (const phase of ['load', 'previous', 'embed', 'hnsw', 'lexical', 'write', 'publish'] as const) positive(u.phases[phase]);
      expect(s.checks.map((c) => c.name)).toContain(`update: ${u.name}`);
    }
    expect(s.updates[1]).toMatchObject({ papers: 201, added: 1000, edited: 200, removed: 20 });

    const table = formatReport(report);
    expect(table).toMatch(/update: 100 papers edited \(of 201\) +[\d.]+ s .*embedded [\d,]+; graph /);
    expect(table).toMatch(
      /corpus load\+plan [\d.]+ · live index read [\d.]+ · embed [\d.]+ · hnsw [\d.]+ · lexical [\d.]+ · write\+checksums [\d.]+ · publish [\d.]+ s/,
    );
    expect(table).toContain('200 papers');
    expect(table).toContain(BOT_PATH_NOT_MEASURED);
    expect(table).toMatch(/one question on 5 papers at the abstract size limit .*max [\d.]+ ms/);
    expect(table).toMatch(/of which SHA-256 checks of the files [\d.]+ s/);
    expect(table).toMatch(/targets: issue 10, defined at 100,000 papers/);
    expect(table).toContain('no size of 100,000 papers or more was run');
    // The day of arXiv is a row of the targets table, not a "not measured" note beside it.
    expect(table).toMatch(/update: a day of arXiv *≤ 60 s/);
    expect(table).not.toContain('not measured by this bench');
    expect(table).toMatch(/first question \(fresh process\) +[\d.]+ ms/);
    expect(table).toMatch(/RSS after load \(fresh process, GC\) +[\d,]+ MB .*[\d,]+ MB before the load's garbage was collected/);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  }

  it('leaves the day of arXiv out when asked (--quick), keeping the 100 edits', async () => {
    const report = await runBench({ sizes: [60], queries: 5, largestPapers: 2, daily: false });
    expect(report.sizes[0]?.updates.map((u) => u.name)).toEqual(['100 papers edited']);
  }, 120_000);

  it('measures the cost-equivalent model: query embedding, throughput, a full build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'papershelf-bench-cost-'));
    try {
      // MiniLM's graph at a fraction of its size: the same code path, fast enough for a test.
      const config = { ...MINILM_L6, layers: 1, hidden: 48, heads: 4, intermediate: 96 };
      const cost = await measureCost({
        sizes: [4],
        queries: 5,
        workDir: dir,
        seed: 7,
        log: () => {},
        cacheDir: join(dir, 'cache'),
        config,
      });
      expect(cost.generated).toBe(true);
      expect(cost.model).toMatch(/all-MiniLM-L6-v2$/);
      expect(cost.queryEmbeddingMs.count).toBe(5);
      positive(cost.queryEmbeddingMs.p50);
      positive(cost.textsPerSecond);
      expect(cost.builds).toHaveLength(1);
      expect(cost.builds[0]!.papers).toBe(4);
      expect(cost.builds[0]!.build.textsEmbedded).toBe(cost.builds[0]!.vectors);
      expect(cost.botPath).toEqual({ status: BOT_PATH_NOT_MEASURED });
      expect(formatCost(cost)).toMatch(/query embedding \(5 q, one at a time\) +[\d.]+ ms/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
