import { z } from 'zod';

/** The on-disk layout of an index version folder. Bump FORMAT_VERSION when it changes. */
export const FORMAT_VERSION = 3;

export const FILES = {
  manifest: 'manifest.json',
  docstore: 'docstore.json',
  vectors: 'vectors.bin',
  hnsw: 'passages.hnsw',
  lexical: 'lexical.json',
  /** Format 3: each passage's HNSW label (see labels.ts). */
  labels: 'passage-labels.bin',
} as const;

/** INDEX_DIR/CURRENT names the live version folder; replacing it with a rename is the atomic swap. */
export const CURRENT_POINTER = 'CURRENT';

/**
 * efSearch 400 is the smallest of the bench's sweep (200–800) whose recall@10 against an exact scan
 * reaches 0.98 on its 20,000-paper shelf at 384 dimensions (0.964 at 200, 0.982 at 400); it costs
 * about 1.2 ms more per question there. It was chosen on that shelf and is reported on others (the
 * 50,000- and 100,000-paper runs in README.md). efSearch goes into the manifest and is read at load:
 * the next build takes a new value and keeps the graph; M and efConstruction shape the graph, and
 * changing them rebuilds it.
 */
export const HNSW_DEFAULTS = { M: 16, efConstruction: 200, efSearch: 400, space: 'cosine' as const };
export const PASSAGE_DEFAULTS = { size: 2, stride: 1 };

/**
 * Format 2 added the checksum. Format 3 keeps passage vectors only in the graph, stores sentence
 * and paper vectors as int8 (vector-store.ts) and each passage's graph label (labels.ts), since a
 * graph updated in place gives labels out of order. An older index is rebuilt, its vectors and
 * graph reused (previous.ts).
 */
const fileEntry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** The files every version folder holds besides the manifest, each listed in it with size and checksum. */
export const DATA_FILES = [FILES.docstore, FILES.vectors, FILES.hnsw, FILES.lexical, FILES.labels] as const;

/** What `npm run calibrate` measured for one model; used instead of the registry's defaults while the model matches. */
export const calibrationSchema = z.object({
  model: z.object({ id: z.string(), fingerprint: z.string() }),
  minDense: z.number().min(-1).max(1).nullable(),
  fusion: z.object({
    denseWeight: z.number().nonnegative(),
    k: z.number().positive(),
    pool: z.number().int().positive().nullable(),
  }),
  measuredOn: z.array(z.string()),
  measuredAt: z.string(),
});

export type Calibration = z.infer<typeof calibrationSchema>;

export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  model: z.object({
    id: z.string(),
    fingerprint: z.string(),
    dimension: z.number().int().positive(),
    pooling: z.enum(['mean', 'cls']),
  }),
  corpus: z.object({ path: z.string(), sha256: z.string() }),
  counts: z.object({
    papers: z.number().int().nonnegative(),
    passages: z.number().int().nonnegative(),
    sentences: z.number().int().nonnegative(),
  }),
  params: z.object({
    passage: z.object({ size: z.number().int().positive(), stride: z.number().int().positive() }),
    /** structure.ts's PLAN_VERSION; absent before the next build reused the layout of unchanged papers. */
    plan: z.string().optional(),
    hnsw: z.object({
      space: z.literal('cosine'),
      M: z.number().int().positive(),
      efConstruction: z.number().int().positive(),
      efSearch: z.number().int().positive(),
    }),
  }),
  builtAt: z.string(),
  buildSeconds: z.number().nonnegative(),
  /** paper id → ISO time the paper was first seen on the shelf; carried across rebuilds (digests need it). */
  firstSeen: z.record(z.string(), z.string()),
  files: z.record(z.string(), fileEntry),
  /** Absent until `npm run calibrate` runs; carried across rebuilds with the same model. */
  calibration: calibrationSchema.optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Vectors are numbered in this order: passages, sentences, papers. Passage vectors live in the
 * graph (label = passage number); vectors.bin holds the sentence then paper vectors as int8 rows
 * (vector-store.ts). The docstore holds their structure and, per vector, a key (hash of model +
 * kind + text) that lets the next build reuse it.
 */
export interface Docstore {
  papers: import('../corpus/types.js').Paper[];
  /** Per sentence: owning paper index and offsets into its abstract. */
  sentencePaper: number[];
  sentenceStart: number[];
  sentenceEnd: number[];
  /** Per paper: its first sentence index; paper i owns [paperSentenceFrom[i], paperSentenceFrom[i+1]). */
  paperSentenceFrom: number[];
  /** Per passage: owning paper and its global sentence range [from, to). */
  passagePaper: number[];
  passageFrom: number[];
  passageTo: number[];
  /** Per paper: its first passage index (same convention as sentences). */
  paperPassageFrom: number[];
  passageKeys: string[];
  sentenceKeys: string[];
  paperKeys: string[];
}
