/**
 * The pieces behind the bot's shelf changes, on real files, a real SQLite file and real child
 * processes: removing a paper (atomic, under the lock), the record /shelf status reads, the job
 * runner's failure handling, and the daily fetch's bookkeeping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeFromShelf } from '../../src/arxiv/remove.js';
import type { ShelfJob, ShelfJobOutcome } from '../../src/arxiv/jobs.js';
import { openDigestStore, type DigestStore } from '../../src/digest/store.js';
import { childNodeArgs, ShelfJobRunner } from '../../src/cli/shelf-jobs.js';
import { DailyFetch } from '../../src/discord/daily-fetch.js';
import { createLogger } from '../../src/log.js';
import { fixtureEnv, snapshot, tempShelf } from '../support/shelf-fixture.js';
import { NO_DOTENV, samplePapers, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';

const line = (id: string) =>
  `{"id":"${id}","title":"Title ${id}","authors":["A"],"year":2020,"venue":null,"url":null,"code":null,"abstract":"X."}`;
const silent = createLogger({ level: 'silent' });

const cleanup: string[] = [];
const stores: DigestStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const d of cleanup.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shelf-jobs-'));
  cleanup.push(dir);
  return dir;
}

describe('removing a paper from the shelf', () => {
  it('drops its line only, leaving every other line byte for byte, and releases the lock', async () => {
    const path = join(await tempDir(), 'papers.jsonl');
    const typed = `${line('a').replace('"year":2020', '"year": 2020')}\n${line('b')}\n${line('c')}\n`;
    await writeFile(path, typed);
    expect((await removeFromShelf(path, 'b'))?.title).toBe('Title b');
    expect(await readFile(path, 'utf8')).toBe(`${line('a').replace('"year":2020', '"year": 2020')}\n${line('c')}\n`);
    await expect(readFile(`${path}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('a paper that is not there changes nothing', async () => {
    const path = join(await tempDir(), 'papers.jsonl');
    await writeFile(path, `${line('a')}\n${line('b')}\n`);
    expect(await removeFromShelf(path, 'zzz')).toBeNull();
    expect(await readFile(path, 'utf8')).toBe(`${line('a')}\n${line('b')}\n`);
  });

  it('refuses the last paper, and a shelf another fetch holds, writing nothing', async () => {
    const dir = await tempDir();
    const path = join(dir, 'papers.jsonl');
    await writeFile(path, `${line('a')}\n`);
    await expect(removeFromShelf(path, 'a')).rejects.toThrow(/a is the last paper on the shelf/);
    await writeFile(path, `${line('a')}\n${line('b')}\n`);
    await writeFile(`${path}.lock`, JSON.stringify({ pid: process.pid, since: '2026-01-01T00:00:00Z' }));
    await expect(removeFromShelf(path, 'a')).rejects.toThrow(/Another fetch is updating .*papers\.jsonl \(pid \d+, since 2026-01-01/);
    expect(await readFile(path, 'utf8')).toBe(`${line('a')}\n${line('b')}\n`);
  });
});

describe('the shelf record in the state database', () => {
  it('keeps runs for /shelf status and removed papers, across a reopen', async () => {
    const file = join(await tempDir(), 'state.db');
    const store = openDigestStore(file);
    expect(store.lastShelfRun()).toBeNull();
    store.recordShelfRun({ trigger: 'daily', startedAt: 1, finishedAt: 2, ok: true, summary: 'added 3' });
    store.recordShelfRun({ trigger: 'add', startedAt: 3, finishedAt: 4, ok: false, summary: 'not found' });
    store.markRemoved('arxiv:2405.00001', 'u1', 5);
    store.markRemoved('arxiv:2405.00002', 'u1', 6);
    store.unmarkRemoved('arxiv:2405.00002');
    store.close();
    const again = openDigestStore(file);
    stores.push(again);
    expect(again.lastShelfRun('daily')).toEqual({ trigger: 'daily', startedAt: 1, finishedAt: 2, ok: true, summary: 'added 3' });
    expect(again.lastShelfRun()?.trigger).toBe('add');
    expect(again.lastShelfFailure()?.summary).toBe('not found');
    expect(again.removedPaperIds()).toEqual(['arxiv:2405.00001']);
  });
});

describe('the shelf job runner', () => {
  const runnerWith = async (source: string, timeoutMs?: number) => {
    const script = join(await tempDir(), 'job.mjs');
    await writeFile(script, source);
    let reloads = 0;
    const runner = new ShelfJobRunner({
      log: silent,
      script,
      onIndexChanged: async () => {
        reloads++;
      },
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
    return { runner, reloads: () => reloads };
  };
  const job: ShelfJob = { kind: 'remove', paperId: 'arxiv:1' };

  it("passes the child the bot's loaders only: never --eval or --inspect", () => {
    expect(childNodeArgs(['--import', 'tsx'])).toEqual(['--import', 'tsx']);
    expect(childNodeArgs(['--require', '/x/preflight.cjs', '--import', 'file:///x/loader.mjs'])).toEqual([
      '--require',
      '/x/preflight.cjs',
      '--import',
      'file:///x/loader.mjs',
    ]);
    expect(childNodeArgs(['--inspect=9229', '-e', 'spawnAgain()', '--import=tsx', '--no-warnings'])).toEqual(['--import=tsx']);
    expect(childNodeArgs([])).toEqual([]);
  });

  it('hands back the outcome line and reloads the index only when the job built one', async () => {
    const built = { ok: true, fetch: null, removed: { id: 'arxiv:1', title: 'T' }, built: 'Indexed 9 papers' };
    const { runner, reloads } = await runnerWith(
      `const job = JSON.parse(process.argv[2]); console.log('progress'); console.log(JSON.stringify(${JSON.stringify(built)}));`,
    );
    expect(await runner.run(job)).toEqual(built);
    expect(reloads()).toBe(1);
  });

  it('a child that dies without an outcome is a failure naming the exit and its last words', async () => {
    const { runner, reloads } = await runnerWith(`process.stderr.write('model file is corrupt\\n'); process.exit(3);`);
    expect(await runner.run(job)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the shelf job (remove) failed: it exited with code 3: model file is corrupt' },
    });
    expect(reloads()).toBe(0);
  });

  it('a child that runs too long is stopped', async () => {
    const { runner } = await runnerWith(`setTimeout(() => {}, 60_000);`, 300);
    expect(await runner.run(job)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'the shelf job (remove) failed: it ran longer than 0.3 s and was stopped' },
    });
  });

  it('runs jobs one at a time, and refuses new ones once stopped', async () => {
    const { runner } = await runnerWith(
      `const t = Date.now(); setTimeout(() => console.log(JSON.stringify({ ok: true, fetch: null, removed: null, built: null, t })), 200);`,
    );
    const started: number[] = [];
    const both = await Promise.all(
      [1, 2].map(async () => {
        const o = await runner.run(job);
        started.push(Date.now());
        return o;
      }),
    );
    expect(both.every((o) => o.ok)).toBe(true);
    expect(Math.abs(started[1]! - started[0]!)).toBeGreaterThanOrEqual(150);
    runner.stop();
    expect(await runner.run(job)).toMatchObject({ ok: false, error: { code: 'closing' } });
  });
});

describe('the daily fetch', () => {
  it('passes removed papers as arXiv ids to skip, records the run and logs one line', async () => {
    const store = openDigestStore(':memory:');
    stores.push(store);
    store.markRemoved('arxiv:2405.00001', 'u1', 1);
    store.markRemoved('hand-made-paper', 'u1', 1);
    const seen: ShelfJob[] = [];
    const outcome: ShelfJobOutcome = {
      ok: true,
      fetch: { asked: 'cat:cs.LG', received: 2, added: [{ id: 'arxiv:2405.00002', title: 'T' }], updated: [], unchanged: 0, skipped: [] },
      removed: null,
      built: 'Indexed 11 papers',
    };
    const lines: string[] = [];
    const log = createLogger({ level: 'info', format: 'json', destination: { write: (l: string) => lines.push(l) } as never });
    const now = Date.parse('2026-03-10T01:29:00Z');
    const daily = new DailyFetch({
      jobs: {
        running: null,
        run: async (j) => {
          seen.push(j);
          return outcome;
        },
      },
      store,
      log,
      now: () => now,
      time: '01:30',
    });
    expect(await daily.runOnce()).toBe(outcome);
    expect(seen).toEqual([{ kind: 'fetch', skipIds: ['2405.00001'] }]);
    expect(store.lastShelfRun('daily')).toMatchObject({
      ok: true,
      summary: 'added 1, updated 0, unchanged 0, skipped 0; Indexed 11 papers',
    });
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      'daily arXiv fetch: added 1, updated 0, unchanged 0, skipped 0; Indexed 11 papers',
    ]);
    daily.start();
    expect(daily.nextAt()).toBe(Date.parse('2026-03-10T01:30:00Z'));
    await daily.stop();
  });

  it('records and logs a failed fetch as an error, for /shelf status', async () => {
    const store = openDigestStore(':memory:');
    stores.push(store);
    const daily = new DailyFetch({
      jobs: { running: null, run: async () => ({ ok: false, error: { code: 'arxiv', message: 'arXiv answered 503 (busy), 5 times' } }) },
      store,
      log: silent,
      now: () => 0,
      time: '01:30',
    });
    const outcome = await daily.runOnce();
    expect(outcome.ok).toBe(false);
    expect(store.lastShelfFailure()).toMatchObject({ trigger: 'daily', ok: false, summary: 'arXiv answered 503 (busy), 5 times' });
  });
});

describe('the real shelf job in a child process, against a loopback arXiv', () => {
  let server: ArxivServer;
  beforeAll(async () => {
    server = await startArxivServer(samplePapers());
  });
  afterAll(async () => {
    await server.close();
  });

  const setUp = async () => {
    const dir = await tempShelf();
    cleanup.push(dir);
    let reloads = 0;
    const env = fixtureEnv(dir, {
      ...NO_DOTENV,
      ARXIV_CATEGORIES: 'cs.LG',
      ARXIV_API_URL: server.url,
      ARXIV_REQUEST_INTERVAL_MS: '20',
    });
    const runner = new ShelfJobRunner({
      log: silent,
      env,
      // The bot passes its own flags (tsx's loader); vitest's are not those.
      nodeArgs: ['--import', 'tsx'],
      onIndexChanged: async () => {
        reloads++;
      },
    });
    return { dir, runner, reloads: () => reloads };
  };

  it('the daily fetch job adds the followed papers and builds the index; a second one changes nothing', async () => {
    const { dir, runner, reloads } = await setUp();
    const first = await runner.run({ kind: 'fetch', skipIds: ['0704.1020'] });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.fetch?.added.map((a) => a.id).sort()).toEqual([
      'arxiv:0704.0671',
      'arxiv:0704.0954',
      'arxiv:0704.1028',
      'arxiv:0704.1274',
    ]);
    expect(first.fetch?.skipped).toEqual([
      { id: '0704.1020', reason: 'removed from the shelf with /shelf remove' },
      { id: '0704.1409', reason: 'withdrawn on arXiv' },
    ]);
    expect(first.built).toMatch(/^Indexed 14 papers/);
    expect(reloads()).toBe(1);
    const before = await snapshot(dir);
    const second = await runner.run({ kind: 'fetch', skipIds: ['0704.1020'] });
    expect(second).toMatchObject({ ok: true, built: null, removed: null, fetch: { added: [], unchanged: 4 } });
    expect(await snapshot(dir)).toEqual(before); // shelf and index, byte for byte
    expect(reloads()).toBe(1);
  }, 60_000);

  it('an HTML error page instead of Atom fails the job with a clear message and leaves shelf and index as they were', async () => {
    const { dir, runner, reloads } = await setUp();
    server.failNext({ kind: 'html' });
    const before = await snapshot(dir);
    const outcome = await runner.run({ kind: 'add', arxivId: '0704.0098' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'arxiv' } });
    expect(!outcome.ok && outcome.error.message).toMatch(/HTML/i);
    expect(await snapshot(dir)).toEqual(before);
    expect(reloads()).toBe(0);
  }, 60_000);
});
