import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Paper } from '../corpus/types.js';
import { FILES, manifestSchema, type Docstore, type Manifest } from './format.js';
import { IndexError, REBUILD_HINT } from './errors.js';
import { currentVersionDir, isNotFound } from './layout.js';
import { bytesToFloat32 } from './float32.js';
import { LexicalIndex } from './lexical.js';

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/** A built index, loaded whole into memory; immutable once loaded (a reload makes a new one). */
export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  docstore: Docstore;
  papers: readonly Paper[];
  paperIndexById: ReadonlyMap<string, number>;
  dimension: number;
  /** All vectors: passages, then sentences, then papers. */
  vectors: Float32Array;
  hnsw: Hnsw;
  lexical: LexicalIndex;
  passageVector(i: number): Float32Array;
  sentenceVector(i: number): Float32Array;
  paperVector(i: number): Float32Array;
}

/** Loads the live version of INDEX_DIR, checking every file against the manifest first. */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await currentVersionDir(indexDir);
  const manifest = await readManifest(dir);
  for (const [name, entry] of Object.entries(manifest.files)) {
    let size: number;
    try {
      size = (await stat(join(dir, name))).size;
    } catch (err) {
      if (isNotFound(err)) throw new IndexError(`Index ${dir}/ is missing ${name}: ${REBUILD_HINT} again.`);
      throw err;
    }
    if (size !== entry.bytes) {
      throw new IndexError(
        `Index file ${join(dir, name)} is ${size < entry.bytes ? 'truncated' : 'the wrong size'} (${size} bytes, manifest says ${entry.bytes}): ${REBUILD_HINT} again.`,
      );
    }
  }

  const docstore = JSON.parse(await readFile(join(dir, FILES.docstore), 'utf8')) as Docstore;
  const vectors = bytesToFloat32(await readFile(join(dir, FILES.vectors)));
  const dim = manifest.model.dimension;
  const { passages, sentences, papers } = manifest.counts;
  if (vectors.length !== (passages + sentences + papers) * dim || docstore.papers.length !== papers) {
    throw new IndexError(`Index ${dir}/ does not match its manifest (counts differ): ${REBUILD_HINT} again.`);
  }
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dim);
  try {
    hnsw.readIndexSync(join(dir, FILES.hnsw));
  } catch (err) {
    throw new IndexError(`Index file ${join(dir, FILES.hnsw)} cannot be read (${(err as Error).message}): ${REBUILD_HINT} again.`);
  }
  hnsw.setEf(manifest.params.hnsw.efSearch);
  const lexical = LexicalIndex.fromJSON(JSON.parse(await readFile(join(dir, FILES.lexical), 'utf8')));

  const sentenceBase = passages * dim;
  const paperBase = (passages + sentences) * dim;
  return {
    dir,
    manifest,
    docstore,
    papers: docstore.papers,
    paperIndexById: new Map(docstore.papers.map((p, i) => [p.id, i])),
    dimension: dim,
    vectors,
    hnsw,
    lexical,
    passageVector: (i) => vectors.subarray(i * dim, (i + 1) * dim),
    sentenceVector: (i) => vectors.subarray(sentenceBase + i * dim, sentenceBase + (i + 1) * dim),
    paperVector: (i) => vectors.subarray(paperBase + i * dim, paperBase + (i + 1) * dim),
  };
}

async function readManifest(dir: string): Promise<Manifest> {
  let raw: string;
  try {
    raw = await readFile(join(dir, FILES.manifest), 'utf8');
  } catch (err) {
    if (isNotFound(err)) throw new IndexError(`Index ${dir}/ has no ${FILES.manifest}: ${REBUILD_HINT} again.`);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new IndexError(`Index manifest ${join(dir, FILES.manifest)} is not valid JSON: ${REBUILD_HINT} again.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new IndexError(
      `Index ${dir}/ was built by another papershelf version or is damaged (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}): ${REBUILD_HINT} again.`,
    );
  }
  return parsed.data;
}

/** The index serves dense results only with the model it was built with. */
export function modelMismatch(manifest: Manifest, model: { modelId: string; fingerprint: string; dimension: number }): string | null {
  if (manifest.model.fingerprint === model.fingerprint && manifest.model.dimension === model.dimension) return null;
  return `The index was built with model ${manifest.model.id} but EMBED_MODEL is ${model.modelId}; dense search is off until you run \`npm run index\` to rebuild it with this model.`;
}
