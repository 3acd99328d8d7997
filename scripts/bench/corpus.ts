import { writeFile } from 'node:fs/promises';
import type { Paper } from '../../src/corpus/types.js';
import { createRng, type Rng } from './rng.js';
import { ADJECTIVES, DATASETS, DOMAIN_TERMS, FIRST_NAMES, LAST_NAMES, METRICS, NOUNS, PROBLEMS, VENUES, VERBS } from './vocabulary.js';
import { drawSentenceWords } from './abstract-lengths.js';

export const DEFAULT_SEED = 20240917;

/** Zipf-like pick: low indices are much more frequent, so a few terms are common and most are rare. */
function zipf<T>(rng: Rng, items: readonly T[]): T {
  const i = Math.floor(items.length ** rng.next()) - 1;
  return items[Math.max(0, Math.min(items.length - 1, i))] as T;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One sentence of an abstract about a topic, as long as a real arXiv sentence (a length drawn from
 * abstract-lengths.ts): a template sentence, lengthened with clauses before its final period.
 */
function sentence(rng: Rng, topic: readonly string[], index: number, count: number): string {
  const target = drawSentenceWords(rng);
  let text = baseSentence(rng, topic, index, count);
  const words = (s: string): number => s.split(' ').length;
  const t = () => (rng.next() < 0.6 ? rng.pick(topic) : zipf(rng, DOMAIN_TERMS));
  while (words(text) + 2 < target) {
    const clause = rng.pick([
      () => `, which ${rng.pick(VERBS)} the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`,
      () => ` in ${rng.pick(ADJECTIVES)} ${t()} settings`,
      () => ` across ${rng.int(2, 90)} ${rng.pick(NOUNS)}s`,
      () => ` with ${rng.pick(ADJECTIVES)} ${t()} and ${rng.pick(NOUNS)}s`,
      () => ` under ${rng.pick(PROBLEMS)}`,
      () => ` for ${t()}`,
    ])();
    text = `${text.slice(0, -1)}${clause}.`;
  }
  return text;
}

/** The template sentence at the core of each sentence. */
function baseSentence(rng: Rng, topic: readonly string[], index: number, count: number): string {
  const t = () => rng.pick(topic);
  const term = () => (rng.next() < 0.7 ? t() : zipf(rng, DOMAIN_TERMS));
  const adj = () => rng.pick(ADJECTIVES);
  const noun = () => rng.pick(NOUNS);
  const pct = () => `${rng.int(1, 99)}.${rng.int(0, 9)}%`;
  if (index === 0) {
    return rng.pick([
      () => `${cap(term())} ${noun()}s are central to ${adj()} ${term()} and ${term()} ${noun()}s.`,
      () => `Understanding ${term()} under ${rng.pick(PROBLEMS)} remains an open problem for ${adj()} ${noun()}s.`,
      () => `Recent work on ${term()} has focused on ${adj()} ${noun()}s for ${term()}.`,
    ])();
  }
  if (index === count - 1) {
    return rng.pick([
      () => `Code and data for the ${term()} ${noun()} are publicly available.`,
      () => `These results suggest that ${term()} is a promising direction for ${adj()} ${term()}.`,
      () => `We discuss limitations of the ${adj()} ${noun()} and outline future work on ${term()}.`,
    ])();
  }
  return rng.pick([
    () => `We propose a ${adj()} ${noun()} for ${term()} ${noun()}s based on ${term()}.`,
    () => `Existing ${noun()}s for ${term()} suffer from ${rng.pick(PROBLEMS)} and ${rng.pick(PROBLEMS)}.`,
    () => `Our ${noun()} achieves ${pct()} ${rng.pick(METRICS)} on ${rng.pick(DATASETS)}, outperforming the ${adj()} baseline by ${pct()}.`,
    () => `The ${adj()} ${noun()} ${rng.pick(VERBS)} ${term()} while keeping the ${noun()} ${adj()}.`,
    () => `We show theoretically that ${term()} ${rng.pick(VERBS)} the ${adj()} ${term()} of the ${noun()}.`,
    () =>
      `Experiments on ${rng.pick(DATASETS)} and ${rng.pick(DATASETS)} (e.g. ${rng.int(3, 500)} ${noun()}s) confirm the ${term()} effect.`,
    () => `In contrast to prior ${term()} ${noun()}s, our ${noun()} requires no ${adj()} ${term()}.`,
    () => `A ${adj()} analysis of ${term()} reveals a ${rng.int(2, 40)}-fold gain in ${rng.pick(METRICS)}.`,
    () => `Furthermore, the ${term()} ${noun()} scales to ${rng.int(2, 900)} million ${noun()}s on ${rng.int(1, 64)} GPUs.`,
  ])();
}

function title(rng: Rng, topic: readonly string[]): string {
  const [a, b] = [rng.pick(topic), rng.pick(topic)];
  return rng.pick([
    () => `${cap(rng.pick(ADJECTIVES))} ${a} ${rng.pick(NOUNS)}s for ${b}`,
    () => `On the ${rng.pick(NOUNS)} of ${a} in ${rng.pick(ADJECTIVES)} ${b}`,
    () => `${cap(a)}: a ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} for ${b} ${rng.pick(NOUNS)}s`,
    () => `Learning ${a} with ${rng.pick(ADJECTIVES)} ${b} ${rng.pick(NOUNS)}s`,
  ])();
}

/** Paper `i` of the shelf for `seed`; papers are independent, so shelf n+1 extends shelf n. */
export function syntheticPaper(seed: number, i: number): Paper {
  const rng = createRng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const topic = Array.from({ length: rng.int(3, 5) }, () => zipf(rng, DOMAIN_TERMS));
  const count = rng.int(6, 12);
  const sentences = Array.from({ length: count }, (_, s) => sentence(rng, topic, s, count));
  const authors = Array.from({ length: rng.int(1, 6) }, () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`);
  const id = `bench:${String(i).padStart(6, '0')}`;
  return {
    id,
    title: title(rng, topic),
    authors,
    year: rng.int(1990, 2024),
    venue: rng.next() < 0.15 ? null : rng.pick(VENUES),
    url: `https://example.org/papers/${id.slice(6)}`,
    code: rng.next() < 0.3 ? `https://example.org/code/${id.slice(6)}` : null,
    abstract: sentences.join(' '),
  };
}

export function syntheticShelf(count: number, seed = DEFAULT_SEED, from = 0): Paper[] {
  return Array.from({ length: count }, (_, k) => syntheticPaper(seed, from + k));
}

export function toJsonl(papers: readonly Paper[]): string {
  return papers.map((p) => JSON.stringify(p)).join('\n') + '\n';
}

/** Writes the shelf of `count` papers; the same seed gives byte-identical files. */
export async function writeShelf(path: string, count: number, seed = DEFAULT_SEED): Promise<Paper[]> {
  const papers = syntheticShelf(count, seed);
  await writeFile(path, toJsonl(papers));
  return papers;
}
