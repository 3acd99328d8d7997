/** The benchmark's synthetic shelf follows real arXiv lengths; the targets bind at their own sizes. */
import { describe, expect, it } from 'vitest';
import { drawSentenceWords, fitAbstractLengths, WORDS_PER_SENTENCE_QUANTILES } from '../../scripts/bench/abstract-lengths.js';
import { syntheticShelf } from '../../scripts/bench/corpus.js';
import { createRng } from '../../scripts/bench/rng.js';
import { splitSentences } from '../../src/corpus/sentences.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('abstract lengths', () => {
  it('fits words-per-sentence quantiles from arXiv metadata lines, with the product splitter', () => {
    const lines = [
      { abstract: '  We study flows.\n  The flows are turbulent and we measure them in a large tunnel with care. ' },
      { abstract: 'One sentence only, and it has exactly twelve words in it here.' },
      { title: 'no abstract' },
    ].map((r) => JSON.stringify(r));
    const fit = fitAbstractLengths(`${lines.join('\n')}\n`);
    expect(fit.records).toBe(2);
    expect(fit.sentencesPerAbstract.p50).toBeGreaterThanOrEqual(1);
    expect(fit.quantiles).toHaveLength(21);
    // Three sentences: 3 words (raised to the 5-word floor), 14 and 12 words.
    expect(fit.quantiles[0]).toBe(5);
    expect(fit.quantiles[20]).toBe(14);
  });

  it('draws sentence lengths inside the committed distribution', () => {
    const rng = createRng(1);
    const draws = Array.from({ length: 2_000 }, () => drawSentenceWords(rng));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(WORDS_PER_SENTENCE_QUANTILES[0]!);
    expect(Math.max(...draws)).toBeLessThanOrEqual(WORDS_PER_SENTENCE_QUANTILES.at(-1)!);
    expect(Math.abs(median(draws) - WORDS_PER_SENTENCE_QUANTILES[10]!)).toBeLessThanOrEqual(2);
  });

  it('gives the synthetic shelf arXiv-length abstracts: 6–12 sentences, about 150–250 words', () => {
    const papers = syntheticShelf(400);
    const sentences = papers.map((p) => splitSentences(p.abstract).length);
    const words = papers.map((p) => p.abstract.split(/\s+/).length);
    expect(Math.min(...sentences)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sentences)).toBeLessThanOrEqual(12);
    expect(median(words)).toBeGreaterThanOrEqual(150);
    expect(median(words)).toBeLessThanOrEqual(250);
  });
});
