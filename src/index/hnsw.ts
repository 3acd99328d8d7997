import hnswlib from 'hnswlib-node';
import type { PreviousGraph } from './previous.js';

export type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

export interface HnswBuild {
  hnsw: Hnsw;
  /** Passages taken over from the live index's graph instead of inserted again. */
  reused: number;
}

export interface HnswBuildOptions {
  vectors: Float32Array;
  dimension: number;
  /** Passages are the first `count` vectors; label i is passage i. */
  count: number;
  passageKeys: readonly string[];
  params: { M: number; efConstruction: number };
  previous: PreviousGraph | null;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The passage graph. When the live graph was built with the same parameters and its passages are
 * a prefix of the new ones (papers appended to the shelf, the usual change), it is read back and
 * only the new passages are inserted: at 20,000 papers that turns a minute of insertion into a
 * second. Any other change (a paper edited or removed, new parameters) rebuilds it whole.
 */
export function buildHnsw(opts: HnswBuildOptions): HnswBuild {
  const { vectors, dimension: dim, count, params } = opts;
  const progress = opts.onProgress ?? (() => {});
  const base = extendable(opts) ? readGraph(opts.previous as PreviousGraph, dim, count) : null;
  const hnsw = base ?? new hnswlib.HierarchicalNSW('cosine', dim);
  if (!base) hnsw.initIndex(Math.max(1, count), params.M, params.efConstruction, 100);
  const from = base ? hnsw.getCurrentCount() : 0;
  // hnswlib-node only accepts plain arrays; one reused array avoids an allocation per vector.
  const plain = new Array<number>(dim).fill(0);
  const tick = Math.max(1, Math.floor((count - from) / 100));
  for (let i = from; i < count; i++) {
    for (let d = 0, o = i * dim; d < dim; d++, o++) plain[d] = vectors[o] as number;
    hnsw.addPoint(plain, i);
    if ((i - from) % tick === 0 || i === count - 1) progress(i + 1, count);
  }
  return { hnsw, reused: from };
}

function extendable(opts: HnswBuildOptions): boolean {
  const prev = opts.previous;
  if (!prev || prev.M !== opts.params.M || prev.efConstruction !== opts.params.efConstruction) return false;
  if (prev.passageKeys.length === 0 || prev.passageKeys.length > opts.count) return false;
  for (let i = 0; i < prev.passageKeys.length; i++) if (prev.passageKeys[i] !== opts.passageKeys[i]) return false;
  return true;
}

/** The live graph, grown to hold `count` passages; null (so the graph is rebuilt) if it cannot be read. */
function readGraph(prev: PreviousGraph, dim: number, count: number): Hnsw | null {
  try {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dim);
    hnsw.readIndexSync(prev.path);
    if (hnsw.getCurrentCount() !== prev.passageKeys.length) return null;
    if (hnsw.getMaxElements() < count) hnsw.resizeIndex(count);
    return hnsw;
  } catch {
    return null;
  }
}
