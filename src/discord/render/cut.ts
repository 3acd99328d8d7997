/**
 * Cutting text to a length without making it ugly or broken: at a sentence boundary when
 * one is near the end, else at a word boundary, never inside a surrogate pair, an escape
 * (`\*`) or a `**` marker, and never leaving a bold pair open. Lengths are UTF-16 code
 * units (`string.length`), which is never less than Discord's count, so a fit here is a
 * fit there.
 */

export const ELLIPSIS = '…';

const BOLD = '**';

/**
 * End of a sentence: terminal punctuation, optional closing quotes/brackets/bold, then
 * whitespace. A cut heuristic only (abbreviations like "e.g." can match); how abstracts are
 * split into sentences for search is the corpus module's business.
 */
const SENTENCE_END = /[.!?]["”’')\]*]*(?=\s)/g;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Moves a cut index left until it splits neither a surrogate pair, a `**`, nor a `\x` escape. */
function safeIndex(text: string, index: number): number {
  let i = Math.min(Math.max(index, 0), text.length);
  for (;;) {
    const before = i;
    if (i > 0 && i < text.length && isHighSurrogate(text.charCodeAt(i - 1))) i -= 1;
    while (i > 0 && i < text.length && text[i - 1] === '*' && text[i] === '*') i -= 1;
    if (endsWithOpenEscape(text.slice(0, i))) i -= 1;
    if (i === before) return i;
  }
}

/** True when the text ends in an odd run of backslashes, i.e. it would escape what follows. */
function endsWithOpenEscape(text: string): boolean {
  let run = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\\'; i -= 1) run += 1;
  return run % 2 === 1;
}

/** Number of unescaped `**` markers; odd means a bold pair is open at the end. */
export function countBoldMarkers(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '*' && text[i + 1] === '*') {
      count += 1;
      i += 1;
    }
  }
  return count;
}

/**
 * Where to cut `text` so the head has at most `budget` units: the last sentence end in the
 * second half of the budget, else the last whitespace, else a hard cut.
 */
function findCut(text: string, budget: number): number {
  if (text.length <= budget) return text.length;
  if (budget <= 0) return 0;

  let sentence = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m && m.index + m[0].length <= budget; m = SENTENCE_END.exec(text)) {
    sentence = m.index + m[0].length;
  }
  if (sentence >= budget / 2) return safeIndex(text, sentence);

  // A whitespace at index `budget` still leaves a head of whole words.
  for (let i = budget; i > 0; i -= 1) {
    if (/\s/.test(text[i] ?? '')) return safeIndex(text, i);
  }
  return safeIndex(text, budget);
}

/** Trailing whitespace and clause punctuation that would look odd before "…". */
function trimTail(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s,;:]/.test(text[end - 1] ?? '') && !endsWithOpenEscape(text.slice(0, end - 1))) end -= 1;
  return text.slice(0, end);
}

/** Closes a bold pair left open at the end of a head, or drops a marker with nothing after it. */
function closeBold(head: string): string {
  if (countBoldMarkers(head) % 2 === 0) return head;
  if (head.endsWith(BOLD)) return trimTail(head.slice(0, -BOLD.length));
  return head + BOLD;
}

/** Ends with a full sentence, so the ellipsis reads better set apart: "… done. …". */
const ENDS_SENTENCE = /[.!?]["”’')\]*]*$/;

/**
 * Shortens `text` to at most `max` units, ending in "…" when anything was cut.
 * Never splits a surrogate pair or leaves a `**` pair open.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  // Room for " …"; closing an open bold pair costs two more, so it gets its own, shorter cut.
  const reserve = ELLIPSIS.length + 1;
  let head = trimTail(text.slice(0, findCut(text, max - reserve)));
  if (countBoldMarkers(head) % 2 === 1) {
    head = closeBold(trimTail(text.slice(0, findCut(text, max - reserve - BOLD.length))));
  }
  const join = head.length > 0 && ENDS_SENTENCE.test(head) ? ' ' : '';
  return head + join + ELLIPSIS;
}

/** The first sentence start in [from, to], if any. */
function sentenceStartAfter(text: string, from: number, to: number): number | undefined {
  SENTENCE_END.lastIndex = Math.max(from - 1, 0);
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const start = m.index + m[0].length + 1;
    if (start > to) return undefined;
    if (start >= from) return start;
  }
  return undefined;
}

/**
 * Shortens `text` from the front to at most `max` units, starting with "…" when anything
 * was cut: at a sentence start near the cut, else at a word boundary, else hard. Reopens
 * bold when the cut lands inside a bold pair.
 */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  const hard = text.length - Math.max(max - ELLIPSIS.length - BOLD.length, 0);
  let start = sentenceStartAfter(text, hard, hard + (text.length - hard) / 2);
  if (start === undefined) {
    start = hard;
    while (start < text.length && !/\s/.test(text[start - 1] ?? '')) start += 1;
    if (start === text.length) start = hard;
  }
  // Never begin on a surrogate's second half, after an escape's backslash, or mid-`**`.
  while (
    start < text.length &&
    (isHighSurrogate(text.charCodeAt(start - 1)) ||
      endsWithOpenEscape(text.slice(0, start)) ||
      (text[start - 1] === '*' && text[start] === '*'))
  ) {
    start += 1;
  }
  const tail = text.slice(start).trimStart();
  if (countBoldMarkers(text.slice(0, start)) % 2 === 0) return ELLIPSIS + tail;
  // Inside a bold pair: reopen it, unless the tail starts with the pair's closing marker.
  return tail.startsWith(BOLD) ? ELLIPSIS + tail.slice(BOLD.length).trimStart() : ELLIPSIS + BOLD + tail;
}

/**
 * Splits `text` into chunks of at most `max` units at sentence or word boundaries. Joining
 * the chunks with a space gives back every word (only a word longer than `max` is split).
 * A bold pair spanning a cut is closed at the end of one chunk and reopened in the next.
 */
export function splitIntoChunks(text: string, max: number): string[] {
  if (max < 1) throw new RangeError(`splitIntoChunks: max must be at least 1, got ${max}`);
  // Re-closing bold needs room for two markers plus at least one character.
  const boldAware = max > 2 * BOLD.length;
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = findCut(rest, max);
    let head = rest.slice(0, cut).trimEnd();
    if (boldAware && countBoldMarkers(head) % 2 === 1) {
      cut = findCut(rest, max - BOLD.length);
      head = rest.slice(0, cut).trimEnd();
    }
    if (cut === 0) {
      // Nothing fits whole (max 1 and a surrogate pair first): split the pair rather than loop.
      cut = 1;
      head = rest.slice(0, 1);
    }
    let next = rest.slice(cut).trimStart();
    if (boldAware && countBoldMarkers(head) % 2 === 1) {
      if (head.endsWith(BOLD)) {
        head = head.slice(0, -BOLD.length).trimEnd();
      } else {
        head += BOLD;
      }
      next = BOLD + next;
    }
    if (head.length > 0) chunks.push(head);
    rest = next;
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
