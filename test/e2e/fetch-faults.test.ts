import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fixtureEnv, tempShelf, snapshot } from '../support/shelf-fixture.js';
import { fetchCli, NO_DOTENV, samplePapers, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

/**
 * Every fault and bad input of issue 9: a clear message, and the shelf folder (shelf, no index,
 * no lock, no temp file) byte for byte as it was.
 */
describe('npm run fetch: faults and bad input leave the shelf as it was', () => {
  let server: ArxivServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let before: Record<string, string>;

  beforeAll(async () => {
    server = await startArxivServer(samplePapers(), { maxPerPage: 2 });
    dir = await tempShelf();
    env = fixtureEnv(dir, { ...NO_DOTENV, ARXIV_CATEGORIES: 'cs.LG', ARXIV_API_URL: server.url, ARXIV_REQUEST_INTERVAL_MS: '20' });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.failAlways(null);
    before = await snapshot(dir);
  });
  const unchanged = async () => expect(await snapshot(dir)).toEqual(before);

  it.each([
    [
      'arXiv stays busy (503)',
      () => server.failAlways({ kind: 'status', status: 503, retryAfter: '0' }),
      /arXiv answered 503 \(busy\), 5 times; try again later\./,
    ],
    [
      'an HTML error page instead of Atom',
      () => server.failNext({ kind: 'html' }),
      /arXiv answered with an HTML page instead of an Atom feed/,
    ],
    [
      'malformed XML on the second page',
      () => server.failNext({ kind: 'ok' }, { kind: 'malformed' }),
      /arXiv answered with malformed XML \(line \d+, column \d+: /,
    ],
    [
      'empty pages in the middle that do not go away',
      () => server.failNext({ kind: 'ok' }, { kind: 'empty' }, { kind: 'empty' }, { kind: 'empty' }, { kind: 'empty' }),
      /arXiv kept answering an empty page at result 2 of 6/,
    ],
  ])('%s: exit 1, a clear message, nothing written', async (_name, arrange, message) => {
    arrange();
    const r = await fetchCli([], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(r.stdout).toBe('');
    await unchanged();
  });

  it('a 503 with Retry-After once is waited out and the fetch succeeds', async () => {
    server.failNext({ kind: 'status', status: 503, retryAfter: '1' });
    const r = await fetchCli(['--dry-run'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('arXiv answered 503 (busy); retrying in 1.0 s');
    expect(r.stdout).toMatch(/^Would add 5, /m);
    await unchanged();
  });

  it('an entry without a title is skipped with its id and reason', async () => {
    server.failNext({
      kind: 'entry',
      xml: '<entry><id>http://arxiv.org/abs/0704.9999v1</id><published>2007-04-30T00:00:00Z</published><summary>Text.</summary><author><name>A</name></author></entry>',
    });
    const r = await fetchCli(['--category', 'cs.DS'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added 0, updated 0 \(new version\), unchanged 0, skipped 1$/m);
    expect(r.stdout).toContain('- skipped 0704.9999: no title');
    await unchanged();
  });

  it('an entry without an id is skipped, named by its position', async () => {
    server.failNext({ kind: 'entry', xml: '<entry><title>T</title><summary>S</summary></entry>' });
    const r = await fetchCli(['--category', 'cs.DS'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- skipped (entry 1): no <id>');
    await unchanged();
  });

  it('a withdrawn paper asked for by id is skipped and the run fails', async () => {
    const r = await fetchCli(['--id', 'https://arxiv.org/abs/0704.1409v2'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- skipped 0704.1409: withdrawn on arXiv');
    expect(r.stderr).toContain('1 of the requested papers were not added');
    await unchanged();
  });

  it('a non-existent id is reported as not found', async () => {
    const r = await fetchCli(['--id', '2401.99999'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- skipped 2401.99999: not found on arXiv (check the id)');
    await unchanged();
  });

  it('ARXIV_QUERY narrows the search, ARXIV_EXCLUDE drops papers, --since sets the range', async () => {
    server.requests.length = 0;
    const r = await fetchCli(['--dry-run', '--since', '2007-04-01'], {
      ...env,
      ARXIV_QUERY: 'learning',
      ARXIV_EXCLUDE: 'ordinal regression',
    });
    expect(r.code).toBe(0);
    const q = new URL(server.requests[0]!.url, 'http://x').searchParams.get('search_query');
    expect(q).toMatch(/^cat:cs\.LG AND \(learning\) AND submittedDate:\[200704010000 TO \d{12}\]$/);
    expect(r.stdout).toContain('- skipped 0704.1028: matches ARXIV_EXCLUDE "ordinal regression"');
    expect(r.stdout).not.toContain('+ arxiv:0704.1028');
    await unchanged();
  });

  it('a shelf with a bad line is reported by file and line before arXiv is asked', async () => {
    const path = join(dir, 'papers.jsonl');
    const good = await readFile(path, 'utf8');
    await writeFile(path, `${good}{"id":"broken"}\n`);
    try {
      const asked = server.requests.length;
      const r = await fetchCli([], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/papers\.jsonl:11: title: required/);
      expect(server.requests.length).toBe(asked);
      expect(await readFile(path, 'utf8')).toBe(`${good}{"id":"broken"}\n`);
    } finally {
      await writeFile(path, good);
    }
  });

  it('a fetch refused by the lock of another fetch says who holds it', async () => {
    await writeFile(join(dir, 'papers.jsonl.lock'), JSON.stringify({ pid: process.pid, since: '2026-01-01T00:00:00.000Z' }));
    try {
      const r = await fetchCli([], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `Another fetch is updating .*papers\\.jsonl \\(pid ${process.pid}, since 2026-01-01T00:00:00\\.000Z\\); wait for it to finish`,
        ),
      );
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await rm(join(dir, 'papers.jsonl.lock'));
    }
    await unchanged();
  });
});

describe('npm run fetch: two at once, and an interrupted fetch', () => {
  let server: ArxivServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = await startArxivServer(samplePapers(), { maxPerPage: 2 });
    dir = await tempShelf();
    env = fixtureEnv(dir, { ...NO_DOTENV, ARXIV_CATEGORIES: 'cs.LG', ARXIV_API_URL: server.url, ARXIV_REQUEST_INTERVAL_MS: '20' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('a second fetch while one runs is refused; the first finishes', async () => {
    server.failNext({ kind: 'delay', ms: 2500 });
    const first = fetchCli(['--dry-run'], env);
    // Wait until the first fetch holds the lock and is talking to arXiv.
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 20));
    const second = await fetchCli(['--dry-run'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /Another fetch is updating .*papers\.jsonl \(pid \d+, since .*\); wait for it to finish and run this again\. If no fetch is running, delete .*papers\.jsonl\.lock\./,
    );
    const r = await first;
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'papers.jsonl.lock'))).toBe(false);
  });

  it('a fetch killed mid-way leaves the shelf as it was, and the next one takes over its stale lock', async () => {
    const shelf = await readFile(join(dir, 'papers.jsonl'));
    server.requests.length = 0;
    server.failNext({ kind: 'ok' }, { kind: 'hang' });
    const killed = fetchCli([], env, (child) => {
      const poll = setInterval(() => {
        if (server.requests.length >= 2) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 10);
    });
    expect((await killed).code).toBe(null);
    expect(await readFile(join(dir, 'papers.jsonl'))).toEqual(shelf);
    expect(existsSync(join(dir, 'papers.jsonl.lock'))).toBe(true); // left behind by the dead process
    const r = await fetchCli([], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added 5, /m);
    expect(existsSync(join(dir, 'papers.jsonl.lock'))).toBe(false);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
