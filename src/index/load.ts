import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Paper } from '../corpus/types.js';
import { DATA_FILES, FILES, manifestSchema, type Docstore, type Manifest } from './format.js';
import { fileSha256, sha256Hex } from './checksum.js';
import { IndexError, REBUILD_HINT } from './errors.js';
import { currentVersionDir, isNotFound } from './layout.js';
import { LexicalIndex } from './lexical.js';
import { GraphFile } from './hnsw-file.js';
import { compactDocstore, type LoadedDocstore } from './docstore.js';
import { decodeRow, dotRow, rowBytes, RowFile } from './vector-store.js';
import { decodeLabels, invertLabels } from './labels.js';

/** Passages nearest a query vector: passage numbers and cosine distances, nearest first. */
export interface PassageNeighbours {
  neighbors: number[];
  distances: number[];
}

/**
 * A built index; immutable once loaded (a reload makes a new one). The graph, docstore, lexical
 * index and paper vectors are in memory; passage and sentence vectors are read from the version
 * folder when a question needs them (a few dozen per question), so they take no memory.
 */
export interface LoadedIndex {
  dir: string;
  manifest: Manifest;
  /** Seconds spent checking the files' checksums (part of the load; `npm run bench` reports it). */
  verifySeconds: number;
  docstore: LoadedDocstore;
  papers: readonly Paper[];
  paperIndexById: ReadonlyMap<string, number>;
  dimension: number;
  lexical: LexicalIndex;
  /**
   * The k passages nearest `vector` by the HNSW graph (approximate), searched with ef =
   * max(efSearch, k). Synchronous; the only way to the native graph, which nothing else touches.
   */
  searchPassages(vector: Float32Array, k: number): PassageNeighbours;
  /** Passage i's vector, as the graph holds it (float32). */
  passageVector(i: number): Float32Array;
  /** Sentence and paper vectors are stored as int8 (see vector-store.ts), decoded here. */
  sentenceVector(i: number): Float32Array;
  paperVector(i: number): Float32Array;
  /**
   * Dot products of `vector` with passage, sentence or paper i's vector, read in place: what
   * quotes and /similar score with, allocating nothing per vector.
   */
  passageDot(i: number, vector: Float32Array): number;
  sentenceDot(i: number, vector: Float32Array): number;
  paperDot(i: number, vector: Float32Array): number;
}

/** Loads the live version of INDEX_DIR, checking every file against the manifest's sizes and checksums first. */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await currentVersionDir(indexDir);
  const manifest = await readManifest(dir);
  const verifyStart = performance.now();
  const contents = await readVerified(dir, manifest.files, DATA_FILES);
  const verifySeconds = (performance.now() - verifyStart) / 1000;

  const docstore = parseFile(dir, FILES.docstore, contents, (text) => compactDocstore(JSON.parse(text) as Docstore));
  const dim = manifest.model.dimension;
  const { passages, sentences, papers } = manifest.counts;
  const stride = rowBytes(dim);
  if (manifest.files[FILES.vectors]?.bytes !== (sentences + papers) * stride || !Array.isArray(docstore.papers) || docstore.papers.length !== papers) {
    throw new IndexError(`Index ${dir}/ does not match its manifest (counts differ): ${REBUILD_HINT} again.`);
  }
  const rows = new RowFile(join(dir, FILES.vectors), dim, sentences + papers);
  // Paper vectors stay in memory: /similar scans all of them.
  const paperRows = rows.read(sentences, sentences + papers);
  const { passageLabel, labelPassage } = readLabels(dir, contents.get(FILES.labels) as Buffer, passages);
  let graph: GraphFile;
  try {
    graph = new GraphFile(join(dir, FILES.hnsw), dim);
    // Deleted slots stay in a graph updated in place, so it may hold more vectors than passages.
    if (graph.layout.count < passages) throw new RangeError(`it holds ${graph.layout.count} vectors, not ${passages}`);
  } catch (err) {
    throw new IndexError(`Index file ${join(dir, FILES.hnsw)} cannot be read (${(err as Error).message}): ${REBUILD_HINT} again.`);
  }
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dim);
  try {
    hnsw.readIndexSync(join(dir, FILES.hnsw));
  } catch (err) {
    throw new IndexError(`Index file ${join(dir, FILES.hnsw)} cannot be read (${(err as Error).message}): ${REBUILD_HINT} again.`);
  }
  // Set once, never changed: hnswlib searches with max(ef, k) itself, so a deeper k needs no new ef.
  hnsw.setEf(manifest.params.hnsw.efSearch);
  // hnswlib-node only takes plain arrays. Array.from(Float32Array) goes through the iterator
  // protocol and allocates on every question; this index's searches copy into one array of their
  // own instead. Safe to reuse: a search is synchronous and hnswlib copies the values before returning.
  let plain = new Array<number>(dim).fill(0);
  const lexical = parseFile(dir, FILES.lexical, contents, (text) => LexicalIndex.fromJSON(JSON.parse(text)));

  return {
    dir,
    manifest,
    verifySeconds,
    docstore,
    papers: docstore.papers,
    paperIndexById: new Map(docstore.papers.map((p, i) => [p.id, i])),
    dimension: dim,
    lexical,
    searchPassages: (vector, k) => {
      if (plain.length !== vector.length) plain = new Array<number>(vector.length).fill(0);
      for (let i = 0; i < vector.length; i++) plain[i] = vector[i] as number;
      const found = hnsw.searchKnn(plain, k);
      // Labels are not passage numbers once the graph has been updated in place (see labels.ts).
      for (let i = 0; i < found.neighbors.length; i++) found.neighbors[i] = labelPassage[found.neighbors[i] as number] as number;
      return found;
    },
    // The graph stores passage vectors under their labels (labels.ts).
    passageVector: (i) => graph.vector(passageLabel[i] as number),
    sentenceVector: (i) => rows.decoded(i),
    passageDot: (i, vector) => graph.dot(passageLabel[i] as number, vector),
    sentenceDot: (i, vector) => rows.dot(i, vector),
    paperVector: (i) => decodeRow(paperRows, i * stride, dim),
    paperDot: (i, vector) => dotRow(vector, paperRows, i * stride),
  };
}

/**
 * Checks a version folder's data files against the sizes and SHA-256 its manifest lists (of this
 * format or an older one) without loading them; throws the IndexError that says which file is
 * wrong. Builds use it to decide what from the live index may be reused or kept.
 */
/** A manifest's files: size and SHA-256 of each (format 1 had no checksums: such an entry never verifies). */
type FileList = Readonly<Record<string, { bytes: number; sha256?: string | undefined }>>;

/** Checks the named files of a version folder against a manifest's list (older formats list other files). */
export async function verifyFiles(dir: string, files: FileList, names: readonly string[]): Promise<void> {
  await readVerified(dir, files, names, { keep: false });
}

/**
 * Every data file, checked against the manifest before anything is parsed, so a damaged file is
 * named as such rather than surfacing as a parse error (or, for vectors, not at all). Returns
 * the contents of the files parsed in JS; the HNSW graph (read by hnswlib itself) and the
 * vectors (read on demand) are only streamed through the hash.
 */
async function readVerified(
  dir: string,
  files: FileList,
  names: readonly string[],
  opts: { keep?: boolean } = {},
): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  for (const name of names) {
    const entry = files[name];
    if (!entry?.sha256) throw new IndexError(`Index manifest ${join(dir, FILES.manifest)} does not list ${name}: ${REBUILD_HINT} again.`);
    const path = join(dir, name);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (err) {
      if (isNotFound(err)) throw new IndexError(`Index ${dir}/ is missing ${name}: ${REBUILD_HINT} again.`);
      throw err;
    }
    if (size !== entry.bytes) {
      throw new IndexError(
        `Index file ${path} is ${size < entry.bytes ? 'truncated' : 'the wrong size'} (${size} bytes, manifest says ${entry.bytes}): ${REBUILD_HINT} again.`,
      );
    }
    const inJs = name !== FILES.hnsw && name !== FILES.vectors && opts.keep !== false;
    const data = inJs ? await readFile(path) : null;
    const digest = data ? sha256Hex(data) : await fileSha256(path);
    if (digest !== entry.sha256) {
      throw new IndexError(`Index file ${path} is damaged (its contents do not match the checksum in ${FILES.manifest}): ${REBUILD_HINT} again.`);
    }
    if (data) contents.set(name, data);
  }
  return contents;
}

/** Label → passage number for the search; a file that does not give each passage its own label is refused. */
function readLabels(dir: string, bytes: Buffer, passages: number): { passageLabel: Uint32Array; labelPassage: Int32Array } {
  try {
    const passageLabel = decodeLabels(bytes);
    if (passageLabel.length !== passages) throw new Error(`${passageLabel.length} labels for ${passages} passages`);
    return { passageLabel, labelPassage: invertLabels(passageLabel) };
  } catch {
    throw new IndexError(`Index file ${join(dir, FILES.labels)} cannot be read (not what papershelf writes): ${REBUILD_HINT} again.`);
  }
}

/** Parses a verified file; a failure still gets the index's own message, never a raw SyntaxError. */
function parseFile<T>(dir: string, name: string, contents: ReadonlyMap<string, Buffer>, parse: (text: string) => T): T {
  try {
    return parse((contents.get(name) as Buffer).toString('utf8'));
  } catch {
    throw new IndexError(`Index file ${join(dir, name)} cannot be read (not what papershelf writes): ${REBUILD_HINT} again.`);
  }
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
