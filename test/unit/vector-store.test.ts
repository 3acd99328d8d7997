import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BuildVectors,
  RowFile,
  decodeRow,
  dotRow,
  encodeRow,
  float32Vectors,
  graphAndRows,
  rowBytes,
} from '../../src/index/vector-store.js';

/** Seeded unit vectors: a deterministic stand-in for embeddings (roughly Gaussian components). */
function unitVectors(count: number, dim: number, seed: number): Float32Array[] {
  let s = seed;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = next() + next() + next() - 1.5;
    let n = 0;
    for (const x of v) n += x * x;
    for (let i = 0; i < dim; i++) v[i] = (v[i] as number) / Math.sqrt(n);
    return v;
  });
}

const maxAbs = (v: Float32Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

function encoded(v: Float32Array): Buffer {
  const buf = Buffer.alloc(rowBytes(v.length));
  encodeRow(v, buf, 0);
  return buf;
}

describe('int8 vector rows', () => {
  const dim = 384;
  const vectors = unitVectors(200, dim, 7);

  it('a row is 4 bytes of scale and one byte per dimension', () => {
    expect(rowBytes(384)).toBe(388);
    expect(encoded(vectors[0]!).byteLength).toBe(388);
  });

  it('round-trips every component within half a step (scale = max |x| / 127)', () => {
    for (const v of vectors) {
      const back = decodeRow(encoded(v), 0, dim);
      let worst = 0;
      for (let i = 0; i < dim; i++) worst = Math.max(worst, Math.abs((back[i] as number) - (v[i] as number)));
      expect(worst).toBeLessThanOrEqual((maxAbs(v) / 127 / 2) * (1 + 1e-6));
    }
  });

  it('scores a dot product within |q|₁ × half a step, and within 0.01 for unit vectors at 384 dimensions', () => {
    const queries = unitVectors(50, dim, 11);
    let worst = 0;
    for (const q of queries) {
      const l1 = q.reduce((s, x) => s + Math.abs(x), 0);
      for (const v of vectors) {
        const err = Math.abs(dotRow(q, encoded(v), 0) - dot(q, v));
        expect(err).toBeLessThanOrEqual(l1 * (maxAbs(v) / 127 / 2) * (1 + 1e-6) + 1e-9);
        worst = Math.max(worst, err);
      }
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('dotRow equals the dot product with the decoded row', () => {
    const q = unitVectors(1, dim, 3)[0]!;
    for (const v of vectors.slice(0, 20)) {
      const row = encoded(v);
      expect(dotRow(q, row, 0)).toBeCloseTo(dot(q, decodeRow(row, 0, dim)), 6);
    }
  });

  it('keeps a zero vector exact and an encoded row stable when encoded again', () => {
    expect(Array.from(decodeRow(encoded(new Float32Array(8)), 0, 8))).toEqual(new Array(8).fill(0));
    for (const v of vectors.slice(0, 20)) {
      const once = encoded(v);
      expect(encoded(decodeRow(once, 0, dim)).subarray(4)).toEqual(once.subarray(4));
    }
  });

  it('reads rows at any offset of a shared buffer', () => {
    const buf = Buffer.alloc(3 * rowBytes(dim) + 1);
    vectors.slice(0, 3).forEach((v, r) => encodeRow(v, buf, 1 + r * rowBytes(dim)));
    expect(Array.from(decodeRow(buf, 1 + 2 * rowBytes(dim), dim))).toEqual(Array.from(decodeRow(encoded(vectors[2]!), 0, dim)));
  });
});

describe('BuildVectors', () => {
  const dim = 16;
  const vs = unitVectors(6, dim, 5);

  it('keeps passages as float32 and encodes sentences and papers', () => {
    const b = new BuildVectors(2, 4, dim);
    vs.forEach((v, i) => b.set(i, v));
    expect(Array.from(b.passage(1))).toEqual(Array.from(vs[1]!));
    expect(b.rest.bytes.byteLength).toBe(4 * rowBytes(dim));
    expect(b.rest.bytes.subarray(rowBytes(dim), 2 * rowBytes(dim))).toEqual(encoded(vs[3]!));
  });

  it('reuses a format-2 float32 vector, encoding it when it is not a passage', () => {
    const all = new Float32Array(6 * dim);
    vs.forEach((v, i) => all.set(v, i * dim));
    const b = new BuildVectors(2, 4, dim);
    const old = float32Vectors(all, dim, 2);
    b.reuse(0, old, 1);
    b.reuse(5, old, 4);
    expect(Array.from(b.passage(0))).toEqual(Array.from(vs[1]!));
    expect(b.rest.bytes.subarray(3 * rowBytes(dim))).toEqual(encoded(vs[4]!));
  });

  it('copies a format-3 int8 row byte for byte and takes passages from the graph reader', () => {
    const rows = Buffer.concat(vs.slice(2).map(encoded));
    const old = graphAndRows((label) => vs[label]!, rows, dim, 2);
    const b = new BuildVectors(2, 4, dim);
    b.reuse(1, old, 0);
    b.reuse(2, old, 5);
    expect(Array.from(b.passage(1))).toEqual(Array.from(vs[0]!));
    expect(b.rest.bytes.subarray(0, rowBytes(dim))).toEqual(encoded(vs[5]!));
    expect(Array.from(old.float(3))).toEqual(Array.from(decodeRow(encoded(vs[3]!), 0, dim)));
  });

  it('reads a reused passage from the previous index only when asked for it', () => {
    const read: number[] = [];
    const old = graphAndRows(
      (label) => {
        read.push(label);
        return vs[label]!;
      },
      Buffer.alloc(0),
      dim,
      3,
    );
    const b = new BuildVectors(2, 0, dim);
    b.reuse(0, old, 2);
    b.reuse(1, old, 1);
    b.set(1, vs[4]!);
    expect(read).toEqual([]);
    expect(Array.from(b.passage(0))).toEqual(Array.from(vs[2]!));
    expect(Array.from(b.passage(1))).toEqual(Array.from(vs[4]!));
    expect(read).toEqual([2]);
  });
});

describe('RowFile: rows read from vectors.bin on demand', () => {
  it('returns every row, in any order, as the codec decodes it, and refuses a row past the end', async () => {
    const dim = 12;
    const vs = unitVectors(70, dim, 9);
    const path = join(await mkdtemp(join(tmpdir(), 'papershelf-rows-')), 'vectors.bin');
    await writeFile(path, Buffer.concat(vs.map(encoded)));
    const file = new RowFile(path, dim, vs.length);
    // Backwards, then forwards: read-ahead blocks both miss and hit, and the last block is short.
    const order = [...vs.keys()].reverse().concat([...vs.keys()]);
    for (const i of order) expect(Array.from(file.decoded(i))).toEqual(Array.from(decodeRow(encoded(vs[i]!), 0, dim)));
    for (const i of order) expect(file.dot(i, vs[0]!)).toBe(dotRow(vs[0]!, encoded(vs[i]!), 0));
    expect(file.read(68, 70)).toEqual(Buffer.concat(vs.slice(68).map(encoded)));
    expect(() => file.decoded(70)).toThrow(/row 70 is not in the file \(70 rows\)/);
  });
});
