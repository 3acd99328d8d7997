/** Markdown tables for `npm run eval` (the README quotes them). */
import type { RunMetrics } from './metrics.js';
import type { Latency } from './pipeline.js';
import type { EvalResult } from './run.js';

const m4 = (x: number): string => x.toFixed(4);
const ms = (l: Latency | null): string => (l ? `${l.meanMs.toFixed(2)} / ${l.p95Ms.toFixed(2)}` : '—');

/** One row per collection and mode: quality, then latency without and with the query embedding. */
export function resultsTable(r: EvalResult): string {
  const lines = [
    '| collection | mode | queries | nDCG@10 | Recall@100 | MAP@1000 | search ms mean / p95 | with embedding ms mean / p95 |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of r.collections) {
    for (const m of c.modes) {
      lines.push(
        `| ${c.name} (${c.docs} docs) | ${m.mode} | ${m.queries} | ${m4(m.ndcg10)} | ${m4(m.recall100)} | ${m4(m.map1000)} | ${ms(m.search)} | ${ms(m.withEmbedding)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function buildTable(r: EvalResult): string {
  const lines = ['| collection | papers | passages | build s | hybrid ms at the bot\'s page (limit 5) mean / p95, with embedding |', '|---|---:|---:|---:|---:|'];
  for (const c of r.collections) {
    lines.push(`| ${c.name} | ${c.build.papers} | ${c.build.passages} | ${c.build.seconds.toFixed(1)} | ${ms(c.botHybrid.search)}, ${ms(c.botHybrid.withEmbedding)} |`);
  }
  return lines.join('\n');
}

/** The fusion comparison, lexical first as the bar to clear. */
export function fusionTable(r: EvalResult): string {
  const f = r.fusionComparison;
  if (!f) return '';
  const head = f.collections.flatMap((c) => [`${c} nDCG@10`, `${c} R@100`, `${c} MAP`]);
  const cells = (ms: readonly RunMetrics[]): string => ms.map((m) => `${m4(m.ndcg10)} | ${m4(m.recall100)} | ${m4(m.map1000)}`).join(' | ');
  const byMode = (mode: string): RunMetrics[] => r.collections.map((c) => c.modes.find((m) => m.mode === mode)!);
  return [
    `| rule (hybrid) | ${head.join(' | ')} | ≥ lexical on all? |`,
    `|---|${head.map(() => '---:').join('|')}|---|`,
    `| *lexical alone* | ${cells(byMode('lexical'))} | — |`,
    `| *dense alone* | ${cells(byMode('dense'))} | — |`,
    ...f.rows.map((row) => `| ${row.name} | ${cells(row.metrics)} | ${row.meetsTarget ? '**yes**' : 'no'} |`),
  ].join('\n');
}
