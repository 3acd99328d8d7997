import { openSync } from 'node:fs';
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
  if (offsetLevel0 !== 0 || labelOffset !== dataOffset + dim * 4 || recordBytes !== labelOffset + 8 || count > u64(8)) {
    throw new RangeError(`not an hnswlib graph of ${dim}-dimension float32 vectors`);
  }
  return { count, recordBytes, dataOffset, labelOffset };
}

/**
 * One saved graph, read on demand. In graphs built by appending (label = insertion order) a
 * label's record is found directly; otherwise (labels reassigned by in-place updates) the
 * labels are scanned once and looked up from then on.
 */
export class GraphFile {
  private readonly fd: number;
  readonly layout: GraphLayout;
  private rowOfLabel: Int32Array | null = null;
  private readonly record: Buffer;

  constructor(
    readonly path: string,
    readonly dim: number,
  ) {
    this.fd = openSync(path, 'r');
    closeWhenCollected(this, this.fd);
    this.layout = readGraphLayout(this.fd, dim);
    this.record = Buffer.alloc(dim * 4 + 8);
  }

  /** The vector stored under `label` (normalised: the cosine space stores unit vectors). */
  vector(label: number): Float32Array {
    const { count, recordBytes, dataOffset } = this.layout;
    let row = this.rowOfLabel === null && label < count ? label : -1;
    if (row >= 0) {
      readFully(this.fd, this.record, HEADER_BYTES + row * recordBytes + dataOffset);
      if (this.recordLabel() !== label) row = -1;
    }
    if (row < 0) {
      row = this.lookup(label);
      readFully(this.fd, this.record, HEADER_BYTES + row * recordBytes + dataOffset);
    }
    const out = new Float32Array(this.dim);
    for (let i = 0; i < this.dim; i++) out[i] = this.record.readFloatLE(i * 4);
    return out;
  }

  private recordLabel(): number {
    const at = this.dim * 4;
    return this.record.readUInt32LE(at) + this.record.readUInt32LE(at + 4) * 2 ** 32;
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
