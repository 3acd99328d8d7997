import { writeFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.js';
import { corpusHash, loadCorpus } from '../corpus/load.js';
import { FILES, FORMAT_VERSION, HNSW_DEFAULTS, PASSAGE_DEFAULTS, type Manifest } from './format.js';
import { PLAN_VERSION, planIndex } from './structure.js';
import { acquireBuildLock, makeTempDir, publish, pruneVersions } from './layout.js';
import { readPreviousVectors } from './previous.js';
import { buildLexicalIndex } from './lexical.js';
import { buildHnsw, type GraphBuild } from './hnsw.js';
import { encodeLabels } from './labels.js';
import { fileSha256, sha256Hex } from './checksum.js';
import { BuildVectors } from './vector-store.js';

export type BuildPhase = 'load' | 'embed' | 'hnsw' | 'lexical' | 'write' | 'publish';

export interface BuildProgress {
  phase: BuildPhase;
  done: number;
  total: number;
}

export interface BuildOptions {
  corpusPath: string;
  indexDir: string;
  embedder: Embedder;
  hnsw?: Partial<Omit<typeof HNSW_DEFAULTS, 'space'>>;
  passage?: { size: number; stride: number };
  embedBatch?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** Called at the start of each phase; a throw aborts the build (and leaves the live index alone). */
  onPhase?: (phase: BuildPhase) => void;
  now?: () => Date;
}

export interface BuildSummary {
  version: string;
  papers: number;
  passages: number;
  sentences: number;
  /** Papers split into sentences and passages afresh; the others kept their layout from the live index. */
  planned: number;
  embedded: number;
  reused: number;
  newPapers: string[];
  seconds: number;
  /** Seconds per phase, for the benchmark: `load` is the corpus and its plan, `previous` reading the live index for reuse. */
  phases: Record<'load' | 'previous' | 'embed' | 'hnsw' | 'lexical' | 'write' | 'publish', number>;
  /** Whether the passage graph was updated in place or rebuilt, and why. */
  graph: GraphBuild;
}

/**
 * Builds INDEX_DIR from the corpus: incremental (unchanged vectors are reused from the live
 * index) and atomic (written to a temp folder and published with a rename).
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildSummary> {
  const now = opts.now ?? (() => new Date());
  const started = performance.now();
  const hnswParams = { ...HNSW_DEFAULTS, ...opts.hnsw };
  const passageParams = opts.passage ?? PASSAGE_DEFAULTS;
  const progress = opts.onProgress ?? (() => {});
  const phase = (p: BuildPhase) => opts.onPhase?.(p);

  phase('load');
  // The corpus is validated whole before anything on disk is touched.
  const corpus = await loadCorpus(opts.corpusPath);
  const releaseLock = await acquireBuildLock(opts.indexDir);
  let tempDir: string | null = null;
  try {
    const { embedder } = opts;
    const tPrevious = performance.now();
    const previous = await readPreviousVectors(opts.indexDir, embedder);
    const tPlan = performance.now();
    // The previous layout is the one this build would make only under the same passage parameters and planner.
    const p = previous.shelf;
    const reusable =
      p && p.plan === PLAN_VERSION && p.passage.size === passageParams.size && p.passage.stride === passageParams.stride
        ? p.docstore
        : undefined;
    const plan = planIndex(corpus.papers, embedder.fingerprint, passageParams, reusable);
    const ds = plan.docstore;
    const tReuse = performance.now();
    const loadSeconds = (tPrevious - started + tReuse - tPlan) / 1000;

    const dim = embedder.dimension;
    const keys = [...ds.passageKeys, ...ds.sentenceKeys, ...ds.paperKeys];
    const vectors = new BuildVectors(ds.passageKeys.length, keys.length - ds.passageKeys.length, dim);
    const missing: number[] = [];
    keys.forEach((key, i) => {
      const row = previous.rows.get(key);
      if (row !== undefined) vectors.reuse(i, previous.stored, row);
      else missing.push(i);
    });
    const previousSeconds = (tPlan - tPrevious + performance.now() - tReuse) / 1000;

    phase('embed');
    const tEmbed = performance.now();
    // Large calls let the embedder sort by length and tokenise ahead (see embedder.ts).
    const batch = opts.embedBatch ?? 2048;
    progress({ phase: 'embed', done: 0, total: missing.length });
    for (let from = 0; from < missing.length; from += batch) {
      const slice = missing.slice(from, from + batch);
      const out = await embedder.embed(
        slice.map((i) => plan.text(i)),
        'passage',
      );
      out.forEach((vec, j) => vectors.set(slice[j] as number, vec));
      progress({ phase: 'embed', done: Math.min(from + batch, missing.length), total: missing.length });
    }
    const embedSeconds = (performance.now() - tEmbed) / 1000;

    phase('hnsw');
    const tHnsw = performance.now();
    const passageCount = ds.passagePaper.length;
    const { hnsw, labels, graph } = buildHnsw({
      vector: (i) => vectors.passage(i),
      dimension: dim,
      count: passageCount,
      passageKeys: ds.passageKeys,
      params: hnswParams,
      previous: previous.graph,
      onProgress: (done, total) => progress({ phase: 'hnsw', done, total }),
    });
    const hnswSeconds = (performance.now() - tHnsw) / 1000;

    phase('lexical');
    const tLex = performance.now();
    const lexical = buildLexicalIndex(corpus.papers, p?.lexical ? { postings: p.lexical, papers: p.docstore.papers } : undefined);
    const lexicalSeconds = (performance.now() - tLex) / 1000;

    phase('write');
    const tWrite = performance.now();
    tempDir = await makeTempDir(opts.indexDir);
    const builtAt = now();
    const firstSeen: Record<string, string> = {};
    const newPapers: string[] = [];
    for (const paper of corpus.papers) {
      const seen = previous.firstSeen[paper.id];
      if (seen) firstSeen[paper.id] = seen;
      else {
        firstSeen[paper.id] = builtAt.toISOString();
        newPapers.push(paper.id);
      }
    }
    // Each file's SHA-256 goes into the manifest; the load refuses a file that no longer matches.
    const files: Record<string, { bytes: number; sha256: string }> = {};
    const write = async (name: string, data: string | Uint8Array): Promise<void> => {
      await writeFile(join(tempDir as string, name), data);
      files[name] = { bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength, sha256: sha256Hex(data) };
    };
    await write(FILES.docstore, JSON.stringify(ds));
    await write(FILES.vectors, vectors.rest.bytes);
    await hnsw.writeIndex(join(tempDir, FILES.hnsw));
    files[FILES.hnsw] = { bytes: (await stat(join(tempDir, FILES.hnsw))).size, sha256: await fileSha256(join(tempDir, FILES.hnsw)) };
    await write(FILES.lexical, JSON.stringify(lexical.toJSON()));
    await write(FILES.labels, encodeLabels(labels));
    const seconds = (performance.now() - started) / 1000;
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      model: { id: embedder.modelId, fingerprint: embedder.fingerprint, dimension: dim, pooling: embedder.pooling },
      corpus: { path: opts.corpusPath, sha256: corpusHash(corpus.text) },
      counts: { papers: corpus.papers.length, passages: passageCount, sentences: ds.sentencePaper.length },
      params: { passage: passageParams, plan: PLAN_VERSION, hnsw: { ...hnswParams, space: 'cosine' } },
      builtAt: builtAt.toISOString(),
      buildSeconds: seconds,
      firstSeen,
      files,
      ...(previous.calibration ? { calibration: previous.calibration } : {}),
    };
    // The manifest is written last: a folder without one is never a complete index.
    await writeFile(join(tempDir, FILES.manifest), JSON.stringify(manifest, null, 2));
    const writeSeconds = (performance.now() - tWrite) / 1000;

    phase('publish');
    const tPublish = performance.now();
    const version = await publish(opts.indexDir, tempDir, builtAt);
    tempDir = null;
    // The previous sound version stays (a bot may still be reading it while it reloads); a damaged one goes.
    await pruneVersions(opts.indexDir, previous.version ? [version, previous.version] : [version]);
    const publishSeconds = (performance.now() - tPublish) / 1000;

    return {
      version,
      papers: corpus.papers.length,
      passages: passageCount,
      sentences: ds.sentencePaper.length,
      planned: plan.planned,
      embedded: missing.length,
      reused: keys.length - missing.length,
      newPapers,
      seconds: (performance.now() - started) / 1000,
      phases: {
        load: loadSeconds,
        previous: previousSeconds,
        embed: embedSeconds,
        hnsw: hnswSeconds,
        lexical: lexicalSeconds,
        write: writeSeconds,
        publish: publishSeconds,
      },
      graph,
    };
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    await releaseLock();
  }
}
