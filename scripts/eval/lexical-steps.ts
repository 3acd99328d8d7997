/**
 * The lexical ablation: the measured steps that led to the tokenizer and BM25 defaults
 * (DEFAULT_TOKENIZER_OPTIONS, DEFAULT_BM25_PARAMS). Run with `npm run eval -- --lexical-steps`.
 *
 * It calls Bm25Index directly (not searchPapers) because the steps vary the tokenizer, which a
 * built papershelf index fixes. Protocol: each document is indexed as fields title, authors, body
 * (the abstract); every judged query is run for the top 1000; latency is one search call
 * (tokenize + score + top-k, with feedback when on), measured after one warm-up pass.
 */
import { performance } from 'node:perf_hooks';
import { Bm25Index, DEFAULT_BM25_PARAMS, type Bm25Params } from '../../src/search/bm25.js';
import { DEFAULT_TOKENIZER_OPTIONS, createTokenizer, tokenizerId, type TokenizerOptions } from '../../src/search/tokenize.js';
import { judgedQueries, type Collection } from './collections.js';
import { evaluateRuns, mean, percentile, type RunMetrics } from './metrics.js';

export interface LexicalConfig {
  tokenizer: TokenizerOptions;
  params: Bm25Params;
}

export interface LexicalResult extends RunMetrics {
  meanMs: number;
  p95Ms: number;
  buildMs: number;
}

/** `repeats` timed passes; a query's latency is its median over them (robust to GC and machine noise). */
export function runLexical(c: Collection, config: LexicalConfig, repeats = 5): LexicalResult {
  const isDefaultTokenizer = tokenizerId(config.tokenizer) === tokenizerId(DEFAULT_TOKENIZER_OPTIONS);
  const t0 = performance.now();
  const index = Bm25Index.build(
    c.docs.map((d) => ({ fields: { title: d.title, authors: d.authors, body: d.text } })),
    isDefaultTokenizer
      ? { params: config.params }
      : { params: config.params, tokenizer: createTokenizer(config.tokenizer), tokenizerId: tokenizerId(config.tokenizer) },
  );
  const buildMs = performance.now() - t0;
  const queries = judgedQueries(c);
  for (const q of queries) index.search(q.text, 1000); // warm-up (JIT)
  const runs = new Map<number, number[]>();
  const perQuery = queries.map((): number[] => []);
  for (let r = 0; r < repeats; r++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      const hits = index.search(q.text, 1000);
      perQuery[i]!.push(performance.now() - start);
      if (r === 0) runs.set(q.id, hits.map((h) => c.docs[h.doc]!.id));
    });
  }
  const times = perQuery.map((ts) => percentile(ts, 50));
  return { ...evaluateRuns(runs, c.qrels), meanMs: mean(times), p95Ms: percentile(times, 95), buildMs };
}

const f3 = (x: number): string => x.toFixed(4);
const f2 = (x: number): string => x.toFixed(3);

type Change = (c: LexicalConfig) => LexicalConfig;
interface Alternative {
  name: string;
  change: Change;
}

const tok = (t: Partial<TokenizerOptions>): Change => (c) => ({ ...c, tokenizer: { ...c.tokenizer, ...t } });
const par = (p: Partial<Bm25Params>): Change => (c) => ({ ...c, params: { ...c.params, ...p } });
const fields = (w: Record<string, number>): Change => (c) => par({ fieldWeights: { ...c.params.fieldWeights, ...w } })(c);
const fb = (f: Partial<NonNullable<Bm25Params['feedback']>>): Change => (c) =>
  c.params.feedback ? par({ feedback: { ...c.params.feedback, ...f } })(c) : c;

/** The starting point: a standard engine's BM25 (Lucene's stop set, Porter, k1=1.2, b=0.75). */
const BASELINE: LexicalConfig = {
  tokenizer: { stopwords: 'lucene', stem: true, hyphens: 'split', minLength: 1 },
  params: { k1: 1.2, b: 0.75, fieldWeights: { title: 1 }, feedback: null },
};

/**
 * Greedy coordinate search over the collections as a whole (never per query): each group's
 * alternatives are applied to the configuration kept so far; an alternative qualifies only
 * when nDCG@10 rises on BOTH collections, and the qualifying one with the best mean nDCG@10
 * is kept.
 */
const GROUPS: Alternative[][] = [
  [{ name: 'no stemming', change: tok({ stem: false }) }],
  [
    { name: 'no stop list', change: tok({ stopwords: 'none' }) },
    { name: 'Snowball stop list', change: tok({ stopwords: 'snowball' }) },
    { name: 'SMART stop list', change: tok({ stopwords: 'smart' }) },
  ],
  [
    { name: 'hyphenated words: joined form only', change: tok({ hyphens: 'join' }) },
    { name: 'hyphenated words: parts + joined form', change: tok({ hyphens: 'both' }) },
  ],
  [{ name: 'drop 1-character words', change: tok({ minLength: 2 }) }],
  [
    { name: 'b=0.5', change: par({ b: 0.5 }) },
    { name: 'b=0.9', change: par({ b: 0.9 }) },
    { name: 'k1=0.9 b=0.4', change: par({ k1: 0.9, b: 0.4 }) },
  ],
  [
    { name: 'k1=0.9', change: par({ k1: 0.9 }) },
    { name: 'k1=1.5', change: par({ k1: 1.5 }) },
    { name: 'k1=2.0', change: par({ k1: 2.0 }) },
  ],
  [
    { name: 'title weight 1.5', change: fields({ title: 1.5 }) },
    { name: 'title weight 2', change: fields({ title: 2 }) },
    { name: 'title weight 3', change: fields({ title: 3 }) },
  ],
  [{ name: 'authors weight 0', change: fields({ authors: 0 }) }],
  [{ name: 'RM3 feedback: 10 docs, 10 terms, λ=0.5, df cap 10%', change: par({ feedback: { docs: 10, terms: 10, originalWeight: 0.5, maxDocFreq: 0.1 } }) }],
  [
    { name: 'RM3: 5 docs', change: fb({ docs: 5 }) },
    { name: 'RM3: 20 docs', change: fb({ docs: 20 }) },
  ],
  [
    { name: 'RM3: 20 terms', change: fb({ terms: 20 }) },
    { name: 'RM3: 30 terms', change: fb({ terms: 30 }) },
  ],
  [
    { name: 'RM3: λ=0.4', change: fb({ originalWeight: 0.4 }) },
    { name: 'RM3: λ=0.6', change: fb({ originalWeight: 0.6 }) },
  ],
  [
    { name: 'RM3: df cap 25%', change: fb({ maxDocFreq: 0.25 }) },
    { name: 'RM3: no df cap', change: fb({ maxDocFreq: 1 }) },
  ],
];

export function runLexicalSteps(collections: readonly [Collection, Collection]): void {
  const row = (name: string, a: LexicalResult, b: LexicalResult, verdict: string): string =>
    `| ${name} | ${f3(a.ndcg10)} | ${f3(a.recall100)} | ${f3(a.map1000)} | ${f3(b.ndcg10)} | ${f3(b.recall100)} | ${f3(b.map1000)} | ${f2(a.meanMs)} / ${f2(b.meanMs)} | ${verdict} |`;
  const run = (config: LexicalConfig): [LexicalResult, LexicalResult] =>
    collections.map((c) => runLexical(c, config, 1)) as [LexicalResult, LexicalResult];
  console.log('| step | Cran nDCG@10 | Cran R@100 | Cran MAP | CISI nDCG@10 | CISI R@100 | CISI MAP | mean ms (Cran / CISI) | kept? |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  let kept = BASELINE;
  let [ka, kb] = run(kept);
  console.log(row('baseline: Lucene stop set, Porter, hyphen split, k1=1.2 b=0.75, title weight 1', ka, kb, '—'));
  for (const group of GROUPS) {
    const tried = group.map((alt) => {
      const config = alt.change(kept);
      const [a, b] = run(config);
      return { alt, config, a, b, qualifies: a.ndcg10 > ka.ndcg10 && b.ndcg10 > kb.ndcg10 };
    });
    const best = tried.filter((t) => t.qualifies).sort((x, y) => y.a.ndcg10 + y.b.ndcg10 - (x.a.ndcg10 + x.b.ndcg10))[0];
    for (const t of tried) console.log(row(t.alt.name, t.a, t.b, t === best ? '**kept**' : t.qualifies ? 'helps both, not best' : 'no'));
    if (best) [kept, ka, kb] = [best.config, best.a, best.b];
  }
  console.log(`\nfinal: tokenizer ${tokenizerId(kept.tokenizer)}, params ${JSON.stringify(kept.params)}`);
}

