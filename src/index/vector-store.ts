import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Sentence and paper vectors, stored as int8 with one float32 scale per vector (format 3).
 *
 * Why int8: a 384-dimension vector is 1,536 bytes as float32 and 388 bytes here, and these
 * vectors only rank a paper's own sentences (quotes) and papers against each other (/similar),
 * where the codec's error (bounded below, tested in test/unit/vector-store.test.ts) is far below
 * the gaps that decide a choice. Passage vectors are not stored here at all: the HNSW graph
 * already holds them as float32 (see hnsw-file.ts).
 *
 * A row is the scale (float32, little-endian) followed by `dim` codes; vectors.bin is the
 * sentence rows, then the paper rows, with no header (the manifest's counts give the layout).
 */

/** Largest code magnitude: symmetric, so 0 is exact and the scale is max |x| / 127. */
const MAX_CODE = 127;

export function rowBytes(dim: number): number {
  return 4 + dim;
}

/** The codes of the row at `offset`, viewed in place. */
function codesOf(buf: Buffer, offset: number, dim: number): Int8Array {
  return new Int8Array(buf.buffer, buf.byteOffset + offset + 4, dim);
}

/**
 * Writes `vec` as one row at `offset` of `out`. Each component is off by at most scale / 2,
 * where scale = max |x| / 127; a zero vector is stored as zeros with scale 0.
 */
export function encodeRow(vec: Float32Array, out: Buffer, offset: number): void {
  let max = 0;
  for (let i = 0; i < vec.length; i++) max = Math.max(max, Math.abs(vec[i] as number));
  const scale = Math.fround(max / MAX_CODE);
  out.writeFloatLE(scale, offset);
  const codes = codesOf(out, offset, vec.length);
  for (let i = 0; i < vec.length; i++) {
    const q = scale === 0 ? 0 : Math.round((vec[i] as number) / scale);
    codes[i] = Math.max(-MAX_CODE, Math.min(MAX_CODE, q));
  }
}

/** The row at `offset` as float32 (code × scale). */
export function decodeRow(buf: Buffer, offset: number, dim: number): Float32Array {
  const scale = buf.readFloatLE(offset);
  const codes = codesOf(buf, offset, dim);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = scale * (codes[i] as number);
  return out;
}

/**
 * Dot product of a float32 vector with the row at `offset`, without decoding it: the codes are
 * summed against `q` and scaled once.
 */
export function dotRow(q: Float32Array, buf: Buffer, offset: number): number {
  const codes = codesOf(buf, offset, q.length);
  let s = 0;
  for (let i = 0; i < q.length; i++) s += (q[i] as number) * (codes[i] as number);
  return s * buf.readFloatLE(offset);
}

/**
 * The build's sentence and paper vectors, in vector order (sentences, then papers), encoded as
 * they arrive. Rows taken from a previous format-3 index are copied byte for byte, so a vector
 * reused build after build never drifts.
 */
export class EncodedRows {
  readonly bytes: Buffer;
  private readonly stride: number;

  constructor(
    readonly count: number,
    readonly dim: number,
  ) {
    this.stride = rowBytes(dim);
    this.bytes = Buffer.alloc(count * this.stride);
  }

  set(row: number, vec: Float32Array): void {
    encodeRow(vec, this.bytes, row * this.stride);
  }

  copyRaw(row: number, source: Buffer, sourceRow: number): void {
    source.copy(this.bytes, row * this.stride, sourceRow * this.stride, (sourceRow + 1) * this.stride);
  }
}

/** Rows read ahead on a miss: a quote reads one paper's sentences in order, so one read serves them all. */
const READ_AHEAD_ROWS = 32;

/**
 * Rows of a vectors.bin read on demand: a question reads a few dozen sentence rows (served from
 * the page cache), so the file is never held in memory. The descriptor is closed when the loaded
 * index is collected (a reload replaces it).
 */
export class RowFile {
  private readonly fd: number;
  private readonly stride: number;
  private readonly block: Buffer;
  private blockFrom = -1;
  private blockRows = 0;

  constructor(
    path: string,
    readonly dim: number,
    /** Rows in the file: a read-ahead stops at its end. */
    readonly rows: number,
  ) {
    this.fd = openSync(path, 'r');
    this.stride = rowBytes(dim);
    this.block = Buffer.alloc(READ_AHEAD_ROWS * this.stride);
    closeWhenCollected(this, this.fd);
  }

  /** Rows [from, to) in one read. */
  read(from: number, to: number): Buffer {
    const buf = Buffer.alloc((to - from) * this.stride);
    readFully(this.fd, buf, from * this.stride);
    return buf;
  }

  /** Row i decoded. */
  decoded(i: number): Float32Array {
    return decodeRow(this.block, this.rowAt(i), this.dim);
  }

  /** Dot product of `q` with row i, without decoding it. */
  dot(i: number, q: Float32Array): number {
    return dotRow(q, this.block, this.rowAt(i));
  }

  /** Where row i is in the read-ahead block, reading the block from i on a miss. */
  private rowAt(i: number): number {
    if (i < this.blockFrom || i >= this.blockFrom + this.blockRows) {
      if (i < 0 || i >= this.rows) throw new RangeError(`row ${i} is not in the file (${this.rows} rows)`);
      this.blockRows = Math.min(READ_AHEAD_ROWS, this.rows - i);
      readFully(this.fd, this.block.subarray(0, this.blockRows * this.stride), i * this.stride);
      this.blockFrom = i;
    }
    return (i - this.blockFrom) * this.stride;
  }
}

const descriptors = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing to release.
  }
});

export function closeWhenCollected(owner: object, fd: number): void {
  descriptors.register(owner, fd);
}

/** Fills `buf` from `position`; a short read means the file is shorter than its manifest says. */
export function readFully(fd: number, buf: Uint8Array, position: number): void {
  let done = 0;
  while (done < buf.byteLength) {
    const n = readSync(fd, buf, done, buf.byteLength - done, position + done);
    if (n === 0) throw new RangeError(`file ends at ${position + done}, ${buf.byteLength - done} bytes short`);
    done += n;
  }
}

/** A previous index's vectors, by row in its vector order (passages, then sentences, then papers). */
export interface StoredVectors {
  readonly passageCount: number;
  /** Row `row` as float32: exact for passages, decoded for int8 rows. */
  float(row: number): Float32Array;
  /** Format 3: the int8 rows of sentences and papers (row passageCount + r is row r here). */
  readonly encoded: Buffer | null;
}

export const NO_STORED_VECTORS: StoredVectors = {
  passageCount: 0,
  float: (row) => {
    throw new RangeError(`no stored vector ${row}`);
  },
  encoded: null,
};

/** Formats 1 and 2: every vector as float32 in one array. */
export function float32Vectors(data: Float32Array, dim: number, passageCount: number): StoredVectors {
  return { passageCount, float: (row) => data.subarray(row * dim, (row + 1) * dim), encoded: null };
}

/** Format 3: passages from the graph (by label = passage number), the rest from vectors.bin's int8 rows. */
export function graphAndRows(passage: (passageNumber: number) => Float32Array, encoded: Buffer, dim: number, passageCount: number): StoredVectors {
  const stride = rowBytes(dim);
  return {
    passageCount,
    float: (row) => (row < passageCount ? passage(row) : decodeRow(encoded, (row - passageCount) * stride, dim)),
    encoded,
  };
}

/**
 * The vectors a build writes, in vector order: passages as float32 (they go into the graph),
 * sentences and papers int8-encoded for vectors.bin. A reused passage vector is read from the
 * previous index only when `passage` asks for it: a graph updated in place already holds it, and
 * copying every passage vector of the shelf out of the live graph was a cost of every update.
 */
export class BuildVectors {
  private readonly passages: Float32Array;
  readonly rest: EncodedRows;
  /** Per passage, its row in `from` when reused (-1: set here). */
  private readonly reusedRow: Int32Array;
  private from: StoredVectors | null = null;

  constructor(
    readonly passageCount: number,
    restCount: number,
    readonly dim: number,
  ) {
    this.passages = new Float32Array(passageCount * dim);
    this.reusedRow = new Int32Array(passageCount).fill(-1);
    this.rest = new EncodedRows(restCount, dim);
  }

  set(i: number, vec: Float32Array): void {
    if (i < this.passageCount) {
      this.passages.set(vec, i * this.dim);
      this.reusedRow[i] = -1;
    } else this.rest.set(i - this.passageCount, vec);
  }

  /** Takes vector i from a previous index's row: int8 rows byte for byte, anything else through float32. */
  reuse(i: number, stored: StoredVectors, row: number): void {
    if (i < this.passageCount) {
      if (this.from !== null && this.from !== stored) throw new Error('a build reuses the vectors of one previous index');
      this.from = stored;
      this.reusedRow[i] = row;
    } else if (stored.encoded !== null && row >= stored.passageCount) {
      this.rest.copyRaw(i - this.passageCount, stored.encoded, row - stored.passageCount);
    } else {
      this.rest.set(i - this.passageCount, stored.float(row));
    }
  }

  /** Passage i's vector: set here, or read now from the previous index. */
  passage(i: number): Float32Array {
    const row = this.reusedRow[i]!;
    if (row >= 0 && this.from) return this.from.float(row);
    return this.passages.subarray(i * this.dim, (i + 1) * this.dim);
  }
}
