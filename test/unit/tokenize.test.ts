import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKENIZER_OPTIONS, TOKENIZER_ID, createTokenizer, tokenize, tokenizerId } from '../../src/lexical/tokenize.js';

describe('tokenize', () => {
  it('lowercases, drops stop words and stems', () => {
    expect(tokenize('The Analysis of the Flows')).toEqual(['analysi', 'flow']);
  });

  it('gives related word forms one stem', () => {
    const [a] = tokenize('parallelizes');
    expect(a).toBe('parallel');
    for (const w of ['parallelization', 'parallel', 'parallelized', 'parallelism']) expect(tokenize(w)).toEqual([a]);
    expect(tokenize('computing computers computation')).toEqual(['comput', 'comput', 'comput']);
  });

  it('strips accents so accented and plain spellings meet', () => {
    expect(tokenize('Schrödinger café naïve Ångström')).toEqual(tokenize('Schrodinger cafe naive Angstrom'));
    expect(tokenize('café')).toEqual(['cafe']);
    expect(tokenize('Straße')).toEqual(tokenize('strasse'));
  });

  it('keeps digits and mixed tokens', () => {
    expect(tokenize('Mach 2.5 in 1958 with 3D models')).toEqual(['mach', '2', '5', '1958', '3d', 'model']);
  });

  it('splits hyphenated words into their parts, matching the spaced spelling', () => {
    expect(tokenize('boundary-layer')).toEqual(tokenize('boundary layer'));
    expect(tokenize('boundary‐layer')).toEqual(['boundari', 'layer']); // U+2010 hyphen
  });

  it('drops the possessive and keeps contractions as stop words', () => {
    expect(tokenize("Boltzmann's equation")).toEqual(tokenize('Boltzmann equation'));
    expect(tokenize("don't we’re")).toEqual([]);
  });

  it('returns nothing for empty, punctuation-only and stop-word-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' -- ... !!')).toEqual([]);
    expect(tokenize('what is the and of it')).toEqual([]);
  });

  it('keeps letters of other scripts', () => {
    expect(tokenize('ΔE 東京')).toEqual(['δe', '東京']);
  });

  it('is deterministic', () => {
    const text = 'Retrieval-augmented generation over 1,000 papers: évaluation, results.';
    expect(tokenize(text)).toEqual(tokenize(text));
  });

  it('names its configuration; variants differ', () => {
    expect(TOKENIZER_ID).toBe(tokenizerId(DEFAULT_TOKENIZER_OPTIONS));
    const noStem = createTokenizer({ ...DEFAULT_TOKENIZER_OPTIONS, stem: false });
    expect(noStem('computers')).toEqual(['computers']);
    expect(tokenizerId({ ...DEFAULT_TOKENIZER_OPTIONS, stem: false })).not.toBe(TOKENIZER_ID);
    const both = createTokenizer({ ...DEFAULT_TOKENIZER_OPTIONS, hyphens: 'both' });
    expect(both('x-ray')).toEqual(['x', 'rai', 'xrai']);
  });
});
