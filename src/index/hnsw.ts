import hnswlib from 'hnswlib-node';
import type { PreviousGraph } from './previous.js';
import { identityLabels } from './labels.js';

export type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** How the passage graph was made: the live one updated in place, or built from scratch (and why). */
export type GraphBuild =
  | { mode: 'updated'; kept: number; inserted: number; removed: number; slots: number; tombstones: number }
  | { mode: 'rebuilt'; reason: string; inserted: number; slots: number };

export interface HnswBuild {
  hnsw: Hnsw;
  /** Passage number → HNSW label, in passage order. */
  labels: Uint32Array;
  graph: GraphBuild;
}

export interface HnswBuildOptions {
  /** Passage i's vector, asked for only for the passages inserted. */
  vector: (passage: number) => Float32Array;
  dimension: number;
  count: number;
  passageKeys: readonly string[];
  params: { M: number; efConstruction: number };
  previous: PreviousGraph | null;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Past this share of the live graph's passages gone (edited or removed), the graph is built from
 * scratch: every replaced slot costs a repair of its neighbours on top of an insertion, so a large
 * change is no cheaper in place, and repairs made among many dying nodes give a worse graph.
 */
export const MAX_CHANGED_SHARE = 0.5;
/**
 * Past this share of slots left deleted (removals not refilled by new passages), the graph is
 * built from scratch: a deleted node is still stored and still walked by every search, only never
 * returned, so tombstones cost memory and search time in proportion to their share. A shelf that
 * follows arXiv grows, so new passages normally refill them and this is reached only when a shelf
 * shrinks; the bound keeps that cost small.
 */
export const MAX_TOMBSTONE_SHARE = 0.1;

/** What an in-place update does to the live graph; pure, so the decision is testable without hnswlib. */
export interface GraphUpdatePlan {
  /** Labels of the live graph's passages that are gone: marked deleted. */
  remove: number[];
  /** New passages not in the live graph, inserted under fresh labels. */
  insert: number[];
  /** Passage number → label (kept ones keep theirs). */
  labels: Uint32Array;
  kept: number;
  slotsAfter: number;
  tombstonesAfter: number;
}

/**
 * Matches the new passages to the live graph's by key (a passage is its model, role and exact
 * text: equal keys, equal vectors). Fresh labels are the smallest numbers no slot of the graph
 * holds, deleted slots included: hnswlib forgets a deleted slot's label only when the slot is
 * reused, and giving a new passage a label the graph still knows would corrupt its lookup.
 */
export function planGraphUpdate(
  prev: { passageKeys: readonly string[]; labels: Uint32Array; slots: number; labelsInGraph: ReadonlySet<number> },
  passageKeys: readonly string[],
): GraphUpdatePlan {
  const byKey = new Map<string, number[]>();
  prev.passageKeys.forEach((key, i) => {
    const list = byKey.get(key);
    const label = prev.labels[i] as number;
    if (list) list.push(label);
    else byKey.set(key, [label]);
  });
  const labels = new Uint32Array(passageKeys.length);
  const insert: number[] = [];
  passageKeys.forEach((key, i) => {
    const label = byKey.get(key)?.pop();
    if (label === undefined) insert.push(i);
    else labels[i] = label;
  });
  const remove = [...byKey.values()].flat();
  let next = 0;
  for (const i of insert) {
    while (prev.labelsInGraph.has(next)) next++;
    labels[i] = next++;
  }
  const tombstonesBefore = prev.slots - prev.passageKeys.length;
  const free = tombstonesBefore + remove.length;
  return {
    remove,
    insert,
    labels,
    kept: passageKeys.length - insert.length,
    slotsAfter: prev.slots + Math.max(0, insert.length - free),
    tombstonesAfter: Math.max(0, free - insert.length),
  };
}

/** Why the plan should not be applied in place (the graph is then rebuilt), or null. */
export function rebuildReason(plan: GraphUpdatePlan, liveBefore: number): string | null {
  if (liveBefore > 0 && plan.remove.length > liveBefore * MAX_CHANGED_SHARE) {
    return `${plan.remove.length} of the live graph's ${liveBefore} passages changed or were removed`;
  }
  if (plan.tombstonesAfter > plan.slotsAfter * MAX_TOMBSTONE_SHARE) {
    return `${plan.tombstonesAfter} of ${plan.slotsAfter} graph slots would be left deleted`;
  }
  return null;
}

/**
 * The passage graph. The live graph, when built with the same model and parameters, is read back
 * and updated in place: passages gone are marked deleted, new ones take deleted slots or grow the
 * graph. Otherwise (no live graph, new parameters, a graph that cannot be read, or a change too
 * large: see MAX_CHANGED_SHARE and MAX_TOMBSTONE_SHARE) it is built from scratch.
 */
export function buildHnsw(opts: HnswBuildOptions): HnswBuild {
  const { count, params } = opts;
  const prev = opts.previous;
  let reason = 'no live graph built with this model';
  if (prev && (prev.M !== params.M || prev.efConstruction !== params.efConstruction)) {
    reason = `HNSW parameters changed (M ${prev.M}→${params.M}, efConstruction ${prev.efConstruction}→${params.efConstruction})`;
  } else if (prev && prev.passageKeys.length === 0) {
    reason = 'the live graph is empty';
  } else if (prev) {
    const live = readGraph(prev, opts.dimension);
    const inGraph = live ? new Set(live.getIdsList()) : null;
    if (!live || !inGraph || !prev.labels.every((label) => inGraph.has(label))) {
      reason = 'the live graph cannot be read or does not match its passages';
    } else {
      const plan = planGraphUpdate(
        { passageKeys: prev.passageKeys, labels: prev.labels, slots: live.getCurrentCount(), labelsInGraph: inGraph },
        opts.passageKeys,
      );
      const why = rebuildReason(plan, prev.passageKeys.length);
      if (why === null) return updateInPlace(live, plan, opts);
      reason = why;
    }
  }
  const hnsw = new hnswlib.HierarchicalNSW('cosine', opts.dimension);
  // allowReplaceDeleted: the next build can then read this graph back and reuse its deleted slots.
  hnsw.initIndex({ maxElements: Math.max(1, count), m: params.M, efConstruction: params.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
  const labels = identityLabels(count);
  insertAll(hnsw, opts, Array.from({ length: count }, (_, i) => i), labels, false);
  return { hnsw, labels, graph: { mode: 'rebuilt', reason, inserted: count, slots: count } };
}

function updateInPlace(hnsw: Hnsw, plan: GraphUpdatePlan, opts: HnswBuildOptions): HnswBuild {
  for (const label of plan.remove) hnsw.markDelete(label);
  if (hnsw.getMaxElements() < plan.slotsAfter) hnsw.resizeIndex(plan.slotsAfter);
  insertAll(hnsw, opts, plan.insert, plan.labels, true);
  return {
    hnsw,
    labels: plan.labels,
    graph: {
      mode: 'updated',
      kept: plan.kept,
      inserted: plan.insert.length,
      removed: plan.remove.length,
      slots: plan.slotsAfter,
      tombstones: plan.tombstonesAfter,
    },
  };
}

function insertAll(hnsw: Hnsw, opts: HnswBuildOptions, passages: readonly number[], labels: Uint32Array, replaceDeleted: boolean): void {
  const dim = opts.dimension;
  const progress = opts.onProgress ?? (() => {});
  // hnswlib-node only accepts plain arrays; one reused array avoids an allocation per vector.
  const plain = new Array<number>(dim).fill(0);
  const tick = Math.max(1, Math.floor(passages.length / 100));
  passages.forEach((p, n) => {
    const vec = opts.vector(p);
    for (let d = 0; d < dim; d++) plain[d] = vec[d]!;
    hnsw.addPoint(plain, labels[p] as number, replaceDeleted);
    if (n % tick === 0 || n === passages.length - 1) progress(n + 1, passages.length);
  });
}

/** The live graph, read so its deleted slots can be reused; null (the graph is rebuilt) if it cannot be read or does not match. */
function readGraph(prev: PreviousGraph, dim: number): Hnsw | null {
  try {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dim);
    hnsw.readIndexSync(prev.path, true);
    if (hnsw.getCurrentCount() < prev.passageKeys.length) return null;
    return hnsw;
  } catch {
    return null;
  }
}
