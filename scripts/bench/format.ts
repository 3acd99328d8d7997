import { TARGETS } from './report.js';
import type { BenchReport, Check, SizeReport, Stage } from './report.js';
import { formatUpdates } from './update.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const f = (n: number, digits = 1): string => n.toFixed(digits);
const ms = (n: number): string => (n >= 100 ? f(n, 0) : n >= 10 ? f(n, 1) : f(n, 2));

function mark(c: Check | undefined): string {
  if (!c) return '';
  const limit = `${c.kind === 'max' ? '≤' : '≥'} ${c.limit}${c.unit ? ` ${c.unit}` : ''}`;
  return `${limit.padEnd(12)} ${c.pass ? 'PASS' : 'FAIL'}`;
}

function row(label: string, value: string, c?: Check, note = ''): string {
  return `  ${label.padEnd(34)}${value.padStart(12)}   ${mark(c).padEnd(18)}${note}`;
}

const STAGE_LABELS: [Stage, string][] = [
  ['embed', 'query embedding'],
  ['dense', 'dense (HNSW, per paper)'],
  ['lexical', 'lexical (BM25F + RM3)'],
  ['fusion', 'fusion + abstention'],
  ['quotes', 'quote selection'],
  ['search', 'search excl. embedding'],
  ['total', 'total'],
];

export function formatSize(s: SizeReport): string {
  const c = (name: string) => s.checks.find((x) => x.name === name);
  const b = s.build;
  const lines = [
    `== ${int(s.papers)} papers: ${int(s.passages)} passages, ${int(s.sentences)} sentences, ${int(s.vectors)} vectors; corpus ${f(s.corpusMB)} MB, index ${f(s.indexMB)} MB; HNSW M=${s.hnsw.M} efConstruction=${s.hnsw.efConstruction} efSearch=${s.hnsw.efSearch}`,
    row('full build (model loaded)', `${f(b.seconds)} s`, c('full build'), `model load ${f(b.modelLoadSeconds, 2)} s, not included`),
    row('  embedding', `${f(b.embedSeconds)} s`, undefined, `${int(b.textsEmbedded)} texts, ${int(b.textsPerSecond)} texts/s`),
    row('  HNSW insertion', `${f(b.hnswSeconds)} s`),
    row('  lexical', `${f(b.lexicalSeconds)} s`),
    row('  writing', `${f(b.writeSeconds)} s`),
    row('  other (corpus, plan, publish)', `${f(b.otherSeconds)} s`),
    row(
      'incremental build, +1 paper (CLI)',
      `${f(s.incremental.wallSeconds)} s`,
      c('incremental build'),
      `wall time incl. process start + model load; embedded ${s.incremental.embedded ?? '?'}, reused ${s.incremental.reused ?? '?'}`,
    ),
    ...formatUpdates(s.updates),
    row(
      'index load (fresh process)',
      `${f(s.load.seconds, 2)} s`,
      c('index load'),
      `of which SHA-256 checks of the files ${f(s.load.checksumSeconds, 2)} s`,
    ),
    row(
      'RSS after load (fresh process)',
      `${int(s.load.rssMB)} MB`,
      c('RSS after load'),
      `node+modules alone ${int(s.load.baselineRssMB)} MB; heap ${int(s.load.heapUsedMB)} MB, buffers ${int(s.load.arrayBuffersMB)} MB`,
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
  return lines.join('\n');
}

export function formatReport(r: BenchReport): string {
  const m = r.machine;
  const h = r.hnswCallCost;
  const out = [
    `papershelf bench — ${m.cpus} × ${m.cpuModel}, ${f(m.totalMemoryGB)} GB, node ${m.node}; model ${r.model}; seed ${r.seed}`,
    `load average ${f(r.loadAverage.start, 2)} at start, ${f(r.loadAverage.end, 2)} at end (timings are only clean near 0); data in ${r.workDir}`,
    `targets are the issue's, defined at 20,000 papers`,
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
  const bot = r.botPath;
  const botPass = bot.status === 'measured' && bot.p50Ms <= TARGETS.botPathP50Ms && bot.p99Ms <= TARGETS.botPathP99Ms;
  out.push(
    bot.status === 'measured'
      ? `bot path at ${int(bot.papers)} papers (real bot process, loopback Discord, INTERACTION_CREATE → final message): ${bot.asks} /ask, ` +
          `p50 ${ms(bot.p50Ms)} ms, p99 ${ms(bot.p99Ms)} ms   ≤ ${TARGETS.botPathP50Ms} / ${TARGETS.botPathP99Ms} ms ${botPass ? 'PASS' : 'FAIL'}`
      : bot.status,
  );
  const failed = r.sizes.flatMap((s) => s.checks.filter((c) => !c.pass).map((c) => `${c.name} at ${int(s.papers)} papers`));
  if (bot.status === 'measured' && !botPass) failed.push('bot path');
  if (!largePass) failed.push('one question on papers at the size limit');
  out.push(failed.length === 0 ? 'all targets met' : `targets missed: ${failed.join('; ')}`);
  out.push(`bench took ${f(r.seconds)} s`);
  return out.join('\n');
}
