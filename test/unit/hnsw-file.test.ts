import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { GraphFile } from '../../src/index/hnsw-file.js';

const DIM = 24;

function vector(seed: number): number[] {
  return Array.from({ length: DIM }, (_, d) => Math.sin(seed * 7.3 + d * 1.7) + (d === seed % DIM ? 1 : 0));
}

/** A real graph saved by hnswlib, with labels chosen by `labelOf(i)` for the i-th insertion. */
async function savedGraph(dir: string, name: string, count: number, labelOf: (i: number) => number): Promise<string> {
  const h = new hnswlib.HierarchicalNSW('cosine', DIM);
  h.initIndex(count, 8, 50, 1);
  for (let i = 0; i < count; i++) h.addPoint(vector(i), labelOf(i));
  const path = join(dir, name);
  await h.writeIndex(path);
  return path;
}

function readBack(path: string): InstanceType<typeof hnswlib.HierarchicalNSW> {
  const h = new hnswlib.HierarchicalNSW('cosine', DIM);
  h.readIndexSync(path);
  return h;
}

describe('GraphFile: passage vectors read from a saved hnswlib graph', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'papershelf-graph-'));
  });

  it('returns exactly what hnswlib getPoint returns, label by label (labels in insertion order)', async () => {
    const path = await savedGraph(dir, 'plain.hnsw', 300, (i) => i);
    const h = readBack(path);
    const g = new GraphFile(path, DIM);
    expect(g.layout.count).toBe(300);
    for (let label = 0; label < 300; label++) expect(Array.from(g.vector(label))).toEqual(h.getPoint(label).map(Math.fround));
  });

  it('scores a dot product in place, equal to the dot product with the vector it returns', async () => {
    const path = await savedGraph(dir, 'dots.hnsw', 40, (i) => (i * 7) % 41);
    const g = new GraphFile(path, DIM);
    const q = Float32Array.from(vector(99));
    for (let i = 0; i < 40; i++) {
      const label = (i * 7) % 41;
      const v = g.vector(label);
      expect(g.dot(label, q)).toBeCloseTo(
        v.reduce((s, x, d) => s + x * (q[d] as number), 0),
        9,
      );
    }
  });

  it('finds labels that are not insertion order (a graph updated in place)', async () => {
    const path = await savedGraph(dir, 'shuffled.hnsw', 200, (i) => (i * 37) % 211);
    const h = readBack(path);
    const g = new GraphFile(path, DIM);
    for (const label of h.getIdsList()) expect(Array.from(g.vector(label))).toEqual(h.getPoint(label).map(Math.fround));
    expect(() => g.vector(210 - 200 + 1000)).toThrow(/label 1010 is not in the graph/);
  });

  it('refuses a graph of another dimension and a file that is not a graph', async () => {
    const path = await savedGraph(dir, 'other.hnsw', 10, (i) => i);
    expect(() => new GraphFile(path, DIM + 8)).toThrow(/not an hnswlib graph of 32-dimension/);
    const junk = join(dir, 'junk.hnsw');
    await writeFile(junk, Buffer.alloc(200, 7));
    expect(() => new GraphFile(junk, DIM)).toThrow(/not an hnswlib graph/);
    const short = join(dir, 'short.hnsw');
    await writeFile(short, Buffer.alloc(10));
    expect(() => new GraphFile(short, DIM)).toThrow(/bytes short/);
  });

  it('a truncated graph is refused when opened, before any vector is read from it', async () => {
    const path = await savedGraph(dir, 'cut.hnsw', 50, (i) => i);
    const handle = await open(path, 'r+');
    await handle.truncate(96 + 10 * (8 * 2 * 4 + 4 + DIM * 4 + 8));
    await handle.close();
    expect(() => new GraphFile(path, DIM)).toThrow(/ends at byte \d+, before its 50 vectors/);
  });
});
