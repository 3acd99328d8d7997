import { tokenize } from '../lexical/tokenize.js';

/**
 * When does the shelf answer a question at all? Pure.
 *
 * A question is on the shelf's topic when the words that make it specific are words the shelf is
 * about. "Specific" is measured against everyday English (the background model): a word's weight
 * is its information, −ln P(word), so "sourdough" or "aeroelastic" weigh far more than "make" or
 * "good". "The shelf is about it" means the shelf uses the word in more papers than everyday
 * English would predict for papers of that length, with a grace of a couple of papers: a word
 * that appears in one stray abstract of a large shelf is not one of its topics.
 *
 * The topical share is the part of the question's information carried by such words (bare
 * numbers, the general vocabulary of academic prose, and request words the shelf does not use are
 * left out). It is a
 * share, so a long question is not punished for its filler (filler is everyday English and weighs
 * little), and an off-topic question is not rescued by sharing common words with the shelf
 * ("temperature", "system": they weigh little too). `npm run eval` measures the rule as a
 * classifier (on-topic questions must be answered, off-topic ones refused) and chooses its
 * threshold on one collection to report it on the other.
 */

export interface VocabularyStats {
  /** Papers on the shelf. */
  docCount: number;
  /** Mean terms per paper. */
  meanDocLength: number;
  docFrequency(term: string): number;
}

export interface BackgroundStats {
  /** Probability of the term per running word of everyday English (> 0). */
  probability(term: string): number;
}

/**
 * A word must be in more papers than everyday English predicts plus a grace to be "the shelf's":
 * two papers, so a stray mention in a large shelf is not a topic, but never more than this share
 * of the shelf, so a ten-paper shelf's words still count when one paper uses them.
 */
export const AT_HOME_GRACE_PAPERS = 2;
export const AT_HOME_GRACE_SHARE = 0.0015;

/** The share of a question's information that must be the shelf's words; see `npm run eval` for how it was chosen. */
export const DEFAULT_MIN_TOPICAL_SHARE = 0.74;

const DIGITS = /^[0-9]+$/;

/**
 * Words that describe the asking rather than the topic ("I would like to know about papers that
 * discuss …"). They are everyday English, so a question full of them would look off-topic; they
 * count for a question when the shelf uses them, never against it.
 */
export const REQUEST_WORDS: ReadonlySet<string> = new Set(
  tokenize(
    'know like want need wish interest interested find look looking tell explain describe discuss discussing ' +
      'paper papers article articles work works deal dealing regarding concerning please help show give wonder curious',
  ),
);

/**
 * The general vocabulary of academic prose, common to every field ("a new method for the analysis
 * of …"). Every shelf of abstracts uses these words more than everyday speech does, so against the
 * everyday background they would make any scientific question look like the shelf's own. They say
 * nothing about which field a question is in, so they count neither for nor against it.
 */
export const ACADEMIC_WORDS: ReadonlySet<string> = new Set(
  tokenize(
    'analysis analyse analyze approach approaches assess assessment assume assumption basis case cases compare comparison ' +
      'concept conclusion consider context criteria current data define definition demonstrate derive describe design ' +
      'determine develop developed development different effect effects effective efficient element establish estimate ' +
      'evaluate evaluation evidence examine example existing experiment experimental factor factors feature features framework ' +
      'general identify illustrate impact implement implication important improve include indicate influence investigate ' +
      'investigation issue issues literature major method methods methodology new novel obtain observe occur outcome paper ' +
      'parameter particular perform performance possible potential present presented previous principle problem problems ' +
      'procedure process propose proposed provide purpose recent relate related relation relationship relevant require ' +
      'requirement research result results review role scheme significant similar simple specific strategy study studies ' +
      'suggest technique techniques theory theoretical type types use used using various aspect aspects application applications applied',
  ),
);

export interface Topicality {
  /** Share of the question's information carried by the shelf's words, 0–1 (0 for no words). */
  share: number;
  /** The question's terms that are the shelf's words: a paper must contain one to count as evidence. */
  shelfTerms: readonly string[];
  /** Every term that counts (the shelf's or not), for "one paper holds the whole question". */
  counted: readonly string[];
}

/** Whether the shelf uses the term more than everyday English predicts (plus the grace). */
export function isShelfTerm(term: string, shelf: VocabularyStats, background: BackgroundStats): boolean {
  const df = shelf.docFrequency(term);
  if (df === 0) return false;
  // Papers expected to contain the term if they were everyday English of the same length.
  const expected = shelf.docCount * -Math.expm1(-shelf.meanDocLength * background.probability(term));
  return df > expected + Math.min(AT_HOME_GRACE_PAPERS, AT_HOME_GRACE_SHARE * shelf.docCount);
}

/**
 * The question's topical share and its shelf terms. Bare numbers are left out: "2014" or "4"
 * say nothing about a topic, and everyday English rarely spells them as digits.
 */
export function topicality(tokens: readonly string[], shelf: VocabularyStats, background: BackgroundStats): Topicality {
  let total = 0;
  let topical = 0;
  const shelfTerms: string[] = [];
  const counted: string[] = [];
  for (const term of new Set(tokens)) {
    if (DIGITS.test(term) || ACADEMIC_WORDS.has(term)) continue;
    const information = -Math.log(background.probability(term));
    const onShelf = isShelfTerm(term, shelf, background);
    if (!onShelf && REQUEST_WORDS.has(term)) continue;
    counted.push(term);
    total += information;
    if (onShelf) {
      topical += information;
      shelfTerms.push(term);
    }
  }
  return { share: total > 0 ? topical / total : 0, shelfTerms, counted };
}

/**
 * The other way a question is on topic: one paper holds every word of it that counts, one of them
 * the shelf's. A short, precise question about a rare subject ("properties of photoelastic
 * materials", where the rare word is in two papers and so not yet the shelf's) is then answered
 * by the paper it names; it needs no threshold, since nothing short of the whole question counts.
 */
export function heldWhole(topic: Topicality, has: (term: string) => boolean): boolean {
  return topic.counted.length > 0 && topic.counted.every(has) && topic.shelfTerms.some(has);
}

/** What decides "evidence": the lexical gate for every model, and the model's dense floor. */
export interface RelevanceRule {
  minTopicalShare: number;
  /** Cosine at or above which a passage is evidence on its own; null: dense similarity alone never is. */
  minDense: number | null;
}

export interface PaperEvidence {
  /** The question passed the topical-share gate, or one paper holds it whole. */
  onTopic: boolean;
  /** The paper contains at least one of the question's shelf terms. */
  hasShelfTerm: boolean;
  /** Best passage cosine, or null without dense search. */
  dense: number | null;
}

/** A paper is evidence when the question is on topic and the paper holds its words, or the model is sure on its own. */
export function isEvidence(e: PaperEvidence, rule: RelevanceRule): boolean {
  if (e.onTopic && e.hasShelfTerm) return true;
  return e.dense !== null && rule.minDense !== null && e.dense >= rule.minDense;
}
