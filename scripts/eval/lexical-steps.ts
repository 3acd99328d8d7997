/**
 * Every lexical choice, leave-one-collection-out. Starting from plain BM25 (k1 1.2, b 0.75, every
 * field weighted 1, no feedback) over the project tokenizer (Snowball stop words, Porter stems),
 * each group of alternatives is tried on its own: the alternative that raises nDCG@10 most on one
 * collection is scored on the other. A step is worth keeping only if, chosen on either collection,
 * it raises the other significantly (paired randomization test over its queries, one-sided
 * p < 0.05); otherwise the plain setting stands. The production defaults are those of the baseline
 * plus the kept steps (DEFAULT_BM25_PARAMS, DEFAULT_TOKENIZER_OPTIONS).
 *
 * It calls Bm25Index directly (not searchPapers) because some steps vary the tokenizer, which a
 * built papershelf index fixes. Fields: title, authors, body (the abstract); top 100 per query.
 */
import { Bm25Index, DEFAULT_BM25_PARAMS, type Bm25Params } from '../../src/lexical/bm25.js';
import { DEFAULT_TOKENIZER_OPTIONS, createTokenizer, tokenizerId, type TokenizerOptions } from '../../src/lexical/tokenize.js';
import { createRng } from '../bench/rng.js';
import { LUCENE_STOP_LIST, NO_STOP_LIST, SMART_STOP_LIST } from './stop-lists.js';
import { judgedQueries, type Collection } from '../../src/calibrate/collections.js';
import { mean, ndcgAt } from '../../src/calibrate/metrics.js';

export interface LexicalConfig {
  tokenizer: TokenizerOptions;
  params: Bm25Params;
}

/** The plain, well-known setting every step is measured against. */
export const PLAIN: LexicalConfig = {
  tokenizer: { ...DEFAULT_TOKENIZER_OPTIONS },
  params: { k1: 1.2, b: 0.75, fieldWeights: { title: 1 }, feedback: null },
};

const RM3 = { docs: 10, terms: 30, originalWeight: 0.5, maxDocFreq: 0.25 };

type Change = (c: LexicalConfig) => LexicalConfig;
const tok =
  (t: Partial<TokenizerOptions>): Change =>
  (c) => ({ ...c, tokenizer: { ...c.tokenizer, ...t } });
const par =
  (p: Partial<Bm25Params>): Change =>
  (c) => ({ ...c, params: { ...c.params, ...p } });

export interface Step {
  name: string;
  alternatives: { name: string; change: Change }[];
}

export const STEPS: readonly Step[] = [
  {
    name: 'stop words',
    alternatives: [
      { name: 'Lucene stop list', change: tok({ stopwords: LUCENE_STOP_LIST }) },
      { name: 'SMART stop list', change: tok({ stopwords: SMART_STOP_LIST }) },
      { name: 'no stop list', change: tok({ stopwords: NO_STOP_LIST }) },
    ],
  },
  { name: 'stemming', alternatives: [{ name: 'no stemming', change: tok({ stem: false }) }] },
  {
    name: 'hyphenated words',
    alternatives: [
      { name: 'joined form only', change: tok({ hyphens: 'join' }) },
      { name: 'parts + joined form', change: tok({ hyphens: 'both' }) },
    ],
  },
  {
    name: 'length normalisation b',
    alternatives: [0.3, 0.5, 0.9, 1].map((b) => ({ name: `b ${b}`, change: par({ b }) })),
  },
  {
    name: 'saturation k1',
    alternatives: [0.9, 1.5, 2].map((k1) => ({ name: `k1 ${k1}`, change: par({ k1 }) })),
  },
  {
    name: 'title weight (BM25F)',
    alternatives: [1.5, 2, 3].map((w) => ({ name: `title ×${w}`, change: par({ fieldWeights: { title: w } }) })),
  },
  { name: 'authors field', alternatives: [{ name: 'authors not searched', change: par({ fieldWeights: { title: 1, authors: 0 } }) }] },
  {
    name: 'RM3 feedback',
    alternatives: [
      { name: 'RM3: 10 docs, 30 terms, λ 0.5', change: par({ feedback: RM3 }) },
      { name: 'RM3: 10 docs, 10 terms, λ 0.7', change: par({ feedback: { ...RM3, terms: 10, originalWeight: 0.7 } }) },
    ],
  },
];

/** nDCG@10 of every judged query, in judgedQueries order. */
export function perQueryNdcg(c: Collection, config: LexicalConfig): number[] {
  const isDefaultTokenizer = tokenizerId(config.tokenizer) === tokenizerId(DEFAULT_TOKENIZER_OPTIONS);
  const index = Bm25Index.build(
    c.docs.map((d) => ({ fields: { title: d.title, authors: d.authors, body: d.text } })),
    isDefaultTokenizer
      ? { params: config.params }
      : { params: config.params, tokenizer: createTokenizer(config.tokenizer), tokenizerId: tokenizerId(config.tokenizer) },
  );
  return judgedQueries(c).map((q) =>
    ndcgAt(
      index.search(q.text, 100).map((h) => c.docs[h.doc]!.id),
      c.qrels.get(q.id)!,
      10,
    ),
  );
}

/**
 * One-sided paired randomization test: the share of random sign flips of the per-query differences
 * whose mean is at least the observed one. Seeded, so the report is the same on every run.
 */
export function randomizationP(diffs: readonly number[], rounds = 10_000, seed = 1): number {
  const observed = mean(diffs);
  const rng = createRng(seed);
  let atLeast = 0;
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (const d of diffs) sum += rng.next() < 0.5 ? d : -d;
    if (sum / diffs.length >= observed - 1e-12) atLeast++;
  }
  return (atLeast + 1) / (rounds + 1);
}

export interface Direction {
  trainedOn: string;
  scoredOn: string;
  /** The alternative that raised nDCG@10 most on the training collection, or null when none did. */
  chosen: string | null;
  trainGain: number;
  testGain: number;
  p: number | null;
}

export interface StepResult {
  step: string;
  directions: Direction[];
  kept: boolean;
}

export interface LexicalLoco {
  baseline: { collection: string; ndcg10: number }[];
  steps: StepResult[];
}

export const SIGNIFICANCE = 0.05;

export function runLexicalLoco(collections: readonly Collection[]): LexicalLoco {
  const base = collections.map((c) => perQueryNdcg(c, PLAIN));
  const steps = STEPS.map((step): StepResult => {
    const scored = step.alternatives.map((alt) => ({ alt, perQuery: collections.map((c) => perQueryNdcg(c, alt.change(PLAIN))) }));
    const directions = collections.map((train, t): Direction => {
      const test = collections.findIndex((_, i) => i !== t);
      const gainOn = (s: (typeof scored)[number], i: number) => mean(s.perQuery[i]!) - mean(base[i]!);
      const best = scored.filter((s) => gainOn(s, t) > 0).sort((a, b) => gainOn(b, t) - gainOn(a, t))[0];
      if (!best) return { trainedOn: train.name, scoredOn: collections[test]!.name, chosen: null, trainGain: 0, testGain: 0, p: null };
      const diffs = best.perQuery[test]!.map((x, i) => x - base[test]![i]!);
      return {
        trainedOn: train.name,
        scoredOn: collections[test]!.name,
        chosen: best.alt.name,
        trainGain: gainOn(best, t),
        testGain: mean(diffs),
        p: randomizationP(diffs),
      };
    });
    const kept = directions.every((d) => d.chosen !== null && d.testGain > 0 && d.p !== null && d.p < SIGNIFICANCE);
    return { step: step.name, directions, kept };
  });
  return { baseline: collections.map((c, i) => ({ collection: c.name, ndcg10: mean(base[i]!) })), steps };
}

/** The production defaults are the plain setting (no step passed); this checks the code agrees. */
export function productionIsPlain(): boolean {
  const p = DEFAULT_BM25_PARAMS;
  return (
    p.k1 === PLAIN.params.k1 &&
    p.b === PLAIN.params.b &&
    p.feedback === null &&
    Object.entries(p.fieldWeights).every(([, w]) => w === 1) &&
    tokenizerId(DEFAULT_TOKENIZER_OPTIONS) === tokenizerId(PLAIN.tokenizer)
  );
}
