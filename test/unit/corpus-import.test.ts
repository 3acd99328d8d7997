import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseAbstract, parseSeedAbstracts, parseTitles, planImport, seedId } from '../../src/corpus/import.js';
import { CorpusError, parseCorpus } from '../../src/corpus/load.js';
import { paperToLine } from '../../src/corpus/schema.js';
import { importPapers } from '../../src/cli/import.js';
import { execute } from '../../src/cli/run.js';

const SEED = 'test/fixtures/corpus/seed-abstracts.txt';
const seedText = readFileSync(SEED, 'utf8');
const shelfText = readFileSync('test/fixtures/corpus/papers.jsonl', 'utf8');
const shelf = parseCorpus(shelfText, 'corpus/papers.jsonl');

function corpusProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CorpusError);
    return (err as CorpusError).problems;
  }
  throw new Error('expected a CorpusError');
}

describe('parseSeedAbstracts', () => {
  it('parses the seed file into ten papers with stable content-hash ids', () => {
    const { papers } = parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 });
    expect(papers).toHaveLength(10);
    for (const p of papers) expect(p.id).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(new Set(papers.map((p) => p.id)).size).toBe(10);
    // Stable across runs and releases: these ids are what a shelf built from this file holds.
    expect(papers[0]?.id).toBe('sha256:9863ee8c71ac');
    expect(papers[9]?.id).toBe('sha256:f1725157f51f');
    expect(parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 }).papers).toEqual(papers);
  });

  it('reads the same abstracts the shelf holds, in order (the last line has no newline)', () => {
    expect(seedText.endsWith('\n')).toBe(false);
    const { papers } = parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 });
    expect(papers.map((p) => p.abstract)).toEqual(shelf.map((p) => p.abstract));
  });

  it('fills the other fields: authors [], nulls, the given year', () => {
    const { papers, warnings } = parseSeedAbstracts(seedText, SEED, undefined, { year: 2021 });
    expect(papers[0]).toMatchObject({ authors: [], year: 2021, venue: null, url: null, code: null });
    expect(warnings.some((w) => w.includes('--year'))).toBe(false);
  });

  it('without --year uses the current year and says so', () => {
    const { papers, warnings } = parseSeedAbstracts(seedText, SEED, undefined, { currentYear: 2031 });
    expect(papers.every((p) => p.year === 2031)).toBe(true);
    expect(warnings).toContain(
      `${SEED}: no --year given; using 2031 for all 10 papers — pass --year <yyyy> or correct the years on the shelf`,
    );
  });

  it('without titles uses an obvious placeholder and warns per paper, naming the line', () => {
    const { papers, warnings, warningsByPaper } = parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 });
    expect(papers[0]?.title).toBe('Untitled: What distinguishes robust models from non-robust ones? This…');
    expect(papers.every((p) => p.title.startsWith('Untitled: '))).toBe(true);
    expect(warnings).toHaveLength(10);
    expect(warnings[1]).toMatch(new RegExp(`^${SEED}:2: no title; using "Untitled: Parallelization.*--titles`));
    expect(warningsByPaper.get(papers[1]!.id)).toEqual([warnings[1]]);
  });

  it('uses a titles list in order', () => {
    const titles = shelf.map((p) => p.title);
    const { papers, warnings } = parseSeedAbstracts(seedText, SEED, titles, { year: 2023 });
    expect(papers.map((p) => p.title)).toEqual(titles);
    expect(warnings).toEqual([]);
  });

  it('a titles count mismatch is an error naming both counts', () => {
    const titles = shelf.map((p) => p.title).slice(0, 9);
    expect(corpusProblems(() => parseSeedAbstracts(seedText, SEED, titles, { titlesPath: 'titles.txt' }))).toEqual([
      `titles.txt: 9 titles for 10 abstracts in ${SEED}; give exactly one title per line, in the same order as the abstracts`,
    ]);
  });

  it('tolerates CRLF, blank lines, a BOM and a trailing newline', () => {
    const messy = `\uFEFF\r\n${seedText.split('\n').join('\r\n\r\n')}\r\n\r\n`;
    expect(parseSeedAbstracts(messy, SEED, undefined, { year: 2023 }).papers).toEqual(
      parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 }).papers,
    );
  });

  it('reports every line that is not an Abstract: line, with its number', () => {
    const text = 'Abstract: One.\nTitle: oops\n\nAbstract:   \nAbstract: One.\nAbstract: Two.';
    expect(corpusProblems(() => parseSeedAbstracts(text, 'seed.txt'))).toEqual([
      'seed.txt:2: expected a line starting with "Abstract:", got "Title: oops"',
      'seed.txt:4: abstract: empty after "Abstract:"',
      'seed.txt:5: same abstract as line 1; remove one of them',
    ]);
  });

  it('an input without abstracts is an error', () => {
    expect(corpusProblems(() => parseSeedAbstracts('\n\n', 'seed.txt'))).toEqual([
      'seed.txt: no abstracts (expected one "Abstract:<text>" line per paper)',
    ]);
  });

  it('ids ignore whitespace differences', () => {
    expect(seedId('A  b\tc. ')).toBe(seedId('A b c.'));
    expect(normaliseAbstract(' a \n b ')).toBe('a b');
    expect(seedId('A b c.')).not.toBe(seedId('A b d.'));
  });

  it('parseTitles drops blank lines and a BOM', () => {
    expect(parseTitles('\uFEFFFirst\r\n\r\n  Second  \n')).toEqual(['First', 'Second']);
  });
});

describe('planImport', () => {
  const seed = parseSeedAbstracts(seedText, SEED, undefined, { year: 2023 }).papers;

  it('creates a shelf from nothing', () => {
    const plan = planImport('', 'out.jsonl', seed);
    expect(plan.added).toHaveLength(10);
    expect(plan.text).toBe(`${seed.map(paperToLine).join('\n')}\n`);
    expect(parseCorpus(plan.text, 'out.jsonl')).toEqual(seed);
  });

  it('skips papers whose abstract is already on the shelf under another id', () => {
    const plan = planImport(shelfText, 'corpus/papers.jsonl', seed);
    expect(plan.added).toEqual([]);
    expect(plan.skipped.map((s) => s.existingId)).toEqual(shelf.map((p) => p.id));
    expect(plan.text).toBe(shelfText);
  });

  it('appends after existing bytes, adding a missing final newline', () => {
    const existing = `${paperToLine(seed[0]!)}`;
    const plan = planImport(existing, 'out.jsonl', seed.slice(0, 3));
    expect(plan.added.map((p) => p.id)).toEqual([seed[1]!.id, seed[2]!.id]);
    expect(plan.skipped.map((s) => s.paper.id)).toEqual([seed[0]!.id]);
    expect(plan.text.startsWith(`${existing}\n`)).toBe(true);
    expect(plan.text.endsWith('\n')).toBe(true);
  });

  it('refuses to build on an invalid shelf', () => {
    expect(corpusProblems(() => planImport('{broken\n', 'out.jsonl', seed))[0]).toMatch(/^out\.jsonl:1: invalid JSON/);
  });
});

describe('npm run import (the command in-process: argument layer, files, exit codes)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'papershelf-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // The command's own function through the same execute() as the entry point: only the process boundary is skipped.
  async function run(args: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
    const code = await execute(() => importPapers(args, io, { ...process.env, CORPUS_PATH: '', ...env }), io);
    return { code, stdout, stderr };
  }
  const seedPath = resolve(SEED);

  it('imports the seed file into a new shelf, then adds nothing the second time', async () => {
    const out = join(dir, 'new', 'papers.jsonl');
    const first = await run([seedPath, '--out', out, '--year', '2023']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Added 10 papers to ${out}.`);
    expect(first.stderr).toContain('no title; using "Untitled:');
    const written = await readFile(out, 'utf8');
    expect(parseCorpus(written, out)).toHaveLength(10);

    const second = await run([seedPath, '--out', out, '--year', '2023']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Nothing to add to ${out}; skipped 10 already on the shelf`);
    expect(second.stderr).toBe('');
    expect(await readFile(out, 'utf8')).toBe(written);
    // No temp files left behind.
    expect(await readdir(join(dir, 'new'))).toEqual(['papers.jsonl']);
  });

  it('uses titles from --titles and CORPUS_PATH as the default shelf', async () => {
    const out = join(dir, 'env-shelf.jsonl');
    const titles = join(dir, 'titles.txt');
    await writeFile(titles, `${shelf.map((p) => p.title).join('\n')}\n`);
    const result = await run([seedPath, '--titles', titles, '--year', '2023'], { CORPUS_PATH: out });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(parseCorpus(await readFile(out, 'utf8'), out).map((p) => p.title)).toEqual(shelf.map((p) => p.title));
  });

  it('skips abstracts already on the real shelf and says how many', async () => {
    const out = join(dir, 'copy.jsonl');
    await writeFile(out, shelfText);
    const result = await run([seedPath, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('skipped 10 already on the shelf');
    expect(await readFile(out, 'utf8')).toBe(shelfText);
  });

  it('--dry-run writes nothing', async () => {
    const out = join(dir, 'dry.jsonl');
    const result = await run([seedPath, '--out', out, '--dry-run', '--year', '2023']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: would add 10 papers');
    await expect(readFile(out, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a bad input leaves the shelf byte for byte unchanged (exit 1)', async () => {
    const out = join(dir, 'keep.jsonl');
    const before = `${paperToLine(shelf[0]!)}\n`;
    await writeFile(out, before);
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, `${seedText.split('\n').slice(0, 3).join('\n')}\nnot an abstract line\n`);
    const result = await run([bad, '--out', out, '--year', '2023']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:4: expected a line starting with "Abstract:"`);
    expect(await readFile(out, 'utf8')).toBe(before);

    const titles = join(dir, 'short-titles.txt');
    await writeFile(titles, 'Only one title\n');
    const mismatch = await run([seedPath, '--out', out, '--titles', titles]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('1 titles for 10 abstracts');
    expect(await readFile(out, 'utf8')).toBe(before);
  });

  it('an invalid existing shelf is reported and left alone (exit 1)', async () => {
    const out = join(dir, 'broken.jsonl');
    await writeFile(out, '{"id": 1}\n');
    const result = await run([seedPath, '--out', out, '--year', '2023']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${out}:1: id:`);
    expect(await readFile(out, 'utf8')).toBe('{"id": 1}\n');
  });

  it('a missing input file is an operational error (exit 1)', async () => {
    const result = await run([join(dir, 'nope.txt'), '--out', join(dir, 'x.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.txt: no such file');
  });

  it('usage errors exit 2 with a usage line', async () => {
    for (const args of [[], ['a.txt', 'b.txt'], ['a.txt', '--bogus'], ['a.txt', '--year', '23'], ['a.txt', '--titles']]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: npm run import -- <abstracts.txt>');
    }
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('usage:');
  });
});
