import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex, type LoadedIndex } from '../../src/index/load.js';
import { IndexError } from '../../src/index/errors.js';
import { FORMAT_VERSION } from '../../src/index/format.js';
import type { Embedder } from '../../src/embed/types.js';
import { fixtureEmbedder, tempShelf } from '../support/shelf-fixture.js';
import { rewriteAsFormat2 } from '../support/old-format.js';

const current = async (indexDir: string) => join(indexDir, (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim());
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] as number))), 0);
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('index format 3: passage vectors in the graph, sentence and paper vectors as int8', () => {
  let dir: string;
  let embedder: Embedder;
  let index: LoadedIndex;
  const works: string[] = [];

  beforeAll(async () => {
    dir = await tempShelf();
    embedder = await fixtureEmbedder();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    index = await loadIndex(join(dir, 'index'));
  });
  afterAll(async () => {
    for (const d of [dir, ...works]) await rm(d, { recursive: true, force: true });
  });

  async function copy(): Promise<string> {
    const work = await mkdtemp(join(tmpdir(), 'papershelf-format-'));
    works.push(work);
    await cp(dir, work, { recursive: true });
    return work;
  }

  it('vectors.bin holds one 4 + dim byte row per sentence and paper, and no passage', async () => {
    const { sentences, papers } = index.manifest.counts;
    expect(index.manifest.formatVersion).toBe(FORMAT_VERSION);
    expect((await stat(join(index.dir, 'vectors.bin'))).size).toBe((sentences + papers) * (4 + index.dimension));
  });

  it('serves passage vectors from the graph, and sentence and paper vectors close to the model', async () => {
    const graph = new hnswlib.HierarchicalNSW('cosine', index.dimension);
    graph.readIndexSync(join(index.dir, 'passages.hnsw'));
    for (let p = 0; p < index.manifest.counts.passages; p++) {
      expect(Array.from(index.passageVector(p))).toEqual(graph.getPoint(p).map(Math.fround));
    }
    const paper = index.papers[3]!;
    const [fresh] = await embedder.embed([`${paper.title}. ${paper.abstract}`], 'passage');
    expect(maxDiff(index.paperVector(3), fresh!)).toBeLessThan(0.01);
    expect(index.paperDot(3, fresh!)).toBeCloseTo(1, 2);
    for (let s = 0; s < index.manifest.counts.sentences; s++) expect(norm(index.sentenceVector(s))).toBeCloseTo(1, 2);
    // The in-place scores are the dot products with those vectors.
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
    for (let p = 0; p < index.manifest.counts.passages; p++)
      expect(index.passageDot(p, fresh!)).toBeCloseTo(dot(index.passageVector(p), fresh!), 6);
    for (let s = 0; s < index.manifest.counts.sentences; s++)
      expect(index.sentenceDot(s, fresh!)).toBeCloseTo(dot(index.sentenceVector(s), fresh!), 6);
  });

  it('a rebuild that replaces the graph whole reuses every unchanged vector: int8 rows byte for byte', async () => {
    const work = await copy();
    const corpus = join(work, 'papers.jsonl');
    const lines = (await readFile(corpus, 'utf8')).trim().split('\n');
    // Removing the first paper shifts every passage: the graph cannot be extended and is rebuilt.
    await writeFile(corpus, `${lines.slice(1).join('\n')}\n`);
    const summary = await buildIndex({ corpusPath: corpus, indexDir: join(work, 'index'), embedder });
    expect(summary.embedded).toBe(0);
    const next = await loadIndex(join(work, 'index'));
    const shift = index.docstore.paperPassageFrom[1]!;
    const sentenceShift = index.docstore.paperSentenceFrom[1]!;
    // The graph normalises what it is given again (cosine space): equal up to float rounding.
    for (let p = 0; p < next.manifest.counts.passages; p++)
      expect(maxDiff(next.passageVector(p), index.passageVector(p + shift))).toBeLessThan(1e-6);
    const oldBytes = await readFile(join(index.dir, 'vectors.bin'));
    const newBytes = await readFile(join(next.dir, 'vectors.bin'));
    const row = 4 + index.dimension;
    expect(newBytes.subarray(0, next.manifest.counts.sentences * row)).toEqual(
      oldBytes.subarray(sentenceShift * row, index.manifest.counts.sentences * row),
    );
  });

  it('a format-2 index is refused at load with the fix; its rebuild embeds nothing and carries its vectors over', async () => {
    const work = await copy();
    const indexDir = join(work, 'index');
    const old = await rewriteAsFormat2(await current(indexDir), embedder);
    const err = await loadIndex(indexDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/built by another papershelf version .*formatVersion.*npm run index/);

    const summary = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir, embedder });
    expect(summary.embedded).toBe(0);
    expect(summary.newPapers).toEqual([]);
    const next = await loadIndex(indexDir);
    expect(next.manifest.formatVersion).toBe(FORMAT_VERSION);
    const dim = next.dimension;
    const vec = (i: number) => old.vectors.subarray(i * dim, (i + 1) * dim);
    for (let p = 0; p < old.passages; p++) expect(maxDiff(next.passageVector(p), vec(p))).toBeLessThan(1e-6);
    for (let s = 0; s < old.sentences; s++) expect(maxDiff(next.sentenceVector(s), vec(old.passages + s))).toBeLessThan(0.01);
  });

  it('a vectors.bin that does not fit its format is not reused: the build embeds everything, the load refuses it', async () => {
    const work = await copy();
    const indexDir = join(work, 'index');
    const version = await current(indexDir);
    await rewriteAsFormat2(version, embedder);
    // Float32 vectors under a format-3 label, checksums right: sound files, wrong layout.
    const manifest = JSON.parse(await readFile(join(version, 'manifest.json'), 'utf8')) as { formatVersion: number };
    manifest.formatVersion = FORMAT_VERSION;
    await writeFile(join(version, 'manifest.json'), JSON.stringify(manifest));
    const err = await loadIndex(indexDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/does not match its manifest \(counts differ\).*npm run index/);

    const summary = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir, embedder });
    expect(summary.reused).toBe(0);
    expect(summary.embedded).toBe(summary.passages + summary.sentences + summary.papers);
    expect((await loadIndex(indexDir)).papers).toHaveLength(10);
  });
});
