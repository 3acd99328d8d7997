import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/load.js';
import { IndexError } from '../../src/index/errors.js';
import type { Embedder } from '../../src/embed/types.js';
import { FORMAT_VERSION } from '../../src/index/format.js';
import { fixtureEmbedder, fixtureEnv, REPO, tempShelf } from '../support/shelf-fixture.js';
import { rewriteAsFormat2 } from '../support/old-format.js';

/** Overwrites a file with bytes of the same length: the size check passes, only the checksum can tell. */
async function garbage(path: string): Promise<void> {
  const { size } = await stat(path);
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 17) % 256;
  await writeFile(path, bytes);
}

async function flipByte(path: string, at: number): Promise<void> {
  const handle = await open(path, 'r+');
  const one = Buffer.alloc(1);
  await handle.read(one, 0, 1, at);
  one[0] = (one[0] ?? 0) ^ 0x01;
  await handle.write(one, 0, 1, at);
  await handle.close();
}

/** Runs an entry point through tsx; resolves with exit code and stderr. */
async function run(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, entry), ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

type Damage = (versionDir: string, indexDir: string) => Promise<void>;

const cases: [string, Damage, RegExp][] = [
  ['docstore.json garbage of the right size', (v) => garbage(join(v, 'docstore.json')), /docstore\.json is damaged/],
  ['lexical.json garbage of the right size', (v) => garbage(join(v, 'lexical.json')), /lexical\.json is damaged/],
  ['vectors.bin garbage of the right size', (v) => garbage(join(v, 'vectors.bin')), /vectors\.bin is damaged/],
  ['one flipped byte in vectors.bin', (v) => flipByte(join(v, 'vectors.bin'), 4096), /vectors\.bin is damaged/],
  ['one flipped byte in passages.hnsw', (v) => flipByte(join(v, 'passages.hnsw'), 2048), /passages\.hnsw is damaged/],
  ['passage-labels.bin garbage of the right size', (v) => garbage(join(v, 'passage-labels.bin')), /passage-labels\.bin is damaged/],
  [
    'CURRENT pointing outside INDEX_DIR',
    (_v, i) => writeFile(join(i, 'CURRENT'), '../../../etc\n'),
    /CURRENT names "\.\.\/\.\.\/\.\.\/etc", which is not a version folder/,
  ],
];

describe('a damaged index', () => {
  let dir: string;
  let embedder: Embedder;
  const works: string[] = [];

  beforeAll(async () => {
    dir = await tempShelf();
    embedder = await fixtureEmbedder();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
  });
  afterAll(async () => {
    for (const d of [dir, ...works]) if (d) await rm(d, { recursive: true, force: true });
  });

  /** A copy of the built index, damaged. */
  async function damaged(damage: Damage): Promise<string> {
    const work = await mkdtemp(join(tmpdir(), 'papershelf-damage-'));
    works.push(work);
    await cp(dir, work, { recursive: true });
    const indexDir = join(work, 'index');
    const version = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
    await damage(join(indexDir, version), indexDir);
    return work;
  }

  it.each(cases)('%s is refused at load, naming the file and npm run index', async (_name, damage, message) => {
    const work = await damaged(damage);
    const err = await loadIndex(join(work, 'index')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/npm run index/);
  });

  it('the manifest records a SHA-256 of every data file', async () => {
    const index = await loadIndex(join(dir, 'index'));
    expect(Object.keys(index.manifest.files).sort()).toEqual([
      'docstore.json',
      'lexical.json',
      'passage-labels.bin',
      'passages.hnsw',
      'vectors.bin',
    ]);
    for (const entry of Object.values(index.manifest.files)) expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(cases.filter(([name]) => /docstore|flipped byte in vectors|CURRENT/.test(name)))(
    '%s: npm run ask and npm start exit 1 with the message and no stack trace',
    async (_name, damage, message) => {
      const work = await damaged(damage);
      const env = fixtureEnv(work, { DISCORD_TOKEN: 'never-used', DISCORD_API_URL: 'http://127.0.0.1:9/api' });
      const [ask, start] = await Promise.all([run('src/cli/ask.ts', ['few-shot classification'], env), run('src/cli/start.ts', [], env)]);
      for (const r of [ask, start]) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).toMatch(/npm run index/);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr).not.toMatch(/SyntaxError/);
      }
    },
    60_000,
  );

  it('after CURRENT named a damaged version, the next build keeps the good one it replaces and prunes the bad', async () => {
    const work = await damaged(async () => {});
    const indexDir = join(work, 'index');
    const good = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
    // A second version, then damaged: CURRENT now names a bad version, the bot keeps serving `good`.
    await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir, embedder, now: () => new Date(Date.now() + 60_000) });
    const bad = (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim();
    expect(bad).not.toBe(good);
    await garbage(join(indexDir, bad, 'vectors.bin'));

    const summary = await buildIndex({
      corpusPath: join(work, 'papers.jsonl'),
      indexDir,
      embedder,
      now: () => new Date(Date.now() + 120_000),
    });
    const versions = (await readdir(indexDir)).filter((n) => n.startsWith('v-')).sort();
    expect(versions).toEqual([good, summary.version].sort());
    // Nothing reused from the damaged version's garbage vectors: the good one's were reused instead.
    expect(summary.reused).toBeGreaterThan(0);
    expect((await loadIndex(indexDir)).papers).toHaveLength(10);
    // First-seen times survive (digests would otherwise see every paper as new).
    expect(summary.newPapers).toEqual([]);
  });

  it('an index from before checksums (format 1) is refused at load with the fix, and its rebuild embeds nothing', async () => {
    const work = await damaged(async (v) => {
      await rewriteAsFormat2(v, embedder);
      const manifest = JSON.parse(await readFile(join(v, 'manifest.json'), 'utf8')) as {
        formatVersion: number;
        files: Record<string, { bytes: number; sha256?: string }>;
      };
      manifest.formatVersion = 1;
      for (const entry of Object.values(manifest.files)) delete entry.sha256;
      await writeFile(join(v, 'manifest.json'), JSON.stringify(manifest));
    });
    const err = await loadIndex(join(work, 'index')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/built by another papershelf version .*formatVersion.*npm run index/);
    const summary = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir: join(work, 'index'), embedder });
    expect(summary.embedded).toBe(0);
    expect(summary.newPapers).toEqual([]);
    expect((await loadIndex(join(work, 'index'))).manifest.formatVersion).toBe(FORMAT_VERSION);
  });

  it('a build repairs a CURRENT that points outside INDEX_DIR', async () => {
    const work = await damaged(cases.find(([name]) => name.startsWith('CURRENT'))![1]);
    const summary = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir: join(work, 'index'), embedder });
    expect(summary.newPapers).toEqual([]);
    expect((await loadIndex(join(work, 'index'))).papers).toHaveLength(10);
  });
});
