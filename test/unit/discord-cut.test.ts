import { describe, expect, it } from 'vitest';
import { countBoldMarkers, ELLIPSIS, splitIntoChunks, truncate, truncateStart } from '../../src/discord/render/cut.js';
import { createRng } from '../../scripts/bench/rng.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deterministic PRNG so a failing fuzz case can be reproduced. */
const rng = (seed: number): (() => number) => createRng(seed).next;

const WORDS = ['graph', 'neural', 'the', 'retrieval', '😀', 'a', 'x'.repeat(40), 'model.', 'end!', '\\*', 'e.g.', '𝔼[x]'];

/** Random text of balanced bold spans, sentences, emoji and escapes. */
function randomText(random: () => number, words: number): string {
  const out: string[] = [];
  let bold = false;
  for (let i = 0; i < words; i += 1) {
    let w = WORDS[Math.floor(random() * WORDS.length)] ?? 'w';
    if (random() < 0.08) {
      w = bold ? `${w}**` : `**${w}`;
      bold = !bold;
    }
    out.push(w);
  }
  return out.join(' ') + (bold ? '**' : '');
}

describe('truncate', () => {
  it('returns text at the limit unchanged and cuts text one over', () => {
    const text = 'a'.repeat(10);
    expect(truncate(text, 10)).toBe(text);
    const over = truncate(`${text}b`, 10);
    expect(over.length).toBeLessThanOrEqual(10);
    expect(over.endsWith(ELLIPSIS)).toBe(true);
  });

  it('prefers a sentence boundary near the end', () => {
    const text = 'The first sentence is here. The second sentence goes on and on for a while.';
    expect(truncate(text, 40)).toBe('The first sentence is here. …');
  });

  it('falls back to a word boundary', () => {
    const text = 'one two three four five six seven eight nine ten';
    const cut = truncate(text, 20);
    expect(cut).toBe('one two three four…');
    expect(cut.length).toBeLessThanOrEqual(20);
  });

  it('drops trailing clause punctuation before the ellipsis', () => {
    expect(truncate('alpha beta, gamma delta epsilon', 14)).toBe('alpha beta…');
  });

  it('hard-cuts a single long word without splitting a surrogate pair', () => {
    const text = '😀'.repeat(20);
    for (let max = 1; max < 20; max += 1) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(LONE_SURROGATE.test(cut)).toBe(false);
    }
  });

  it('re-closes a bold pair it cuts into', () => {
    const text = 'Context before. **The key sentence is long and keeps going well past the limit here.** After.';
    const cut = truncate(text, 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(countBoldMarkers(cut) % 2).toBe(0);
    expect(cut).toMatch(/\*\*…$/);
  });

  it('never leaves a dangling opening marker', () => {
    const text = 'Some words here **bold words follow';
    const cut = truncate(text, 19);
    expect(cut).toBe('Some words here…');
  });

  it('never cuts between the two stars of a marker or after an escape backslash', () => {
    const text = 'ab**cd**ef\\*gh';
    for (let max = 1; max < text.length; max += 1) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(countBoldMarkers(cut) % 2).toBe(0);
      expect(cut).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
    }
  });

  it('handles tiny limits', () => {
    expect(truncate('hello world', 0)).toBe('');
    expect(truncate('hello world', 1)).toBe(ELLIPSIS);
  });

  it('fuzz: never exceeds the limit, never leaves bold open, never splits a pair', () => {
    const random = rng(42);
    for (let i = 0; i < 2000; i += 1) {
      const text = randomText(random, 1 + Math.floor(random() * 120));
      const max = 1 + Math.floor(random() * 300);
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(LONE_SURROGATE.test(cut)).toBe(false);
      expect(countBoldMarkers(cut) % 2).toBe(0);
      if (text.length <= max) expect(cut).toBe(text);
    }
  });
});

describe('truncateStart', () => {
  it('keeps the end, cut at a word boundary', () => {
    expect(truncateStart('one two three four five', 12)).toBe('…four five');
    expect(truncateStart('short', 10)).toBe('short');
  });

  it('reopens bold when the kept tail is inside a bold pair', () => {
    const cut = truncateStart('**alpha beta gamma delta** tail', 22);
    expect(cut.length).toBeLessThanOrEqual(22);
    expect(cut.startsWith(`${ELLIPSIS}**`)).toBe(true);
    expect(countBoldMarkers(cut) % 2).toBe(0);
  });

  it('fuzz: within the limit, balanced bold, no lone surrogates', () => {
    const random = rng(7);
    for (let i = 0; i < 1000; i += 1) {
      const text = randomText(random, 1 + Math.floor(random() * 80));
      const max = 1 + Math.floor(random() * 200);
      const cut = truncateStart(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(LONE_SURROGATE.test(cut)).toBe(false);
      expect(countBoldMarkers(cut) % 2).toBe(0);
    }
  });
});

describe('splitIntoChunks', () => {
  const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);

  it('returns a short text as one chunk and a text at the limit whole', () => {
    expect(splitIntoChunks('hello world', 11)).toEqual(['hello world']);
    expect(splitIntoChunks('hello world!', 11)).toEqual(['hello', 'world!']);
  });

  it('splits at sentence boundaries and loses no words', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says something useful.`).join(' ');
    const chunks = splitIntoChunks(text, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect(chunk.endsWith('.')).toBe(true);
    }
    expect(words(chunks.join(' '))).toEqual(words(text));
  });

  it('splits an over-long word rather than exceeding the limit', () => {
    const chunks = splitIntoChunks('x'.repeat(25), 10);
    expect(chunks).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('closes and reopens a bold pair that spans a cut', () => {
    const chunks = splitIntoChunks('intro **one two three four five six seven** outro', 20);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(20);
      expect(countBoldMarkers(chunk) % 2).toBe(0);
    }
    expect(words(chunks.join(' ').replace(/\*\*/g, ''))).toEqual(words('intro one two three four five six seven outro'));
  });

  it('rejects a non-positive max', () => {
    expect(() => splitIntoChunks('text', 0)).toThrow(RangeError);
  });

  it('fuzz: no chunk over max, no words lost, no lone surrogates', () => {
    const random = rng(99);
    for (let i = 0; i < 500; i += 1) {
      // Words no longer than max, so none has to be split.
      const text = randomText(random, 1 + Math.floor(random() * 400)).replace(/\*\*/g, '');
      const max = 60 + Math.floor(random() * 1000);
      const chunks = splitIntoChunks(text, max);
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(chunk)).toBe(false);
      }
      expect(words(chunks.join(' '))).toEqual(words(text));
    }
  });
});
