import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { Paper } from '../../src/corpus/types.js';

/** Splits and checks the invariants every result must hold: exact offsets, trimmed, in order. */
function split(text: string): string[] {
  const sentences = splitSentences(text);
  let last = 0;
  for (const s of sentences) {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(s.text).toBe(s.text.trim());
    expect(s.text).not.toBe('');
    expect(s.start).toBeGreaterThanOrEqual(last);
    last = s.end;
  }
  // Nothing but whitespace is lost between sentences.
  const covered = sentences
    .map((s) => s.text)
    .join('')
    .replace(/\s/g, '');
  expect(covered).toBe(text.replace(/\s/g, ''));
  return sentences.map((s) => s.text);
}

describe('splitSentences: basics', () => {
  it('returns nothing for empty or blank text', () => {
    expect(split('')).toEqual([]);
    expect(split('  \n ')).toEqual([]);
  });

  it('keeps text without terminal punctuation as one sentence', () => {
    expect(split('No terminal punctuation here')).toEqual(['No terminal punctuation here']);
  });

  it('trims sentences and keeps exact offsets', () => {
    const text = '  Leading and trailing spaces.   Second one.  ';
    const sentences = splitSentences(text);
    expect(sentences).toEqual([
      { text: 'Leading and trailing spaces.', start: 2, end: 30 },
      { text: 'Second one.', start: 33, end: 44 },
    ]);
  });

  it('splits at question and exclamation marks', () => {
    expect(split('Does it work? Yes! It does.')).toEqual(['Does it work?', 'Yes!', 'It does.']);
    expect(split('Really?! We think so.')).toEqual(['Really?!', 'We think so.']);
  });

  it('does not split before a lowercase word', () => {
    expect(split('It rose to 5. then fell. Done.')).toEqual(['It rose to 5. then fell.', 'Done.']);
    expect(split('Is it? yes it is.')).toEqual(['Is it? yes it is.']);
  });

  it('splits before a digit, an opening bracket or quote', () => {
    expect(split('We ran it. 3 models agree. (Details follow.) "Quoted" too.')).toEqual([
      'We ran it.',
      '3 models agree.',
      '(Details follow.)',
      '"Quoted" too.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence they close', () => {
    expect(split('He said "stop." Then he left. (See Fig. 2.) It ended.')).toEqual([
      'He said "stop."',
      'Then he left.',
      '(See Fig. 2.)',
      'It ended.',
    ]);
  });

  it('splits lowercase-initial names that start a sentence (t-SNE, mBERT)', () => {
    expect(split('We report it. t-SNE plots show clusters. mBERT helps.')).toEqual([
      'We report it.',
      't-SNE plots show clusters.',
      'mBERT helps.',
    ]);
  });

  it('in caseless text (no capitals anywhere, e.g. Cranfield) a lowercase word may start a sentence', () => {
    expect(split('thin airfoil theory . the paper describes it . see j. roy. soc. for more . done .')).toEqual([
      'thin airfoil theory .',
      'the paper describes it .',
      'see j. roy. soc. for more .',
      'done .',
    ]);
    // One capital anywhere and case counts again.
    expect(split('A test . the rest stays.')).toEqual(['A test . the rest stays.']);
  });

  it('treats a blank line as a boundary', () => {
    expect(split('A heading without a period\n\nThe paragraph.')).toEqual(['A heading without a period', 'The paragraph.']);
  });
});

describe('splitSentences: abbreviations', () => {
  it('et al. continues before a name or citation and ends before a new sentence', () => {
    expect(split('Smith et al. showed this. Jones et al. (2020) disagree. We follow Lee et al. The rest is ours.')).toEqual([
      'Smith et al. showed this.',
      'Jones et al. (2020) disagree.',
      'We follow Lee et al.',
      'The rest is ours.',
    ]);
  });

  it('e.g., i.e., vs., cf. never end a sentence', () => {
    expect(split('We use priors, e.g. Gaussian ones. Others, i.e. Laplace, fail.')).toEqual([
      'We use priors, e.g. Gaussian ones.',
      'Others, i.e. Laplace, fail.',
    ]);
    expect(split('We compare CLIP vs. ALIGN on it. Results, cf. Table 1, hold.')).toEqual([
      'We compare CLIP vs. ALIGN on it.',
      'Results, cf. Table 1, hold.',
    ]);
    expect(split('E.g. This is odd but stays.')).toEqual(['E.g. This is odd but stays.']);
  });

  it('Fig. and Eq. before numbers', () => {
    expect(split('See Fig. 3 and Eq. 2 for details. Also Eq. (4) and Figs. 5-6 help.')).toEqual([
      'See Fig. 3 and Eq. 2 for details.',
      'Also Eq. (4) and Figs. 5-6 help.',
    ]);
  });

  it('No., Thm. are abbreviations only before numbers', () => {
    expect(split('See No. 5 for details. Thm. 2 holds.')).toEqual(['See No. 5 for details.', 'Thm. 2 holds.']);
  });

  it('etc. ends a sentence before a capitalised word', () => {
    expect(split('We add noise, blur, etc. The model copes.')).toEqual(['We add noise, blur, etc.', 'The model copes.']);
    expect(split('We add noise, blur, etc. to images.')).toEqual(['We add noise, blur, etc. to images.']);
  });

  it('abbreviations followed by lowercase words never split', () => {
    expect(split('Models, e.g. the large ones, vs. small ones, cf. below, etc. are compared.')).toHaveLength(1);
  });

  it('initials stay with the name; a single letter ends a sentence before a sentence starter', () => {
    expect(split('As shown by J. Smith and A. B. Jones, it works. We propose model B. We test it.')).toEqual([
      'As shown by J. Smith and A. B. Jones, it works.',
      'We propose model B.',
      'We test it.',
    ]);
    expect(split('J.R.R. Tolkien wrote it.')).toEqual(['J.R.R. Tolkien wrote it.']);
  });

  it('dotted acronyms (i.i.d., U.S.)', () => {
    expect(split('Results are i.i.d. sampled. The U.S. team won. And the U.S. Army too.')).toEqual([
      'Results are i.i.d. sampled.',
      'The U.S. team won.',
      'And the U.S. Army too.',
    ]);
    expect(split('Samples are drawn i.i.d. We then fit.')).toEqual(['Samples are drawn i.i.d.', 'We then fit.']);
  });
});

describe('splitSentences: numbers, math, lists, URLs', () => {
  it('decimals, percentages and version numbers', () => {
    expect(split('Accuracy rises by 7.5% to 0.5 of the max. Version 2.1.3 is out. It costs 3.50 dollars.')).toEqual([
      'Accuracy rises by 7.5% to 0.5 of the max.',
      'Version 2.1.3 is out.',
      'It costs 3.50 dollars.',
    ]);
    expect(split('We use v2.0. The next is v2.1.')).toEqual(['We use v2.0.', 'The next is v2.1.']);
  });

  it('never splits inside inline math', () => {
    expect(split('Cost drops from $\\mathcal{O}(L)$ to $\\mathcal{O}(\\log_2L)$. We prune $80 \\%$ of it.')).toEqual([
      'Cost drops from $\\mathcal{O}(L)$ to $\\mathcal{O}(\\log_2L)$.',
      'We prune $80 \\%$ of it.',
    ]);
    expect(split('Odd math $a. B$ stays whole. And $$x. Y$$ too.')).toEqual(['Odd math $a. B$ stays whole.', 'And $$x. Y$$ too.']);
    expect(split('It is \\(a. B\\) here. Next.')).toEqual(['It is \\(a. B\\) here.', 'Next.']);
  });

  it('prices are not math', () => {
    expect(split('It costs $5. Then $10. Done.')).toEqual(['It costs $5.', 'Then $10.', 'Done.']);
  });

  it('parenthesised numbered items inside one sentence stay together', () => {
    const text = 'We find two signatures: (1) Robust models have outliers; (2) Robust models encode concepts. Next.';
    expect(split(text)).toEqual(['We find two signatures: (1) Robust models have outliers; (2) Robust models encode concepts.', 'Next.']);
  });

  it('"1. First … 2. Second" lists never yield a bare "1."', () => {
    expect(split('1. First point here. 2. Second point here.')).toEqual(['1. First point here.', '2. Second point here.']);
    expect(split('Our contributions: 1. We propose X. 2. We show Y. 3. We release code.')).toEqual([
      'Our contributions: 1. We propose X.',
      '2. We show Y.',
      '3. We release code.',
    ]);
    expect(split('Listed below. 1.')).toEqual(['Listed below. 1.']);
    expect(split('i. First. ii. Second.')).toEqual(['i. First.', 'ii. Second.']);
  });

  it('a sentence may end in a number', () => {
    expect(split('The layer count is 1024. Then we stop.')).toEqual(['The layer count is 1024.', 'Then we stop.']);
  });

  it('URL dots do not split; a trailing period ends the sentence', () => {
    expect(split('Code: https://github.com/x/y. Data at https://example.org/a.B?c=D! Next one.')).toEqual([
      'Code: https://github.com/x/y.',
      'Data at https://example.org/a.B?c=D!',
      'Next one.',
    ]);
    expect(split('Code is at https://github.com/apple/ml-entropy-reconstruction.')).toEqual([
      'Code is at https://github.com/apple/ml-entropy-reconstruction.',
    ]);
    expect(split('See www.Example.com/A. Then go.')).toEqual(['See www.Example.com/A.', 'Then go.']);
  });
});

describe('splitSentences: the ten abstracts of the shelf', () => {
  const papers: Paper[] = readFileSync('test/fixtures/corpus/papers.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Paper);

  it('has ten papers to test on', () => {
    expect(papers).toHaveLength(10);
  });

  it('splits each abstract into the sentences a reader sees', () => {
    // Counted by hand, sentence by sentence.
    expect(papers.map((p) => split(p.abstract).length)).toEqual([10, 9, 8, 11, 14, 9, 8, 6, 9, 5]);
  });

  it('every sentence starts like a sentence and ends with terminal punctuation', () => {
    for (const p of papers) {
      for (const s of split(p.abstract)) {
        expect(s).toMatch(/^[A-Z]/);
        expect(s).toMatch(/[.?!]$/);
      }
    }
  });

  it('keeps the tricky sentences whole', () => {
    const all = papers.flatMap((p) => split(p.abstract));
    expect(all).toContain('What distinguishes robust models from non-robust ones?');
    expect(all.some((s) => s.startsWith('We demonstrate') && s.includes('$80 \\%$') && s.includes('; (2) Robust models'))).toBe(true);
    expect(all).toContain(
      'This reduces the complexity of computing the sequential operations from $\\mathcal{O}(L)$ to $\\mathcal{O}(\\log_2L)$, thus yielding a speedup for large $L$.',
    );
    expect(all).toContain('Github repo: https://github.com/apple/ml-entropy-reconstruction.');
    expect(all).toContain('The codebase is available under https://github.com/oleksost/latent_CL.');
    expect(all).toContain(
      'We found a significant improvement on predictive parity when using BALD, while also improving accuracy compared to i.i.d. sampling.',
    );
    expect(all.some((s) => s.endsWith('identically independently distributed (i.i.d.) sampling.'))).toBe(true);
    expect(all).toContain('Our goal is twofold.');
  });
});
