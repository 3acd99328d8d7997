import { fstatSync, openSync } from 'node:fs';
import { closeWhenCollected, readFully } from './vector-store.js';

/**
 * Reads passage vectors straight out of a saved hnswlib graph (passages.hnsw), which stores each
 * one as float32 next to its links: the graph is the only copy of them (format 3).
 *
 * Why not hnswlib-node's getPoint(label): it builds a JS array element by element, hundreds of
 * microseconds per 384-dimension vector, too slow for a question's few dozen passages and for
 * the next build's reuse of every one. The file layout read here is hnswlib's saveIndex: a
 * 96-byte header, then one fixed-size record per element (level-0 links, the vector, the 64-bit
 * label), then the upper levels' links. The header is checked against the index's dimension, so
 * a layout this code does not know is refused rather than misread.
 */

const HEADER_BYTES = 96;

/** Records read ahead on a miss: a paper's passages are consecutive labels in a graph built by appending. */
const READ_AHEAD_RECORDS = 8;

export interface GraphLayout {
  count: number;
  recordBytes: number;
  dataOffset: number;
  labelOffset: number;
}

export function readGraphLayout(fd: number, dim: number): GraphLayout {
  const head = Buffer.alloc(HEADER_BYTES);
  readFully(fd, head, 0);
  const u64 = (at: number) => Number(head.readBigUInt64LE(at));
  const offsetLevel0 = u64(0);
  const count = u64(16);
  const recordBytes = u64(24);
  const labelOffset = u64(32);
  const dataOffset = u64(40);
  const layoutKnown = offsetLevel0 === 0 && dataOffset % 4 === 0 && labelOffset === dataOffset + dim * 4 && recordBytes === labelOffset + 8;
  if (!layoutKnown || count > u64(8)) {
    throw new RangeError(`not an hnswlib graph of ${dim}-dimension float32 vectors`);
  }
  return { count, recordBytes, dataOffset, labelOffset };
}

/**
 * One saved graph, read on demand. In graphs built by appending (label = insertion order) a
 * label's record is found directly; otherwise (labels reassigned by in-place updates) the
 * labels are scanned once and looked up from then on. Not safe to share across threads (the
 * read-ahead block is reused); a loaded index is used from one.
 */
export class GraphFile {
  private readonly fd: number;
  readonly layout: GraphLayout;
  private rowOfLabel: Int32Array | null = null;
  private readonly block: ArrayBuffer;
  private readonly floats: Float32Array;
  private blockFrom = -1;
  private blockRows = 0;

  constructor(
    readonly path: string,
    readonly dim: number,
  ) {
    this.fd = openSync(path, 'r');
    closeWhenCollected(this, this.fd);
    this.layout = readGraphLayout(this.fd, dim);
    // A cut-off graph is refused here, not at the first vector a question or a build asks for.
    const size = fstatSync(this.fd).size;
    if (size < HEADER_BYTES + this.layout.count * this.layout.recordBytes) {
      throw new RangeError(`the file ends at byte ${size}, before its ${this.layout.count} vectors`);
    }
    // Records are multiples of 4 bytes and so is the vector's offset in one: views stay aligned.
    this.block = new ArrayBuffer(READ_AHEAD_RECORDS * this.layout.recordBytes);
    this.floats = new Float32Array(this.block);
  }

  /** The vector stored under `label` (normalised: the cosine space stores unit vectors). */
  vector(label: number): Float32Array {
    const from = this.vectorAt(label);
    return this.floats.slice(from, from + this.dim);
  }

  /** Dot product of `q` with the vector stored under `label`, read in place. */
  dot(label: number, q: Float32Array): number {
    const from = this.vectorAt(label);
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += (q[i] as number) * (this.floats[from + i] as number);
    return s;
  }

  /** Where `label`'s vector starts in the read-ahead block, in floats. */
  private vectorAt(label: number): number {
    let at = -1;
    if (this.rowOfLabel === null && label < this.layout.count) {
      at = this.recordAt(label);
      if (this.labelAt(at) !== label) at = -1;
    }
    if (at < 0) at = this.recordAt(this.lookup(label));
    return (at + this.layout.dataOffset) / 4;
  }

  /** Where `row`'s record is in the read-ahead block, reading the block from `row` on a miss. */
  private recordAt(row: number): number {
    const { count, recordBytes } = this.layout;
    if (row < this.blockFrom || row >= this.blockFrom + this.blockRows) {
      this.blockRows = Math.min(READ_AHEAD_RECORDS, count - row);
      readFully(this.fd, new Uint8Array(this.block, 0, this.blockRows * recordBytes), HEADER_BYTES + row * recordBytes);
      this.blockFrom = row;
    }
    return (row - this.blockFrom) * recordBytes;
  }

  /** The 64-bit label of the record at `at` in the block (labels stay far below 2^53). */
  private labelAt(at: number): number {
    const view = new DataView(this.block, at + this.layout.labelOffset, 8);
    return view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  }

  private lookup(label: number): number {
    this.rowOfLabel ??= this.scanLabels();
    const row = label < this.rowOfLabel.length ? (this.rowOfLabel[label] as number) : -1;
    if (row < 0) throw new RangeError(`label ${label} is not in the graph`);
    return row;
  }

  private scanLabels(): Int32Array {
    const { count, recordBytes, labelOffset } = this.layout;
    const labels = new Float64Array(count);
    const perChunk = Math.max(1, Math.floor((8 << 20) / recordBytes));
    const chunk = Buffer.alloc(perChunk * recordBytes);
    let max = -1;
    for (let from = 0; from < count; from += perChunk) {
      const rows = Math.min(perChunk, count - from);
      readFully(this.fd, chunk.subarray(0, rows * recordBytes), HEADER_BYTES + from * recordBytes);
      for (let r = 0; r < rows; r++) {
        const at = r * recordBytes + labelOffset;
        const label = chunk.readUInt32LE(at) + chunk.readUInt32LE(at + 4) * 2 ** 32;
        labels[from + r] = label;
        max = Math.max(max, label);
      }
    }
    if (max >= 2 ** 31) throw new RangeError(`label ${max} is too large`);
    const rowOf = new Int32Array(max + 1).fill(-1);
    labels.forEach((label, row) => (rowOf[label] = row));
    return rowOf;
  }
}
