import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFile, readFile } from 'node:fs/promises';
import { fixtureEnv, REPO, tempShelf, snapshot } from '../support/shelf-fixture.js';

function run(script: 'build-index' | 'ask', args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, `src/cli/${script}.ts`), ...args], {
    cwd: REPO,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run index and npm run ask', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await tempShelf();
    env = fixtureEnv(dir);
  });

  it('ask without an index exits 1 and says to run npm run index', () => {
    const r = run('ask', ['few-shot classification'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No index in .*index.*npm run index/);
    expect(r.stdout).toBe('');
  });

  it('ask --json reports errors as one JSON object on stdout, with the same exit codes', () => {
    const noIndex = run('ask', ['--json', 'few-shot classification'], env);
    expect(noIndex.code).toBe(1);
    expect(noIndex.stderr).toBe('');
    const err = JSON.parse(noIndex.stdout) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('index');
    expect(err.error.message).toMatch(/No index in .*index.*npm run index/);
    const usage = run('ask', ['--json', '--k', '99', 'q'], env);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers (expect.any, ...) as any
      error: { code: 'usage', message: expect.stringMatching(/^--k must be a whole number from 1 to 20, not 99\.\nusage: npm run ask/) },
    });
  });

  it('index builds, then a second run embeds nothing and says so', () => {
    const first = run('build-index', [], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Indexed 10 papers, \d+ passages: embedded \d+, reused 0, in [\d.]+ s .*; graph built from scratch \(no live graph built with this model\)/,
    );
    // Not a terminal: plain progress lines, not a redrawn bar.
    expect(first.stderr).toMatch(/^embedding \d+\/\d+ \(100%/m);
    const second = run('build-index', [], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/embedded nothing \(all vectors reused\), reused \d+.*; graph updated in place \(0 passages in, 0 out\)/);
  });

  it('ask --json prints exactly one JSON object, the right paper first', () => {
    const r = run('ask', ['--json', 'Which paper parallelizes the backward pass with cyclic reduction?'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      abstained: boolean;
      results: { paperId: string; title: string; quote: string; keySentence: string; score: number }[];
      timings: Record<string, number>;
    };
    expect(out.abstained).toBe(false);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers (expect.any, ...) as any
    expect(out.results[0]).toMatchObject({ paperId: 'arxiv:2309.16318', title: expect.stringContaining('DeepPCR') });
    expect(out.results[0]!.quote).toContain(out.results[0]!.keySentence);
    expect(out.timings.total).toBeGreaterThan(0);
  });

  it('ask --json on an off-topic question abstains with exit 0', () => {
    const r = run('ask', ['--json', 'What is a good sourdough recipe?'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ abstained: true, results: [] });
  });

  it('ask on an off-topic question says so, pointing at the shelf file rather than at Discord', () => {
    const r = run('ask', ['What is a good sourdough recipe?'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Nothing on the shelf answers that question\. Try other words, or see which papers it holds in CORPUS_PATH/);
    expect(r.stdout).not.toMatch(/Discord| \/paper\b/);
  });

  it('ask prints a readable answer with the key sentence marked and numbered citations', () => {
    const r = run('ask', ['--k', '2', 'embedding propagation few-shot classification manifold'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[1\] “.*\*\*.+\*\*.*”$/m);
    expect(r.stdout).toMatch(
      /^\[1\] Embedding Propagation: Smoother Manifold for Few-Shot Classification\. .+ \(2020\)\. https:\/\/arxiv\.org\/abs\/2003\.04151$/m,
    );
  });

  it('ask --paper restricts to one paper; an unknown paper is a usage error', () => {
    const ok = run('ask', ['--json', '--paper', 'arxiv:2009.06415', 'synthetic datasets'], env);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as { results: { paperId: string }[] };
    expect(out.results.map((x) => x.paperId)).toEqual(['arxiv:2009.06415']);
    const bad = run('ask', ['--paper', 'nope:1', 'synthetic datasets'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/No paper with id nope:1/);
  });

  it.each([
    [[], /Missing the question/],
    [['--k', 'many', 'q'], /--k must be a whole number/],
    [['--frobnicate', 'q'], /unknown option --frobnicate/],
    [[`${'why '.repeat(75)}now`], /303 characters; the limit is 300, as in Discord's \/ask/],
  ])('usage errors exit 2 with the usage line: %j', (args, message) => {
    const r = run('ask', args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run ask');
  });

  it('a bad environment variable is named, exit 1', () => {
    const r = run('ask', ['q'], { ...env, ALLOW_REMOTE_MODELS: 'maybe' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ALLOW_REMOTE_MODELS: must be true or false/);
  });

  it('index with a bad corpus line names the line and leaves the index unchanged', async () => {
    const corpus = join(dir, 'papers.jsonl');
    const original = await readFile(corpus, 'utf8');
    const before = await snapshot(join(dir, 'index'));
    await writeFile(corpus, `${original}{"id":"x:1","title":"","authors":[],"year":2024,"abstract":"A."}\n`);
    const r = run('build-index', [], env);
    await writeFile(corpus, original);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${corpus}:11: title:`);
    expect(r.stderr).toMatch(/Nothing was built/);
    expect(await snapshot(join(dir, 'index'))).toEqual(before);
  });
});
