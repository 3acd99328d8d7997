import type { LoadedIndex } from '../index/load.js';
import { tokenize } from '../lexical/tokenize.js';
import type { QueryInput } from './search.js';

/**
 * How much a query term found in a passage or sentence counts next to cosine similarity.
 * Coverage is 0–1 like cosine, so 1 weighs "all the query's words are here" as much as a perfect
 * dense match: keeps quotes literal when the dense model is weak.
 */
const LEXICAL_WEIGHT = 1;

export interface QuoteChoice {
  passage: number;
  /** Global sentence index of the key sentence (inside the passage). */
  sentence: number;
}

/** The query's distinct terms with their IDF, looked up once per quote instead of once per text. */
interface QueryTerms {
  index: Map<string, number>;
  idf: number[];
  total: number;
}

function queryTerms(queryTokens: readonly string[], idf: (term: string) => number): QueryTerms {
  const index = new Map<string, number>();
  const weights: number[] = [];
  let total = 0;
  for (const t of new Set(queryTokens)) {
    const w = idf(t);
    index.set(t, weights.length);
    weights.push(w);
    total += w;
  }
  return { index, idf: weights, total };
}

/** Which query terms (by position in QueryTerms) a text contains. */
function presentTerms(q: QueryTerms, text: string): Uint8Array {
  const present = new Uint8Array(q.idf.length);
  if (q.idf.length === 0) return present;
  for (const token of tokenize(text)) {
    const i = q.index.get(token);
    if (i !== undefined) present[i] = 1;
  }
  return present;
}

/** Share of the query's IDF mass present in a text (0–1). */
function coverageOf(q: QueryTerms, present: Uint8Array): number {
  if (q.idf.length === 0) return 0;
  let found = 0;
  for (let i = 0; i < present.length; i++) if (present[i] === 1) found += q.idf[i] as number;
  return q.total === 0 ? 0 : found / q.total;
}

/** ASCII-only text tokenizes the same whole or sentence by sentence (see passageTerms). */
// eslint-disable-next-line no-control-regex -- an ASCII range: the control characters are meant to be in it
const NON_ASCII_OR_BACKTICK = /[^\x00-\x5f\x61-\x7f]/;

/**
 * Terms of a passage. Sentences are separated by whitespace, which no token spans, so an ASCII
 * passage's tokens are its sentences' tokens: OR their masks instead of tokenizing it again (the
 * quote step's main cost). Other text takes the tokenizer's Unicode path (which also folds
 * backticks into apostrophes) on the passage as a whole, so it is tokenized whole, as before.
 */
function passageTerms(q: QueryTerms, text: string, sentences: readonly Uint8Array[]): Uint8Array {
  if (NON_ASCII_OR_BACKTICK.test(text)) return presentTerms(q, text);
  const out = new Uint8Array(q.idf.length);
  for (const s of sentences) for (let i = 0; i < s.length; i++) out[i]! |= s[i]!;
  return out;
}

/**
 * The most sentences of one paper the quote step scores. Real abstracts have 5–20; one at the
 * corpus limit (MAX_ABSTRACT_CHARS) can have 400+, and scoring them all cost up to ~100 ms of
 * blocked event loop per question for five such papers. Past this, the rest of the abstract is
 * not quoted from: the bound keeps every question's quote work under ~10 ms.
 */
export const MAX_QUOTE_SENTENCES = 64;

/** Picks the passage of a paper that best answers the query, and its key sentence. */
export function selectQuote(index: LoadedIndex, paper: number, query: QueryInput): QuoteChoice {
  const ds = index.docstore;
  const abstract = (index.papers[paper] as { abstract: string }).abstract;
  const q = queryTerms(query.tokens, (t) => index.lexical.idf(t));
  const sentenceText = (s: number) => abstract.slice(ds.sentenceStart[s], ds.sentenceEnd[s]);

  const sFrom = ds.paperSentenceFrom[paper] as number;
  const sTo = Math.min(ds.paperSentenceFrom[paper + 1] as number, sFrom + MAX_QUOTE_SENTENCES);
  const sentenceTerms: Uint8Array[] = [];
  const sentenceScore = new Float64Array(sTo - sFrom);
  for (let s = sFrom; s < sTo; s++) {
    const terms = presentTerms(q, sentenceText(s));
    sentenceTerms.push(terms);
    const dense = query.vector ? index.sentenceDot(s, query.vector) : 0;
    sentenceScore[s - sFrom] = dense + LEXICAL_WEIGHT * coverageOf(q, terms);
  }

  const pFrom = ds.paperPassageFrom[paper] as number;
  const pTo = ds.paperPassageFrom[paper + 1] as number;
  let best: QuoteChoice = { passage: pFrom, sentence: sFrom };
  let bestScore = -Infinity;
  for (let p = pFrom; p < pTo; p++) {
    const from = ds.passageFrom[p] as number;
    const to = ds.passageTo[p] as number;
    if (to > sTo) break; // passages are in sentence order: the rest lie past the bound
    const text = abstract.slice(ds.sentenceStart[from], ds.sentenceEnd[to - 1]);
    const dense = query.vector ? index.passageDot(p, query.vector) : 0;
    const score = dense + LEXICAL_WEIGHT * coverageOf(q, passageTerms(q, text, sentenceTerms.slice(from - sFrom, to - sFrom)));
    if (score > bestScore) {
      bestScore = score;
      let key = from;
      for (let s = from + 1; s < to; s++) if ((sentenceScore[s - sFrom] as number) > (sentenceScore[key - sFrom] as number)) key = s;
      best = { passage: p, sentence: key };
    }
  }
  return best;
}

/** The sentence of an abstract closest to the whole abstract: a paper's summary line (digests, /similar). */
export function representativeSentence(index: LoadedIndex, paper: number): number {
  const ds = index.docstore;
  const from = ds.paperSentenceFrom[paper] as number;
  const to = ds.paperSentenceFrom[paper + 1] as number;
  const pv = index.paperVector(paper);
  let best = from;
  let bestScore = -Infinity;
  for (let s = from; s < to; s++) {
    const score = index.sentenceDot(s, pv);
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return best;
}
