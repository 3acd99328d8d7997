/**
 * How long the synthetic abstracts' sentences are: words per sentence, as quantiles of real arXiv
 * abstracts (the 2,000 records of ../shared/corpus/arxiv-sample.jsonl, split by the product's own
 * sentence splitter). Committed as a constant so the benchmark runs from a clone without that
 * folder; rederive it with
 *
 *   npx tsx scripts/bench/abstract-lengths.ts ../shared/corpus/arxiv-sample.jsonl
 *
 * The sample (April 2007, mostly physics) has shorter abstracts than today's cs.LG ones: its median
 * is 5 sentences and 108 words (the command prints both). The shelf therefore keeps the issue's 6–12
 * sentences per abstract and takes only the sentence lengths from the sample: the shelf's abstracts
 * come out at about 140–290 words (10th–90th percentile), median near 210.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { Rng } from './rng.js';

/** Quantiles at 0, 5, 10, …, 100 % of words per sentence in the sample (derived by the command above). */
// prettier-ignore
export const WORDS_PER_SENTENCE_QUANTILES: readonly number[] = [5, 10, 12, 14, 15, 16, 18, 19, 20, 21, 22, 23, 25, 26, 28, 29, 31, 34, 37, 43, 60];

/** Sentences shorter or longer than this are LaTeX or list debris in the sample, not prose. */
const MIN_WORDS = 5;
const MAX_WORDS = 60;

export interface LengthFit {
  records: number;
  quantiles: number[];
  sentencesPerAbstract: { p10: number; p50: number; p90: number };
  wordsPerAbstract: { p10: number; p50: number; p90: number };
}

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const x = p * (sorted.length - 1);
  const lo = Math.floor(x);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
}

/** Fits the quantiles from arXiv metadata records (JSON lines with an `abstract`). */
export function fitAbstractLengths(jsonl: string): LengthFit {
  const perSentence: number[] = [];
  const sentences: number[] = [];
  const words: number[] = [];
  let records = 0;
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    const { abstract } = JSON.parse(line) as { abstract?: unknown };
    if (typeof abstract !== 'string') continue;
    const text = abstract.replace(/\s+/g, ' ').trim();
    const split = splitSentences(text);
    records++;
    sentences.push(split.length);
    words.push(wordCount(text));
    for (const s of split) perSentence.push(Math.min(MAX_WORDS, Math.max(MIN_WORDS, wordCount(s.text))));
  }
  const sort = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
  const [ps, ss, ws] = [sort(perSentence), sort(sentences), sort(words)];
  const at = (xs: number[], p: number): number => Math.round(quantile(xs, p));
  const three = (xs: number[]) => ({ p10: at(xs, 0.1), p50: at(xs, 0.5), p90: at(xs, 0.9) });
  return {
    records,
    quantiles: Array.from({ length: 21 }, (_, i) => Math.round(quantile(ps, i / 20) * 10) / 10),
    sentencesPerAbstract: three(ss),
    wordsPerAbstract: three(ws),
  };
}

/** A sentence length drawn from the fitted distribution (inverse CDF, linear between quantiles). */
export function drawSentenceWords(rng: Rng, quantiles: readonly number[] = WORDS_PER_SENTENCE_QUANTILES): number {
  const x = rng.next() * (quantiles.length - 1);
  const i = Math.floor(x);
  const lo = quantiles[i]!;
  const hi = quantiles[Math.min(quantiles.length - 1, i + 1)]!;
  return Math.round(lo + (hi - lo) * (x - i));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npx tsx scripts/bench/abstract-lengths.ts ARXIV_METADATA.jsonl\n');
    process.exit(2);
  }
  const fit = fitAbstractLengths(readFileSync(file, 'utf8'));
  process.stdout.write(
    `${fit.records} abstracts; sentences per abstract p10/p50/p90 ${fit.sentencesPerAbstract.p10}/${fit.sentencesPerAbstract.p50}/${fit.sentencesPerAbstract.p90}; ` +
      `words p10/p50/p90 ${fit.wordsPerAbstract.p10}/${fit.wordsPerAbstract.p50}/${fit.wordsPerAbstract.p90}\n` +
      `WORDS_PER_SENTENCE_QUANTILES = [${fit.quantiles.join(', ')}]\n`,
  );
}
