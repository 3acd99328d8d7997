import { describe, expect, it } from 'vitest';
import { CorpusError, parseCorpus } from '../../src/corpus/load.js';
import { MAX_ABSTRACT_CHARS } from '../../src/corpus/schema.js';

const paper = (id: string, abstract: string) =>
  JSON.stringify({ id, title: 'A title', authors: ['A. Author'], year: 2024, venue: null, url: null, code: null, abstract });

function problems(text: string): string[] {
  try {
    parseCorpus(text, 'corpus/papers.jsonl');
  } catch (err) {
    if (err instanceof CorpusError) return err.problems;
    throw err;
  }
  return [];
}

describe('corpus limits and hostile lines', () => {
  it(`accepts an abstract of ${MAX_ABSTRACT_CHARS} characters and rejects a longer one with its line`, () => {
    const atLimit = 'x'.repeat(MAX_ABSTRACT_CHARS);
    expect(problems(`${paper('a:1', atLimit)}\n`)).toEqual([]);
    expect(problems(`${paper('a:1', atLimit)}\n${paper('a:2', 'y'.repeat(10_000_000))}\n`)).toEqual([
      'corpus/papers.jsonl:2: abstract: is 10,000,000 characters; the limit is 20,000 (real abstracts are under 2,000): shorten it',
    ]);
  });

  it('a binary line is reported without echoing it (V8\'s `"…"... is not valid JSON` form included)', () => {
    const binary = `\u0089PNG\r\u001a\u0000${'\u00ff'.repeat(200)}`;
    const found = problems(`${paper('a:1', 'Fine.')}\n${binary}\n\u0000\u0001\u0002\n`);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe("corpus/papers.jsonl:2: invalid JSON: Unexpected token '\\u0089'");
    expect(found[1]).toBe("corpus/papers.jsonl:3: invalid JSON: Unexpected token '\\u0000'");
    for (const p of found) expect(p).toMatch(/^[\x20-\x7e]*$/);
  });
});
