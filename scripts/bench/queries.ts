import type { Paper } from '../../src/corpus/types.js';
import { createRng, type Rng } from './rng.js';
import { DOMAIN_TERMS, METRICS, NOUNS, PROBLEMS, VERBS, ADJECTIVES } from './vocabulary.js';

/** A phrase of 4–8 consecutive words from one sentence of a random abstract: the "I remember a paper saying…" query. */
function phraseQuery(rng: Rng, papers: readonly Paper[]): string {
  const paper = rng.pick(papers);
  const sentences = paper.abstract.split(/(?<=\.)\s+/);
  const words = rng
    .pick(sentences)
    .replace(/[.,()]/g, '')
    .split(/\s+/);
  const len = Math.min(words.length, rng.int(4, 8));
  const from = rng.int(0, words.length - len);
  return words.slice(from, from + len).join(' ');
}

function questionQuery(rng: Rng): string {
  const term = () => rng.pick(DOMAIN_TERMS);
  return rng.pick([
    () => `How does ${term()} affect ${rng.pick(METRICS)}?`,
    () => `Which ${rng.pick(NOUNS)} reduces ${rng.pick(PROBLEMS)} in ${term()}?`,
    () => `What ${rng.pick(ADJECTIVES)} methods exist for ${term()} and ${term()}?`,
    () => `Does ${term()} ${rng.pick(VERBS).replace(/s$/, '')} the ${rng.pick(NOUNS)}?`,
  ])();
}

function keywordQuery(rng: Rng): string {
  return Array.from({ length: rng.int(2, 3) }, () => rng.pick(DOMAIN_TERMS)).join(' ');
}

/** `count` queries from the shelf's vocabulary: 40 % phrases from abstracts, 35 % questions, 25 % keywords. */
export function benchQueries(papers: readonly Paper[], count: number, seed: number): string[] {
  const rng = createRng(seed ^ 0x51ed);
  return Array.from({ length: count }, () => {
    const r = rng.next();
    if (r < 0.4) return phraseQuery(rng, papers);
    if (r < 0.75) return questionQuery(rng);
    return keywordQuery(rng);
  });
}
