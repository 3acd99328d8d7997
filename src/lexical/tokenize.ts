import { stemmer } from 'stemmer';
import { SNOWBALL_STOP_LIST, type StopList } from './stopwords.js';

/**
 * The one tokenizer for lexical search: documents at build time and queries at search
 * time go through the same function, so their terms meet.
 *
 * Steps: lowercase → strip accents (NFKD, drop combining marks) → words of letters and
 * digits (an apostrophe or hyphen between two of them stays inside the word) → English
 * possessive "'s" dropped → stop words dropped → Porter stem.
 *
 * Hyphenated words are split into their parts ("boundary-layer" → boundary, layer): people
 * write the same compound with a space or a hyphen ("boundary layer", "boundary-layer",
 * "real-time"), and split parts match both spellings. Indexing the joined form instead, or
 * in addition, was measured and did not help on both collections (`npm run eval -- --lexical-steps`).
 * Digits are kept ("3d", "1958"): numbers and model names are precise evidence in papers.
 */
export interface TokenizerOptions {
  stopwords: StopList;
  stem: boolean;
  hyphens: 'split' | 'join' | 'both';
  /** Words shorter than this (after stop words, before stemming) are dropped. */
  minLength: number;
}

export type Tokenizer = (text: string) => string[];

/** Production defaults, chosen by measurement on Cranfield and CISI (Snowball beat SMART, Lucene, none). */
export const DEFAULT_TOKENIZER_OPTIONS: Readonly<TokenizerOptions> = Object.freeze({
  stopwords: SNOWBALL_STOP_LIST,
  stem: true,
  hyphens: 'split',
  minLength: 1,
});

/** Names a tokenizer configuration; a lexical index records it so a stale index is detected. */
export function tokenizerId(options: Readonly<TokenizerOptions>): string {
  return `v1:${options.stopwords.name}:${options.stem ? 'porter' : 'nostem'}:${options.hyphens}:min${options.minLength}`;
}

export const TOKENIZER_ID = tokenizerId(DEFAULT_TOKENIZER_OPTIONS);

// Letters NFKD does not decompose into a base letter plus marks (prettier-ignore keeps the table on few lines).
// prettier-ignore
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ĸ: 'k',
};
const FOLD_RE = /[ßæœøłđðþıĸ]/g;
// eslint-disable-next-line no-control-regex -- an ASCII range: the control characters are meant to be in it
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;
// Typographic apostrophes and dashes become ASCII so one word pattern handles them.
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;
const HYPHENS = /[\u2010\u2011]/g;

const ASCII_WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;
const UNICODE_WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;
const HAS_DIGIT = /[0-9]/;

function normalise(text: string): string {
  let s = text.toLowerCase();
  if (NON_ASCII.test(s)) {
    s = s
      .replace(FOLD_RE, (c) => FOLD[c] ?? c)
      .normalize('NFKD')
      .replace(MARKS, '')
      .replace(APOSTROPHES, "'")
      .replace(HYPHENS, '-');
  }
  return s;
}

/** Builds a tokenizer; production code uses `tokenize`, the evaluation compares variants. */
export function createTokenizer(options: Readonly<TokenizerOptions> = DEFAULT_TOKENIZER_OPTIONS): Tokenizer {
  // Stop words are compared to words as written (apostrophes kept), like the lists themselves.
  const stop = new Set(options.stopwords.words);
  const { stem, hyphens, minLength } = options;
  // Stemming dominates the cost; the vocabulary is small next to the token count.
  const cache = new Map<string, string>();
  const CACHE_LIMIT = 200_000;

  const emit = (word: string, out: string[]): void => {
    if (word.length < minLength || stop.has(word)) return;
    const bare = word.includes("'") ? word.replaceAll("'", '') : word;
    if (!stem || HAS_DIGIT.test(bare)) {
      out.push(bare);
      return;
    }
    let stemmed = cache.get(bare);
    if (stemmed === undefined) {
      stemmed = stemmer(bare);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(bare, stemmed);
    }
    out.push(stemmed);
  };

  const word = (raw: string, out: string[]): void => {
    // English possessive: "boltzmann's" → "boltzmann" (as Lucene's possessive filter).
    const w = raw.endsWith("'s") ? raw.slice(0, -2) : raw;
    if (!w.includes('-')) {
      emit(w, out);
      return;
    }
    const parts = w.split('-');
    if (hyphens !== 'join') for (const p of parts) emit(p, out);
    if (hyphens !== 'split') emit(parts.join(''), out);
  };

  return (text: string): string[] => {
    const s = normalise(text);
    const out: string[] = [];
    const re = NON_ASCII.test(s) ? UNICODE_WORD : ASCII_WORD;
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) word(m[0], out);
    return out;
  };
}

/** The project's tokenizer for lexical search. Deterministic; safe to call on every query. */
export const tokenize: Tokenizer = createTokenizer(DEFAULT_TOKENIZER_OPTIONS);
