import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.js';
import { z } from 'zod';
import { DATA_FILES, FILES, FORMAT_VERSION, manifestSchema, type Calibration, type Docstore } from './format.js';
import { listVersions, readCurrentVersion } from './layout.js';
import { verifyFiles } from './load.js';
import { bytesToFloat32 } from './float32.js';
import { GraphFile } from './hnsw-file.js';
import { float32Vectors, graphAndRows, NO_STORED_VECTORS, rowBytes, type StoredVectors } from './vector-store.js';
import { decodeLabels, identityLabels } from './labels.js';
import { SavedPostings } from './lexical.js';

export interface PreviousVectors {
  /** The sound version this was read from (kept by the build's prune), or null. */
  version: string | null;
  /** vector key → row in `stored`, from the live index when it was built with the same model. */
  rows: Map<string, number>;
  /** The live index's vectors, read by row (none when nothing is reusable). */
  stored: StoredVectors;
  /** paper id → first-seen time, kept across rebuilds whatever the model. */
  firstSeen: Record<string, string>;
  /** The live index's HNSW graph, when built with the same model: an append-only build extends it. */
  graph: PreviousGraph | null;
  /** `npm run calibrate`'s result, kept while the model stays the same (it describes the model, not the shelf). */
  calibration?: Calibration;
  /** The live index's docstore and lexical index, when built with the same model: what is unchanged in them is reused. */
  shelf: PreviousShelf | null;
}

export interface PreviousShelf {
  docstore: Docstore;
  passage: { size: number; stride: number };
  /** PLAN_VERSION of the build that wrote it (absent before it was recorded). */
  plan: string | undefined;
  /** Null when it cannot be read with this version's tokenizer: the lexical index is then built from the texts. */
  lexical: SavedPostings | null;
}

export interface PreviousGraph {
  path: string;
  M: number;
  efConstruction: number;
  /** Keys of the live index's passages, in passage order. */
  passageKeys: string[];
  /** Passage number → label in the graph (identity before format 3). */
  labels: Uint32Array;
}

/**
 * Older formats are still read for reuse, so an upgrade re-embeds nothing: format 1 (before
 * checksums) and format 2 (float32 vectors.bin, no label file: its graph's labels are the passage
 * numbers, so even its graph is updated in place).
 */
const reusableManifestSchema = manifestSchema.extend({
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(FORMAT_VERSION)]),
  files: z.record(z.string(), z.object({ bytes: z.number(), sha256: z.string().optional() })),
});
type ReusableManifest = z.infer<typeof reusableManifestSchema>;

/**
 * What the next build may reuse and must keep: the live version when it is sound, else the newest
 * sound version (the one a running bot kept serving when the live one failed to load). Nothing
 * is reused from a damaged version, and only a sound one is kept as "previous": a build after a
 * bad publish must not keep the bad version and prune the good one. A missing or unusable index
 * just means nothing is reused: the build then embeds everything, which is always correct.
 */
export async function readPreviousVectors(indexDir: string, embedder: Embedder): Promise<PreviousVectors> {
  // A CURRENT naming no version folder is replaced by this build's publish.
  const live = await readCurrentVersion(indexDir).catch(() => null);
  const candidates = [...(live ? [live] : []), ...(await listVersions(indexDir)).filter((v) => v !== live)];
  // First-seen times come from the live manifest even when its data files are damaged: losing them would make every paper "new" to the digests.
  const liveFirstSeen = live ? ((await readManifestLoosely(join(indexDir, live)))?.firstSeen ?? {}) : {};
  for (const version of candidates) {
    const dir = join(indexDir, version);
    const manifest = await readSoundManifest(dir);
    if (!manifest) continue;
    const firstSeen = { ...manifest.firstSeen, ...liveFirstSeen };
    const base: PreviousVectors = { version, rows: new Map(), stored: NO_STORED_VECTORS, firstSeen, graph: null, shelf: null };
    const dim = manifest.model.dimension;
    if (manifest.model.fingerprint !== embedder.fingerprint || dim !== embedder.dimension) return base;
    if (manifest.calibration !== undefined) base.calibration = manifest.calibration;
    try {
      const ds = JSON.parse(await readFile(join(dir, FILES.docstore), 'utf8')) as Docstore;
      const keys = [...ds.passageKeys, ...ds.sentenceKeys, ...ds.paperKeys];
      const labels =
        manifest.formatVersion === FORMAT_VERSION
          ? decodeLabels(await readFile(join(dir, FILES.labels)))
          : identityLabels(ds.passageKeys.length);
      if (labels.length !== ds.passageKeys.length) return base;
      const read = await readStoredVectors(dir, manifest.formatVersion, dim, labels, keys.length);
      if (!read) return base;
      const { stored, passagesReadable } = read;
      // Row numbers, not one subarray view per vector (hundreds of thousands on a large shelf): less to collect.
      // Without a readable graph (format 3 keeps passage vectors only there), passages are embedded again.
      const rows = new Map<string, number>();
      keys.forEach((key, i) => {
        if (passagesReadable || i >= labels.length) rows.set(key, i);
      });
      const graph: PreviousGraph = {
        path: join(dir, FILES.hnsw),
        M: manifest.params.hnsw.M,
        efConstruction: manifest.params.hnsw.efConstruction,
        passageKeys: ds.passageKeys,
        labels,
      };
      const lexical = await readFile(join(dir, FILES.lexical), 'utf8')
        .then((text) => SavedPostings.fromJSON(JSON.parse(text)))
        .catch(() => null);
      const shelf: PreviousShelf = { docstore: ds, passage: manifest.params.passage, plan: manifest.params.plan, lexical };
      return { ...base, rows, stored, graph, shelf };
    } catch {
      return base;
    }
  }
  return { version: null, rows: new Map(), stored: NO_STORED_VECTORS, firstSeen: liveFirstSeen, graph: null, shelf: null };
}

/** A version's vectors in the layout of its format, or null when vectors.bin does not fit its docstore. */
async function readStoredVectors(
  dir: string,
  format: number,
  dim: number,
  labels: Uint32Array,
  total: number,
): Promise<{ stored: StoredVectors; passagesReadable: boolean } | null> {
  const passages = labels.length;
  const bytes = await readFile(join(dir, FILES.vectors));
  if (format < 3) {
    const all = bytesToFloat32(bytes);
    return all.length === total * dim ? { stored: float32Vectors(all, dim, passages), passagesReadable: true } : null;
  }
  if (bytes.byteLength !== (total - passages) * rowBytes(dim)) return null;
  let graph: GraphFile | null = null;
  try {
    graph = new GraphFile(join(dir, FILES.hnsw), dim);
    if (graph.layout.count < passages) graph = null;
  } catch {
    graph = null;
  }
  const readable = graph;
  // Passage i's vector is stored in the graph under its label; an unreadable graph lends none.
  const passage = (i: number): Float32Array => {
    if (!readable) throw new Error('the previous graph cannot be read');
    return readable.vector(labels[i] as number);
  };
  return { stored: graphAndRows(passage, bytes, dim, passages), passagesReadable: readable !== null };
}

async function readManifestLoosely(dir: string): Promise<ReusableManifest | null> {
  try {
    return reusableManifestSchema.parse(JSON.parse(await readFile(join(dir, FILES.manifest), 'utf8')));
  } catch {
    return null;
  }
}

/** The manifest of a version whose files all match it (format 1 had no checksums: taken as it is). */
async function readSoundManifest(dir: string): Promise<ReusableManifest | null> {
  const manifest = await readManifestLoosely(dir);
  if (!manifest || manifest.formatVersion === 1) return manifest;
  try {
    const names = manifest.formatVersion === 2 ? DATA_FILES.filter((name) => name !== FILES.labels) : DATA_FILES;
    await verifyFiles(dir, manifest.files, names);
    return manifest;
  } catch {
    return null;
  }
}
