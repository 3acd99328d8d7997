import { describe, expect, it } from 'vitest';
import { heldWhole, isEvidence, isShelfTerm, topicality, type BackgroundStats, type VocabularyStats } from '../../src/search/abstain.js';

/** A shelf of 1,000 papers of 100 terms each; document frequencies as given (0 otherwise). */
const shelf = (df: Record<string, number>, docCount = 1000): VocabularyStats => ({
  docCount,
  meanDocLength: 100,
  docFrequency: (t) => df[t] ?? 0,
});
/** Everyday English: per-word probabilities as given, 1e-7 (very rare) otherwise. */
const english = (p: Record<string, number>): BackgroundStats => ({ probability: (t) => p[t] ?? 1e-7 });

const BG = english({ make: 1e-3, good: 1e-3, temperatur: 2e-5, steak: 2e-5, know: 2e-3, interest: 3e-4 });

describe('isShelfTerm', () => {
  it("a word the shelf uses far more than everyday English is the shelf's", () => {
    // aeroelast: expected in 1000 · 100 · 1e-7 ≈ 0.01 papers, found in 40.
    expect(isShelfTerm('aeroelast', shelf({ aeroelast: 40 }), BG)).toBe(true);
  });

  it('an everyday word is not, however often the shelf uses it', () => {
    // make: expected in about 95 of 1000 papers; found in 60.
    expect(isShelfTerm('make', shelf({ make: 60 }), BG)).toBe(false);
  });

  it('a rare word in one or two stray papers of a large shelf is not, but one paper of ten is', () => {
    expect(isShelfTerm('algorithm', shelf({ algorithm: 2 }, 2000), BG)).toBe(false);
    expect(isShelfTerm('algorithm', shelf({ algorithm: 3 }, 2000), BG)).toBe(true);
    expect(isShelfTerm('algorithm', shelf({ algorithm: 1 }, 10), BG)).toBe(true);
  });

  it('a word the shelf does not have is not', () => {
    expect(isShelfTerm('sourdough', shelf({}), BG)).toBe(false);
  });
});

describe('topicality', () => {
  const aero = shelf({ aeroelast: 40, flutter: 30, wing: 200, temperatur: 150, make: 60 });

  it("an on-topic question is mostly the shelf's words", () => {
    const t = topicality(['aeroelast', 'flutter', 'wing'], aero, BG);
    expect(t.share).toBe(1);
    expect(t.shelfTerms).toEqual(['aeroelast', 'flutter', 'wing']);
  });

  it('a long question is not punished for asking politely: request words do not count against it', () => {
    // "I am interested to know how to make aeroelastic flutter models"
    const long = topicality(['interest', 'know', 'make', 'aeroelast', 'flutter'], aero, BG);
    expect(long.shelfTerms).toEqual(['aeroelast', 'flutter']);
    expect(long.share).toBeGreaterThan(0.75);
    // The same everyday word without the topic words is what it is: off topic.
    expect(topicality(['interest', 'know', 'make', 'good'], aero, BG).share).toBe(0);
  });

  it('an off-topic question sharing a common word with the shelf stays off topic', () => {
    // "What temperature should a steak reach?": temperature is the shelf's, but steak carries more.
    const t = topicality(['temperatur', 'steak', 'reach'], aero, BG);
    expect(t.shelfTerms).toEqual(['temperatur']);
    expect(t.share).toBeLessThan(0.5);
  });

  it('general academic wording says nothing about the field: it counts neither for nor against', () => {
    // "a new method for the analysis of aeroelastic flutter": method, analysis, new are every field's words.
    const academic = shelf({ method: 400, analysi: 300, new: 200, aeroelast: 40, flutter: 30 });
    const t = topicality(['new', 'method', 'analysi', 'aeroelast', 'flutter'], academic, BG);
    expect(t).toMatchObject({ share: 1, shelfTerms: ['aeroelast', 'flutter'] });
    // A question made only of them has nothing topical in it.
    expect(topicality(['new', 'method', 'analysi'], academic, BG).share).toBe(0);
  });

  it('ignores bare numbers and counts each word once', () => {
    expect(topicality(['aeroelast', '2014', 'aeroelast'], aero, BG)).toEqual({
      share: 1,
      shelfTerms: ['aeroelast'],
      counted: ['aeroelast'],
    });
    expect(topicality([], aero, BG).share).toBe(0);
    expect(topicality(['1958'], aero, BG).share).toBe(0);
  });
});

describe('heldWhole', () => {
  // "material properties of photoelastic materials": photoelast is in two papers of 2,000, not yet the shelf's.
  const small = shelf({ materi: 300, properti: 250, photoelast: 2 }, 2000);
  const topic = topicality(['materi', 'properti', 'photoelast'], small, BG);

  it("a paper holding every counted word, one of them the shelf's, holds the question", () => {
    expect(topic.share).toBeLessThan(0.75);
    expect(heldWhole(topic, () => true)).toBe(true);
  });

  it("a paper missing one word does not; nor one holding only words that are not the shelf's", () => {
    expect(heldWhole(topic, (t) => t !== 'photoelast')).toBe(false);
    expect(heldWhole(topicality(['sourdough'], shelf({ sourdough: 1 }, 2000), BG), () => true)).toBe(false);
    expect(heldWhole(topicality([], small, BG), () => true)).toBe(false);
  });
});

describe('isEvidence', () => {
  const rule = { minTopicalShare: 0.75, minDense: 0.6 };
  it('an on-topic question and a paper holding one of its shelf terms', () => {
    expect(isEvidence({ onTopic: true, hasShelfTerm: true, dense: null }, rule)).toBe(true);
    expect(isEvidence({ onTopic: true, hasShelfTerm: false, dense: null }, rule)).toBe(false);
    expect(isEvidence({ onTopic: false, hasShelfTerm: true, dense: 0.5 }, rule)).toBe(false);
  });
  it("or a passage at or above the model's floor, on its own", () => {
    expect(isEvidence({ onTopic: false, hasShelfTerm: false, dense: 0.6 }, rule)).toBe(true);
    expect(isEvidence({ onTopic: false, hasShelfTerm: false, dense: 0.99 }, { ...rule, minDense: null })).toBe(false);
  });
});
