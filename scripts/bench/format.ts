import { readySeconds, SET_SIZE, TARGETS } from './report.js';
import type { BenchReport, BotPathReport, BuildReport, Check, CostReport, SizeReport, Stage, TargetSet } from './report.js';
import { formatUpdates } from './update.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const f = (n: number, digits = 1): string => n.toFixed(digits);
const ms = (n: number): string => (n >= 100 ? f(n, 0) : n >= 10 ? f(n, 1) : f(n, 2));

const limitText = (c: Check): string => `${c.kind === 'max' ? '≤' : '≥'} ${c.limit}${c.unit ? ` ${c.unit}` : ''}`;

/** The binding target at this size, if any: PASS/FAIL against it. */
function mark(c: Check | undefined): string {
  if (!c) return '';
  return `${limitText(c).padEnd(12)} ${c.pass ? 'PASS' : 'FAIL'}`;
}

function buildRows(b: BuildReport, c?: Check): string[] {
  return [
    row(
      'full build (model loaded)',
      `${f(b.seconds)} s`,
      c,
      `model load ${f(b.modelLoadSeconds, 2)} s, not included; CPU ${f(b.cpuSeconds)} s (all threads: less than wall time = waiting for a shared core)`,
    ),
    row('  embedding', `${f(b.embedSeconds)} s`, undefined, `${int(b.textsEmbedded)} texts, ${int(b.textsPerSecond)} texts/s`),
    row('  HNSW insertion', `${f(b.hnswSeconds)} s`),
    row('  lexical', `${f(b.lexicalSeconds)} s`),
    row('  writing', `${f(b.writeSeconds)} s`),
    row('  other (corpus, plan, publish)', `${f(b.otherSeconds)} s`),
  ];
}

function botLine(label: string, bot: BotPathReport, checks: Check[]): string {
  if (bot.status !== 'measured') return `  ${label}: ${bot.status}`;
  const verdicts = checks.map((c) => `${c.name.replace(/^bot path /, '')} ${limitText(c)} ${c.pass ? 'PASS' : 'FAIL'}`).join(', ');
  return (
    `  ${label} at ${int(bot.papers)} papers (real bot process, loopback Discord, INTERACTION_CREATE → final message): ` +
    `${bot.asks} /ask, p50 ${ms(bot.p50Ms)} ms, p99 ${ms(bot.p99Ms)} ms${verdicts ? `   ${verdicts}` : ''}`
  );
}

function row(label: string, value: string, c?: Check, note = ''): string {
  return `  ${label.padEnd(34)}${value.padStart(12)}   ${mark(c).padEnd(18)}${note}`;
}

const STAGE_LABELS: [Stage, string][] = [
  ['embed', 'query embedding'],
  ['dense', 'dense (HNSW, per paper)'],
  ['lexical', 'lexical (BM25F)'],
  ['fusion', 'fusion + abstention'],
  ['quotes', 'quote selection'],
  ['search', 'search excl. embedding'],
  ['total', 'total'],
];

export function formatSize(s: SizeReport): string {
  // The binding target of each measurement at this size (the set defined for it), if any.
  const c = (name: string) => s.checks.find((x) => x.name === name && x.binding);
  const lines = [
    `== ${int(s.papers)} papers: ${int(s.passages)} passages, ${int(s.sentences)} sentences, ${int(s.vectors)} vectors; corpus ${f(s.corpusMB)} MB; HNSW M=${s.hnsw.M} efConstruction=${s.hnsw.efConstruction} efSearch=${s.hnsw.efSearch}`,
    row('index on disk', `${f(s.indexMB)} MB`, c('index on disk'), `${f((s.indexMB * 1024) / s.papers)} KB per paper`),
    ...buildRows(s.build, c('full build')),
    row(
      'incremental build, +1 paper (CLI)',
      `${f(s.incremental.wallSeconds)} s`,
      c('incremental build'),
      `wall time incl. process start + model load; embedded ${s.incremental.embedded ?? '?'}, reused ${s.incremental.reused ?? '?'}`,
    ),
    ...formatUpdates(s.updates),
    row(
      'index load + Librarian (fresh process)',
      `${f(readySeconds(s), 2)} s`,
      c('index load'),
      `loadIndex ${f(s.load.seconds, 2)} s (of which SHA-256 checks of the files ${f(s.load.checksumSeconds, 2)} s), ` +
        `Librarian (background word model) ${f(s.load.shelfSeconds, 2)} s`,
    ),
    row(
      'RSS after load (fresh process, GC)',
      `${int(s.load.rssMB)} MB`,
      c('RSS after load'),
      `node+modules alone ${int(s.load.baselineRssMB)} MB; heap ${int(s.load.heapUsedMB)} MB, buffers ${int(s.load.arrayBuffersMB)} MB; ` +
        `${int(s.load.rssBeforeGcMB)} MB before the load's garbage was collected; ${int(s.load.rssEndMB)} MB with the model after the queries`,
    ),
    row(
      'first question (fresh process)',
      `${ms(s.load.firstQueryMs)} ms`,
      undefined,
      'lazily built structures + JIT warm-up; not in the per-query figures',
    ),
    `  per query, ${s.queries.count} queries in the same fresh process (${s.queries.abstained} abstained)
                                      p50 ms   p99 ms`,
  ];
  for (const [stage, label] of STAGE_LABELS) {
    const sum = s.queries.stages[stage];
    const checks = stage === 'search' ? `${mark(c('search p50'))}  p99 ${mark(c('search p99'))}` : '';
    lines.push(`    ${label.padEnd(32)}${ms(sum.p50).padStart(8)} ${ms(sum.p99).padStart(8)}   ${checks}`);
  }
  const r = s.recall;
  lines.push(row(`HNSW recall@${r.k} at ef=${r.ef} (${r.queries} q)`, f(r.recall, 4), c('HNSW recall@10')));
  lines.push(
    `    HNSW top-${r.k}: p50 ${ms(r.hnswMs.p50)} ms, p99 ${ms(r.hnswMs.p99)} ms;   exact scan: p50 ${ms(r.exactMs.p50)} ms, p99 ${ms(r.exactMs.p99)} ms`,
  );
  for (const e of r.sweep) {
    lines.push(`    at ef=${e.ef}: recall@${r.k} ${f(e.recall, 4)}, HNSW p50 ${ms(e.hnswMs.p50)} ms, p99 ${ms(e.hnswMs.p99)} ms`);
  }
  lines.push(
    botLine(
      'bot path',
      s.botPath,
      s.checks.filter((x) => x.binding && x.name.startsWith('bot path')),
    ),
  );
  return lines.join('\n');
}

export function formatCost(cost: CostReport): string {
  const q = cost.queryEmbeddingMs;
  const lines = [
    `== cost-equivalent model: ${cost.model}`,
    `  all-MiniLM-L6-v2's architecture and int8 graph with random weights (scripts/bench/cost-model.ts): its timings are MiniLM's, its answers meaningless`,
    `  ${cost.generated ? 'generated on this run' : 'found in the cache'} (${f(cost.generateSeconds, 1)} s), loaded in ${f(cost.loadSeconds, 2)} s`,
    row(`query embedding (${q.count} q, one at a time)`, `${ms(q.p50)} ms`, undefined, `p99 ${ms(q.p99)} ms, max ${ms(q.max)} ms`),
    row(
      'embedding throughput',
      `${int(cost.textsPerSecond)} /s`,
      undefined,
      'texts per second in the first full build (papers, passages, sentences)',
    ),
  ];
  for (const b of cost.builds) {
    lines.push(`  -- ${int(b.papers)} papers, ${int(b.vectors)} texts embedded`);
    lines.push(...buildRows(b.build));
  }
  lines.push(botLine('bot path with the cost model', cost.botPath, cost.checks));
  return lines.join('\n');
}

const SET_TITLES: Record<TargetSet, string> = {
  '20k': 'measure issue, defined at 20,000 papers',
  '100k': 'issue 10, defined at 100,000 papers and 384 dimensions',
};

/**
 * Every target against every size: a set binds at the size it is defined for (met/missed there);
 * at other sizes the verdict is shown in brackets, for the trend and the largest size that meets it.
 */
export function formatTargets(r: BenchReport): string {
  const out: string[] = [];
  for (const set of ['20k', '100k'] as const) {
    const names = [...new Set(r.sizes.flatMap((s) => s.checks.filter((c) => c.set === set).map((c) => c.name)))];
    const sample = (name: string) => r.sizes.flatMap((s) => s.checks).find((c) => c.set === set && c.name === name);
    out.push(
      `targets: ${SET_TITLES[set]} (binding at ${set === '20k' ? '≤' : '≥'} ${int(SET_SIZE[set])} papers; [brackets]: other sizes, for reference)`,
    );
    out.push(`  ${'target'.padEnd(28)}${'limit'.padEnd(12)}${r.sizes.map((s) => `${int(s.papers)} papers`.padStart(22)).join('')}`);
    for (const name of names) {
      const limit = sample(name);
      const cells = r.sizes.map((s) => {
        const c = s.checks.find((x) => x.set === set && x.name === name);
        if (!c) return '—'.padStart(22);
        const v =
          `${c.unit === '' ? f(c.value, 3) : c.unit === 'ms' ? ms(c.value) : c.unit === 's' ? f(c.value, c.value < 10 ? 2 : 0) : int(c.value)} ${c.unit}`.trim();
        const verdict = c.pass ? 'met' : 'missed';
        return (c.binding ? `${v} ${verdict}` : `[${v} ${verdict}]`).padStart(22);
      });
      out.push(`  ${name.padEnd(28)}${(limit ? limitText(limit) : '').padEnd(12)}${cells.join('')}`);
    }
    if (set === '100k') {
      if (r.cost) {
        for (const c of r.cost.checks) {
          const papers = r.cost.botPath.status === 'measured' ? r.cost.botPath.papers : 0;
          out.push(`  ${c.name} (at ${int(papers)} papers): ${ms(c.value)} ms, ${limitText(c)}: ${c.pass ? 'met' : 'missed'}`);
        }
      } else out.push('  bot path p50 with the cost-equivalent model: not measured (--skip-cost)');
      if (!r.sizes.some((s) => s.papers >= SET_SIZE['100k']))
        out.push(`  no size of ${int(SET_SIZE['100k'])} papers or more was run: nothing binds here`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const h = r.hnswCallCost;
  const out = [
    `papershelf bench — ${m.cpus} × ${m.cpuModel}, ${f(m.totalMemoryGB)} GB, node ${m.node}; model ${r.model}; seed ${r.seed}`,
    `load average ${f(r.loadAverage.start, 2)} at start, ${f(r.loadAverage.end, 2)} at end (timings are only clean near 0); data in ${r.workDir}`,
    `vectors: ${r.dimension} dimensions (fixture model); targets: the measure issue's at 20,000 papers, issue 10's at 100,000 (table at the end)`,
    `hnswlib-node fixed cost per call (dim ${h.dimension}): searchKnn on a 1-point index, k=1: ${f(h.searchKnnTinyUs, 1)} µs; ` +
      `Array.from(Float32Array): ${f(h.arrayFromUs, 2)} µs; copy into a reused array: ${f(h.copyIntoReusedUs, 2)} µs`,
    '',
  ];
  for (const s of r.sizes) out.push(formatSize(s), '');
  const large = r.largestPapers;
  const largePass = large.maxMs <= TARGETS.questionMaxMs;
  out.push(
    `one question on ${large.papers} papers at the abstract size limit (~${large.sentencesPerPaper} sentences each; ${large.questions} questions): ` +
      `p50 ${ms(large.p50Ms)} ms, max ${ms(large.maxMs)} ms   ≤ ${TARGETS.questionMaxMs} ms ${largePass ? 'PASS' : 'FAIL'}`,
    '',
  );
  if (r.cost) out.push(formatCost(r.cost), '');
  out.push(formatTargets(r));
  const failed = r.sizes.flatMap((s) => s.checks.filter((c) => c.binding && !c.pass).map((c) => `${c.name} at ${int(s.papers)} papers`));
  if (r.cost) failed.push(...r.cost.checks.filter((c) => !c.pass).map((c) => c.name));
  if (!largePass) failed.push('one question on papers at the size limit');
  out.push(failed.length === 0 ? 'all binding targets met' : `targets missed: ${failed.join('; ')}`);
  out.push(`bench took ${f(r.seconds)} s`);
  return out.join('\n');
}
