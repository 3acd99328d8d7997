import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fixtureEnv, tempShelf, snapshot } from '../support/shelf-fixture.js';
import { fetchCli, NO_DOTENV, samplePapers, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

async function firstSeen(indexDir: string): Promise<Record<string, string>> {
  const version = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
  return (JSON.parse(await readFile(join(indexDir, version, 'manifest.json'), 'utf8')) as { firstSeen: Record<string, string> }).firstSeen;
}

const shelfLines = async (dir: string) => (await readFile(join(dir, 'papers.jsonl'), 'utf8')).trimEnd().split('\n');

describe('npm run fetch against a loopback arXiv', () => {
  let server: ArxivServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // Two entries a page, so even six papers take several requests.
    server = await startArxivServer(samplePapers(), { maxPerPage: 2 });
    dir = await tempShelf();
    env = fixtureEnv(dir, {
      ...NO_DOTENV,
      ARXIV_CATEGORIES: 'cs.LG',
      ARXIV_API_URL: server.url,
      ARXIV_CONTACT: 'shelf-ops@example.org',
      ARXIV_REQUEST_INTERVAL_MS: '20',
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("adds the category's papers, builds the index, and asks politely", async () => {
    const before = await shelfLines(dir);
    const r = await fetchCli([], env, undefined, { viaNpm: true }); // ARXIV_CATEGORIES=cs.LG npm run fetch
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    // Six cs.LG entries; one (0704.1409, real arXiv metadata) was withdrawn by its author.
    expect(r.stdout).toMatch(/^Added 5, updated 0 \(new version\), unchanged 0, skipped 1$/m);
    expect(r.stdout).toMatch(/^ {2}- skipped 0704\.1409: withdrawn on arXiv$/m);
    expect(r.stdout).toMatch(/^ {2}\+ arxiv:0704\.0671 {2}Learning from compressed observations$/m);
    expect(r.stdout).toMatch(/Indexed 15 papers/);
    const after = await shelfLines(dir);
    expect(after.slice(0, 10)).toEqual(before); // the hand-made shelf is untouched, byte for byte
    const added = JSON.parse(after[10]!) as Record<string, unknown>;
    expect(added).toMatchObject({ id: 'arxiv:0704.0671', url: 'https://arxiv.org/abs/0704.0671', version: 1 });
    expect(typeof added.year).toBe('number');
    expect(added.abstract).not.toMatch(/\n| {2}/); // arXiv's hard wraps and indentation are gone
    // 6 entries at 2 a page: three requests, one at a time, naming papershelf and the contact.
    expect(server.requests).toHaveLength(3);
    expect(server.peakConcurrent).toBe(1);
    for (const q of server.requests) {
      expect(q.userAgent).toMatch(/papershelf.*shelf-ops@example\.org/);
      const u = new URL(q.url, 'http://x');
      expect(u.searchParams.get('search_query')).toMatch(/^cat:cs\.LG AND submittedDate:\[\d{12} TO \d{12}\]$/);
      expect(Number(u.searchParams.get('max_results'))).toBeLessThanOrEqual(200);
    }
    expect(server.requests.map((q) => new URL(q.url, 'http://x').searchParams.get('start'))).toEqual(['0', '2', '4']);
  });

  it('a second run adds nothing and leaves shelf and index byte for byte', async () => {
    const before = await snapshot(dir);
    const r = await fetchCli([], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added 0, updated 0 \(new version\), unchanged 5, skipped 1$/m);
    expect(r.stdout).toContain('The shelf is unchanged; the index was not rebuilt');
    expect(await snapshot(dir)).toEqual(before); // shelf and index alike
  });

  it('a new version replaces the paper in place and keeps its first-seen time', async () => {
    const seen = await firstSeen(join(dir, 'index'));
    const before = await shelfLines(dir);
    const at = before.findIndex((l) => l.includes('"arxiv:0704.1274"'));
    const p = server.papers.get('0704.1274')!;
    server.papers.set(p.id, { ...p, version: p.version + 1, title: 'A revised title\n  with a line break' });
    const r = await fetchCli([], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added 0, updated 1 \(new version\), unchanged 4, skipped 1$/m);
    expect(r.stdout).toContain(`~ arxiv:0704.1274 v${p.version}→v${p.version + 1}`);
    const after = await shelfLines(dir);
    expect(after).toHaveLength(before.length);
    expect(JSON.parse(after[at]!)).toMatchObject({
      id: 'arxiv:0704.1274',
      title: 'A revised title with a line break',
      version: p.version + 1,
    });
    after.forEach((line, i) => {
      if (i !== at) expect(line).toBe(before[i]);
    });
    const seenAfter = await firstSeen(join(dir, 'index'));
    expect(seenAfter['arxiv:0704.1274']).toBe(seen['arxiv:0704.1274']);
  });

  it('--dry-run reports what it would add and writes nothing', async () => {
    const p = server.papers.get('0704.0098')!;
    server.papers.set(p.id, { ...p, categories: ['cs.LG'] });
    const before = await snapshot(dir);
    const r = await fetchCli(['--dry-run'], env);
    server.papers.set(p.id, p);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Would add 1, /m);
    expect(r.stdout).toContain('Dry run: the shelf was not changed.');
    expect(await snapshot(dir)).toEqual(before);
  });
  it('--id takes an old-style id as an abs URL and adds that paper', async () => {
    const base = samplePapers()[0]!;
    server.papers.set('hep-th/9901001', {
      ...base,
      id: 'hep-th/9901001',
      version: 1,
      title: 'An old-style\n  paper',
      categories: ['hep-th'],
    });
    const r = await fetchCli(['--id', 'http://arxiv.org/abs/hep-th/9901001v1'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}\+ arxiv:hep-th\/9901001 {2}An old-style paper$/m);
    expect(new URL(server.requests.at(-1)!.url, 'http://x').searchParams.get('id_list')).toBe('hep-th/9901001');
    expect(JSON.parse((await shelfLines(dir)).at(-1)!)).toMatchObject({
      id: 'arxiv:hep-th/9901001',
      url: 'https://arxiv.org/abs/hep-th/9901001',
      version: 1,
    });
  });
});

describe('npm run fetch usage', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await tempShelf();
    // An API that cannot answer: usage errors must be reported before any request.
    env = fixtureEnv(dir, { ...NO_DOTENV, ARXIV_API_URL: 'http://127.0.0.1:9/api/query', ARXIV_REQUEST_INTERVAL_MS: '20' });
  });

  it('--help prints the options and exits 0', async () => {
    const r = await fetchCli(['--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run fetch/);
    for (const flag of ['--category', '--query', '--since', '--id', '--dry-run']) expect(r.stdout).toContain(flag);
  });

  it.each([
    [['--frobnicate'], /unknown option --frobnicate/],
    [['--category', 'cs.ML'], /--category: unknown arXiv category "cs\.ML" \(cs has: .*cs\.LG/],
    [['--since', '2024-02-30'], /--since must be a date YYYY-MM-DD, not "2024-02-30"/],
    [['--id', 'not-an-id'], /--id: "not-an-id" is not an arXiv id/],
    [['--id', '2310.13040', '--category', 'cs.LG'], /--id fetches those papers only/],
    [[], /Nothing to fetch: set ARXIV_CATEGORIES/],
  ])('%j exits 2 with the usage line and touches nothing', async (args, message) => {
    const before = await snapshot(dir);
    const r = await fetchCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run fetch');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('an unknown category in ARXIV_CATEGORIES exits 1 naming the variable', async () => {
    const r = await fetchCli([], { ...env, ARXIV_CATEGORIES: 'cs.LG,cs.XX' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ARXIV_CATEGORIES: unknown arXiv category "cs\.XX"/);
  });
});
