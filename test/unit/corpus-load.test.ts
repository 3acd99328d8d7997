import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusHash, CorpusError, loadCorpus, parseCorpus } from '../../src/corpus/load.js';
import { paperToLine } from '../../src/corpus/schema.js';
import type { Paper } from '../../src/corpus/types.js';

const PATH = 'corpus/papers.jsonl';

function paper(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'arxiv:2309.16318',
    title: 'DeepPCR',
    authors: ['Federico Danieli'],
    year: 2023,
    venue: null,
    url: 'https://arxiv.org/abs/2309.16318',
    code: null,
    abstract: 'Parallelization techniques have become ubiquitous.',
    ...overrides,
  };
}
const line = (overrides: Record<string, unknown> = {}): string => JSON.stringify(paper(overrides));

/** The problems parseCorpus reports for a corpus text (fails the test if it does not throw). */
function problems(text: string): string[] {
  try {
    parseCorpus(text, PATH);
  } catch (err) {
    expect(err).toBeInstanceOf(CorpusError);
    return (err as CorpusError).problems;
  }
  throw new Error('expected a CorpusError');
}

/** A corpus whose line `n` (1-based) is `bad` and whose other lines are valid. */
function withBadLine(n: number, bad: string): string {
  const lines = [line({ id: 'a:1' }), line({ id: 'a:2' }), line({ id: 'a:3' })];
  lines.splice(n - 1, 0, bad);
  return lines.join('\n');
}

describe('parseCorpus: valid input', () => {
  it('parses the shelf of ten papers', async () => {
    const text = await readFile('test/fixtures/corpus/papers.jsonl', 'utf8');
    const papers = parseCorpus(text, PATH);
    expect(papers).toHaveLength(10);
    expect(new Set(papers.map((p) => p.id)).size).toBe(10);
    expect(papers[0]?.id).toBe('arxiv:2310.13040');
  });

  it('ignores blank lines, CRLF and a UTF-8 BOM', () => {
    const text = `\uFEFF${line({ id: 'a:1' })}\r\n\r\n   \n${line({ id: 'a:2' })}\r\n`;
    expect(parseCorpus(text, PATH).map((p) => p.id)).toEqual(['a:1', 'a:2']);
  });

  it('strips unknown fields and defaults absent venue/url/code to null', () => {
    const [p] = parseCorpus(JSON.stringify({ id: 'x', title: 'T', authors: [], year: 2020, abstract: 'A.', extra: 1, url: '' }), PATH);
    expect(p).toEqual({ id: 'x', title: 'T', authors: [], year: 2020, venue: null, url: null, code: null, abstract: 'A.' });
  });

  it('keeps the abstract byte for byte (offsets depend on it)', () => {
    const abstract = '  Spaces kept. $\\mathcal{O}(L)$ too.  ';
    expect(parseCorpus(line({ abstract }), PATH)[0]?.abstract).toBe(abstract);
  });

  it('round-trips through paperToLine with fields in the documented order', () => {
    const p = parseCorpus(line({ venue: 'ICML' }), PATH)[0] as Paper;
    const out = paperToLine({ ...p });
    expect(Object.keys(JSON.parse(out) as object)).toEqual(['id', 'title', 'authors', 'year', 'venue', 'url', 'code', 'abstract']);
    expect(parseCorpus(out, PATH)).toEqual([p]);
  });
});

describe('parseCorpus: errors name path:line: field: message', () => {
  it('invalid JSON', () => {
    const [problem] = problems(withBadLine(3, '{"id": "x",'));
    expect(problem).toMatch(/^corpus\/papers\.jsonl:3: invalid JSON: .+/);
    expect(problem!.length).toBeLessThan(160);
  });

  it('a line that is not an object', () => {
    expect(problems(withBadLine(2, '[1, 2]'))).toEqual(['corpus/papers.jsonl:2: expected a JSON object (one paper per line)']);
    expect(problems(withBadLine(2, '"text"'))).toEqual(['corpus/papers.jsonl:2: expected a JSON object (one paper per line)']);
  });

  it('missing title or abstract', () => {
    expect(problems(withBadLine(2, line({ id: 'b', title: undefined })))).toEqual(['corpus/papers.jsonl:2: title: required']);
    expect(problems(withBadLine(4, line({ id: 'b', abstract: undefined })))).toEqual(['corpus/papers.jsonl:4: abstract: required']);
  });

  it('empty or blank title and abstract', () => {
    expect(problems(withBadLine(1, line({ id: 'b', title: '' })))).toEqual(['corpus/papers.jsonl:1: title: must not be empty']);
    expect(problems(withBadLine(1, line({ id: 'b', abstract: '   ' })))).toEqual(['corpus/papers.jsonl:1: abstract: must not be empty']);
  });

  it('wrong types', () => {
    expect(problems(withBadLine(3, line({ id: 'b', authors: 'Jane Doe' })))).toEqual([
      'corpus/papers.jsonl:3: authors: expected array of strings',
    ]);
    expect(problems(withBadLine(2, line({ id: 'b', authors: ['A', 3] })))).toEqual([
      'corpus/papers.jsonl:2: authors: expected array of strings',
    ]);
    expect(problems(withBadLine(2, line({ id: 'b', year: '2023' })))).toEqual([
      'corpus/papers.jsonl:2: year: expected an integer year such as 2023',
    ]);
    expect(problems(withBadLine(2, line({ id: 'b', year: 2023.5 })))).toEqual([
      'corpus/papers.jsonl:2: year: expected an integer year such as 2023',
    ]);
    expect(problems(withBadLine(2, line({ id: 'b', url: 'arxiv.org/abs/1' })))).toEqual([
      'corpus/papers.jsonl:2: url: expected an http(s) URL or null',
    ]);
    expect(problems(withBadLine(2, line({ id: 'b', code: 42 })))).toEqual(['corpus/papers.jsonl:2: code: expected an http(s) URL or null']);
    expect(problems(withBadLine(2, line({ id: 'b', venue: 7 })))).toEqual(['corpus/papers.jsonl:2: venue: expected a string or null']);
    expect(problems(withBadLine(2, line({ id: 'has space' })))).toEqual(['corpus/papers.jsonl:2: id: must not contain spaces']);
  });

  it('reports every field of a line, once each', () => {
    expect(problems(JSON.stringify({ id: 'x' }))).toEqual([
      'corpus/papers.jsonl:1: title: required',
      'corpus/papers.jsonl:1: authors: required',
      'corpus/papers.jsonl:1: year: required',
      'corpus/papers.jsonl:1: abstract: required',
    ]);
  });

  it('duplicate id names the first line', () => {
    const lines = [line({ id: 'a:1' }), line({ id: 'a:2' }), line({ id: 'a:3' }), line({ id: 'a:2' })];
    expect(problems(lines.join('\n'))).toEqual(['corpus/papers.jsonl:4: id: duplicate of line 2']);
  });

  it('reports several bad lines together, with line numbers counting blank lines', () => {
    const text = [
      line({ id: 'a:1' }),
      '',
      '{oops',
      line({ id: 'a:4', year: 'x' }),
      line({ id: 'a:1' }),
      line({ id: 'a:6', authors: [1] }),
    ].join('\n');
    const found = problems(text);
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^corpus\/papers\.jsonl:3: invalid JSON: /);
    expect(found.slice(1)).toEqual([
      'corpus/papers.jsonl:4: year: expected an integer year such as 2023',
      'corpus/papers.jsonl:5: id: duplicate of line 1',
      'corpus/papers.jsonl:6: authors: expected array of strings',
    ]);
  });

  it('an empty corpus is an error', () => {
    expect(problems('')).toEqual(['corpus/papers.jsonl: no papers (add one JSON object per line, or run npm run import)']);
    expect(problems('\uFEFF\n\n  \n')).toHaveLength(1);
  });

  it('CorpusError lists the problems in its message', () => {
    const err = (() => {
      try {
        parseCorpus('{\n[]', PATH);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a CorpusError');
    })();
    expect(err.message).toContain('2 corpus problems');
    expect(err.message).toContain('corpus/papers.jsonl:2: expected a JSON object');
    expect(err.name).toBe('CorpusError');
  });
});

describe('loadCorpus and corpusHash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'papershelf-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and validates a file, returning its text', async () => {
    const path = join(dir, 'papers.jsonl');
    const text = `${line({ id: 'a:1' })}\n`;
    await writeFile(path, text);
    await expect(loadCorpus(path)).resolves.toEqual({ papers: parseCorpus(text, path), text });
  });

  it('names the file in line errors', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, `${line({ id: 'a:1' })}\n{\n`);
    await expect(loadCorpus(path)).rejects.toMatchObject({ problems: [expect.stringMatching(new RegExp(`^${path}:2: invalid JSON`))] });
  });

  it('a missing file says how to create it and points to CORPUS_PATH', async () => {
    const path = join(dir, 'missing.jsonl');
    const err = await loadCorpus(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    const [problem] = (err as CorpusError).problems;
    expect(problem).toContain(path);
    expect(problem).toContain('CORPUS_PATH');
    expect(problem).toContain('npm run import');
  });

  it('a directory is reported, not thrown raw', async () => {
    await expect(loadCorpus(dir)).rejects.toBeInstanceOf(CorpusError);
  });

  it('corpusHash is the sha256 hex of the text', () => {
    expect(corpusHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(corpusHash('a')).not.toBe(corpusHash('b'));
    expect(corpusHash('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
