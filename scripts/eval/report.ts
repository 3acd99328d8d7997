/** Markdown tables for `npm run eval` (the README quotes them). */
import type { AbstentionRow } from '../../src/calibrate/abstention.js';
import { describeFusion } from '../../src/calibrate/fusion.js';
import type { Latency } from '../../src/calibrate/pipeline.js';
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
  const lines = [
    "| collection | papers | passages | build s | hybrid ms at the bot's page (limit 5) mean / p95, with embedding |",
    '|---|---:|---:|---:|---:|',
  ];
  for (const c of r.collections) {
    lines.push(
      `| ${c.name} | ${c.build.papers} | ${c.build.passages} | ${c.build.seconds.toFixed(1)} | ${ms(c.botHybrid.search)}, ${ms(c.botHybrid.withEmbedding)} |`,
    );
  }
  return lines.join('\n');
}

/** Lexical steps, leave-one-collection-out: what each collection chose and what it did to the other. */
export function lexicalTable(r: EvalResult): string {
  const lines = [
    `Baseline (plain BM25, Snowball stop words, Porter stems): ${r.lexical.baseline.map((b) => `${b.collection} ${m4(b.ndcg10)}`).join(', ')} nDCG@10.`,
    '',
    '| step | chosen on | alternative chosen (gain there) | scored on | nDCG@10 gain there | p (one-sided) | kept? |',
    '|---|---|---|---|---:|---:|---|',
  ];
  for (const s of r.lexical.steps) {
    s.directions.forEach((d, i) => {
      const chosen = d.chosen === null ? 'none helped' : `${d.chosen} (${sign(d.trainGain)})`;
      const test = d.chosen === null ? '—' : sign(d.testGain);
      const p = d.p === null ? '—' : d.p < 0.001 ? '< 0.001' : d.p.toFixed(3);
      lines.push(
        `| ${i === 0 ? s.step : ''} | ${d.trainedOn} | ${chosen} | ${d.scoredOn} | ${test} | ${p} | ${i === 0 ? (s.kept ? '**kept**' : 'no: plain setting') : ''} |`,
      );
    });
  }
  return lines.join('\n');
}

/** The fusion profile chosen on one collection, scored on the other, against lexical alone there. */
export function fusionTable(r: EvalResult): string {
  const lines = [
    '| chosen on | profile | scored on | hybrid nDCG@10 | lexical nDCG@10 | hybrid R@100 | lexical R@100 |',
    '|---|---|---|---:|---:|---:|---:|',
  ];
  for (const f of r.fusion) {
    const lexical = r.collections.find((c) => c.name === f.scoredOn)!.modes.find((m) => m.mode === 'lexical')!;
    lines.push(
      `| ${f.trainedOn} | ${describeFusion(f.fusion)} | ${f.scoredOn} | ${m4(f.test.ndcg10)} | ${m4(lexical.ndcg10)} | ${m4(f.test.recall100)} | ${m4(lexical.recall100)} |`,
    );
  }
  return lines.join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** Abstention as a classifier, per shelf and mode. */
export function abstentionTable(rows: readonly AbstentionRow[]): string {
  const lines = [
    '| shelf | mode | thresholds from | topical share ≥ | dense floor | on-topic answered | off-topic refused (other collection / written) | nDCG@10 abstention on / off |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const a of rows) {
    lines.push(
      `| ${a.shelf} | ${a.mode} | ${a.chosenOn} | ${a.minShare.toFixed(2)} | ${a.minDense === null ? 'none' : a.minDense.toFixed(2)} | ${pct(a.answered)} of ${a.onTopic} | ${pct(a.refused)} of ${a.offTopic} (${pct(a.refusedOther)} / ${pct(a.refusedWritten)}) | ${m4(a.ndcgOn)} / ${m4(a.ndcgOff)} |`,
    );
  }
  return lines.join('\n');
}

const sign = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
