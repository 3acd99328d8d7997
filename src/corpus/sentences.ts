import { findMathSpans, type Span } from './latex.js';
import type { Sentence } from './types.js';

/**
 * The one sentence splitter of the project. A sentence ends at `.`, `?` or `!` (plus any closing
 * quotes/brackets) followed by whitespace and something that can start a sentence, or at a blank
 * line. Periods of abbreviations, initials, list markers, URLs and inline math do not end one.
 * Offsets are exact UTF-16 offsets into the input; sentences are trimmed.
 */

/** Abbreviations that never end a sentence in practice ("e.g. CLIP", "Fig. 3", "vs. BERT"). */
const NEVER_FINAL = new Set([
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'fig', 'figs', 'eq', 'eqs', 'eqn', 'eqns', 'sec', 'secs',
  'sect', 'tab', 'tbl', 'ref', 'refs', 'vol', 'vols', 'pp', 'ca', 'dr', 'mr', 'mrs', 'ms', 'prof',
  'st', 'dept', 'univ', 'incl', 'w.r.t', 'a.k.a',
]);
/** Abbreviations that are only abbreviations before a number ("No. 5", "Thm. 2", "p. 7"). */
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'p', 'pg', 'ch', 'chap', 'thm', 'lem', 'def', 'prop', 'cor', 'alg', 'app', 'appx', 'ex', 'art',
]);
/** Abbreviations that may well end a sentence: a capitalised word after them starts a new one. */
const MAYBE_FINAL = new Set(['etc', 'al', 'inc', 'ltd', 'corp', 'co', 'jr', 'sr', 'resp']);

/**
 * Words that start sentences but are not names: after an initial or a dotted acronym ("model B.",
 * "the U.S.") one of these means the sentence really ended.
 */
const SENTENCE_STARTERS = new Set([
  'The', 'This', 'These', 'That', 'Those', 'There', 'Then', 'Thus', 'Therefore', 'Hence', 'However',
  'Moreover', 'Furthermore', 'Finally', 'First', 'Second', 'Third', 'We', 'Our', 'It', 'Its', 'In',
  'On', 'At', 'To', 'For', 'From', 'With', 'By', 'As', 'An', 'Here', 'While', 'When', 'Although',
  'Since', 'Because', 'If', 'Unlike', 'Both', 'Each', 'All', 'Some', 'Most', 'Such', 'They', 'Their',
  'Additionally', 'Also', 'Overall', 'Specifically', 'Notably', 'Importantly', 'Instead', 'Yet',
  'But', 'And', 'Or', 'Not', 'No', 'One', 'Two', 'Experiments', 'Results', 'Code', 'Using', 'See',
  'Note', 'Further', 'Besides', 'Given', 'Based', 'Compared', 'Despite', 'During', 'Through', 'After',
  'Before', 'Many', 'Other', 'Others', 'Several', 'Previous', 'Prior', 'Recent', 'Existing', 'Data',
  'What', 'Why', 'How', 'Which', 'Where', 'Who', 'Can', 'Do', 'Does', 'Is', 'Are', 'Was', 'Were',
  'Lastly', 'Next', 'Similarly', 'Consequently', 'Indeed', 'Conversely', 'Surprisingly',
  'Interestingly', 'Empirically', 'Extensive', 'Building', 'Motivated',
]);

const TERMINAL = /[.?!]/;
const CLOSER = /["'”’»)\]}]/;
/** What may begin a sentence besides an uppercase letter: digits, opening quotes/brackets, math. */
const OPENER = /[\d"'“‘«([{$\\]/;
/** Characters that stop the backwards scan for the word before a period. */
const WORD_EDGE = /[\s(["'“‘«{]/;
/** A list marker on its own: "1.", "(2)", "iv.", "a.". */
const LIST_MARKER = /^\(?(?:\d{1,2}|[ivx]{1,4}|[a-z])[.)]$/i;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/g;

/** URL spans without trailing sentence punctuation: the final period of "…/x/y." is the sentence's. */
function findUrlSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(URL)) {
    let url = match[0];
    for (;;) {
      const last = url[url.length - 1];
      if (last !== undefined && /[.,;:!?]/.test(last)) url = url.slice(0, -1);
      else if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
      else if (last === ']' && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
      else break;
    }
    if (url.length > 0) spans.push({ start: match.index, end: match.index + url.length });
  }
  return spans;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** The end of the protected span (math or URL) covering position i, or -1. */
function protectedEnd(spans: Span[], i: number): number {
  for (const s of spans) if (i >= s.start && i < s.end) return s.end;
  return -1;
}

function nextWord(text: string, at: number): string {
  return /^[\p{L}\p{N}'’-]+/u.exec(text.slice(at))?.[0] ?? '';
}

/**
 * Whether the text at `at` can begin a sentence. In caseless text (no uppercase letter at all, as in
 * the Cranfield collection) case carries no signal, so a lowercase letter may start one too.
 */
function canStartSentence(text: string, at: number, caseless: boolean): boolean {
  const c = text[at];
  if (c === undefined) return true;
  if (/\p{Lu}|\p{Lt}/u.test(c) || OPENER.test(c)) return true;
  if (caseless && /\p{Ll}/u.test(c)) return true;
  // Lowercase list markers ("ii. Second", "b) Then") and lowercase-initial names such as "t-SNE",
  // "mBERT", "iPhone" can start a sentence too.
  if (/^(?:[ivx]{1,4}|[a-z])[.)]\s+\p{Lu}/u.test(text.slice(at, at + 12))) return true;
  return /^\p{Ll}[\p{L}\p{N}]*-?\p{Lu}/u.test(nextWord(text, at));
}

/** Whether the period at `dot` (followed by a sentence-like start at `next`) ends the sentence. */
function periodEndsSentence(text: string, dot: number, sentenceStart: number, next: number, caseless: boolean): boolean {
  let from = dot;
  while (from > sentenceStart && !WORD_EDGE.test(text[from - 1]!)) from--;
  const word = text.slice(from, dot);
  if (word === '' || word.endsWith('$')) return true;
  const lower = word.toLowerCase();
  const after = nextWord(text, next);
  const capitalisedWordFollows = /^\p{Lu}/u.test(after);
  const digitFollows = /^\d/.test(text[next] ?? '');

  // "1. First …" / "steps: 2. Then …": a list marker at the start of a sentence or after : or ;
  if (/^(?:\d{1,2}|[ivx]{1,4}|[a-z])$/i.test(word)) {
    const before = text.slice(sentenceStart, from);
    if (before.trim() === '' || /[:;]\s*$/.test(before)) return false;
  }
  if (NEVER_FINAL.has(lower)) return false;
  // Caseless text gives no capital to confirm a boundary: a short word glued to its period
  // ("j. roy. soc.") is taken for an abbreviation there.
  if (caseless && /^\p{L}{1,4}$/u.test(word)) return false;
  if (BEFORE_NUMBER.has(lower) && digitFollows) return false;
  if (MAYBE_FINAL.has(lower)) {
    if (lower === 'al' && !/\bet\s+$/i.test(text.slice(Math.max(0, from - 4), from))) return true;
    return capitalisedWordFollows; // "et al. (2020)" continues; "etc. The" ends
  }
  // Initials ("J. Smith", "J.R.R. Tolkien") and dotted acronyms ("i.i.d.", "U.S."): they end the
  // sentence only when what follows is not a name, e.g. "model B. We …" or "U.S. 2. Next".
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    return !capitalisedWordFollows || SENTENCE_STARTERS.has(after);
  }
  return true;
}

function trimmed(text: string, start: number, end: number): Sentence | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? { text: text.slice(start, end), start, end } : null;
}

/** Merges a sentence that is only a list marker ("1.") into its neighbour. */
function mergeBareMarkers(text: string, sentences: Sentence[]): Sentence[] {
  const out: Sentence[] = [];
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k]!;
    if (LIST_MARKER.test(s.text)) {
      const next = sentences[k + 1];
      if (next) {
        sentences[k + 1] = { start: s.start, end: next.end, text: text.slice(s.start, next.end) };
        continue;
      }
      const prev = out.pop();
      if (prev) {
        out.push({ start: prev.start, end: s.end, text: text.slice(prev.start, s.end) });
        continue;
      }
    }
    out.push(s);
  }
  return out;
}

export function splitSentences(text: string): Sentence[] {
  const spans = [...findMathSpans(text), ...findUrlSpans(text)];
  const caseless = !/\p{Lu}|\p{Lt}/u.test(text);
  const sentences: Sentence[] = [];
  let sentenceStart = 0;
  const close = (end: number, nextStart: number): void => {
    const s = trimmed(text, sentenceStart, end);
    if (s) sentences.push(s);
    sentenceStart = nextStart;
  };

  let i = 0;
  while (i < text.length) {
    const skipTo = protectedEnd(spans, i);
    if (skipTo !== -1) {
      i = skipTo;
      continue;
    }
    const c = text[i]!;
    // A blank line is a paragraph break: always a boundary.
    if (c === '\n') {
      const blank = /^\n[ \t\r]*\n\s*/.exec(text.slice(i));
      if (blank) {
        close(i, i + blank[0].length);
        i += blank[0].length;
        continue;
      }
    }
    if (!TERMINAL.test(c)) {
      i++;
      continue;
    }
    // The run of terminals ("?!", "..."), then closing quotes/brackets.
    let j = i;
    while (j < text.length && TERMINAL.test(text[j]!) && protectedEnd(spans, j) === -1) j++;
    let k = j;
    while (k < text.length && CLOSER.test(text[k]!)) k++;
    if (k < text.length && !/\s/.test(text[k]!)) {
      i = j;
      continue;
    }
    let next = k;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    // Abbreviation rules apply to a lone period; "?", "!" and "..." always end a sentence.
    const onlyPeriods = text.slice(i, j) === '.';
    const ends =
      next >= text.length ||
      (canStartSentence(text, next, caseless) && (!onlyPeriods || periodEndsSentence(text, i, sentenceStart, next, caseless)));
    if (ends) {
      close(k, next);
      i = next;
    } else {
      i = j;
    }
  }
  close(text.length, text.length);
  return mergeBareMarkers(text, sentences);
}
