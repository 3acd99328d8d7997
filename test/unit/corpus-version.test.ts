import { describe, expect, it } from 'vitest';
import { paperProblems, paperToLine } from '../../src/corpus/schema.js';
import { parseCorpus } from '../../src/corpus/load.js';

const base = { id: 'arxiv:2310.13040', title: 'T', authors: ['A'], year: 2023, venue: null, url: null, code: null, abstract: 'Text.' };

describe('the optional arXiv version of a shelf paper', () => {
  it('a shelf without versions stays valid', () => {
    expect(parseCorpus(JSON.stringify(base), 'p.jsonl')[0]).not.toHaveProperty('version');
  });

  it('is kept when given and written after the abstract', () => {
    const [p] = parseCorpus(JSON.stringify({ ...base, version: 3 }), 'p.jsonl');
    expect(p!.version).toBe(3);
    expect(paperToLine(p!)).toMatch(/"abstract":"Text\.","version":3\}$/);
    expect(paperToLine(base)).not.toContain('version');
  });

  it.each([0, 1.5, 'v2'])('rejects %j with a message naming the field', (version) => {
    expect(paperProblems({ ...base, version }).problems).toEqual(['version: expected the arXiv version as a whole number such as 2']);
  });
});
