import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.js';
import { FILES, manifestSchema, type Calibration, type Docstore } from './format.js';
import { readCurrentVersion } from './layout.js';
import { bytesToFloat32 } from './float32.js';

export interface PreviousVectors {
  /** vector key → row in `data`, from the live index when it was built with the same model. */
  rows: Map<string, number>;
  /** The live index's vectors, row after row (empty when nothing is reusable). */
  data: Float32Array;
  /** paper id → first-seen time, kept across rebuilds whatever the model. */
  firstSeen: Record<string, string>;
  /** The live index's HNSW graph, when built with the same model: an append-only build extends it. */
  graph: PreviousGraph | null;
  /** `npm run calibrate`'s result, kept while the model stays the same (it describes the model, not the shelf). */
  calibration?: Calibration;
}

export interface PreviousGraph {
  path: string;
  M: number;
  efConstruction: number;
  /** Keys of the passages in the graph, in label order. */
  passageKeys: string[];
}

/**
 * What the next build may reuse from the live index. A missing or unreadable index just means
 * nothing is reused: the build then embeds everything, which is always correct.
 */
export async function readPreviousVectors(indexDir: string, embedder: Embedder): Promise<PreviousVectors> {
  const empty: PreviousVectors = { rows: new Map(), data: new Float32Array(0), firstSeen: {}, graph: null };
  const version = await readCurrentVersion(indexDir);
  if (version === null) return empty;
  const dir = join(indexDir, version);
  let firstSeen: Record<string, string>;
  let sameModel: boolean;
  let dim: number;
  let hnswParams: { M: number; efConstruction: number };
  let calibration: Calibration | undefined;
  try {
    const manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, FILES.manifest), 'utf8')));
    firstSeen = manifest.firstSeen;
    sameModel = manifest.model.fingerprint === embedder.fingerprint && manifest.model.dimension === embedder.dimension;
    dim = manifest.model.dimension;
    hnswParams = manifest.params.hnsw;
    calibration = manifest.calibration;
  } catch {
    return empty;
  }
  if (!sameModel) return { ...empty, firstSeen };
  const kept = calibration === undefined ? {} : { calibration };
  try {
    const ds = JSON.parse(await readFile(join(dir, FILES.docstore), 'utf8')) as Docstore;
    const buf = await readFile(join(dir, FILES.vectors));
    const all = bytesToFloat32(buf);
    const keys = [...ds.passageKeys, ...ds.sentenceKeys, ...ds.paperKeys];
    if (all.length !== keys.length * dim) return { ...empty, firstSeen, ...kept };
    // Row numbers, not one subarray view per vector (360k objects at 20,000 papers): less to collect.
    const rows = new Map<string, number>();
    keys.forEach((key, i) => rows.set(key, i));
    const graph: PreviousGraph = {
      path: join(dir, FILES.hnsw),
      M: hnswParams.M,
      efConstruction: hnswParams.efConstruction,
      passageKeys: ds.passageKeys,
    };
    return { rows, data: all, firstSeen, graph, ...kept };
  } catch {
    return { ...empty, firstSeen, ...kept };
  }
}
