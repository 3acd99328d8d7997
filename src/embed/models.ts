import path from 'node:path';
import type { EmbedKind, Pooling } from './types.js';

/** How to use a sentence-embedding model: each family was trained with its own pooling and prefixes. */
export interface ModelSpec {
  /** Canonical name, for logs. */
  readonly name: string;
  readonly pooling: Pooling;
  /** L2-normalise the pooled vector (cosine = dot product in the index). */
  readonly normalize: boolean;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  /** How much the model's dense ranking counts, and when its similarity alone is evidence. */
  readonly relevance: ModelRelevance;
  /** False when the model is not in the registry and these settings are a guess. */
  readonly known: boolean;
}

/**
 * A model's fusion profile and dense floor (see src/search/fuse.ts and abstain.ts). `npm run
 * calibrate` measures both for the model an operator runs and stores them in the index, which
 * then takes precedence over these defaults.
 */
export interface ModelRelevance {
  /** Cosine at or above which a passage is evidence on its own; null: never on its own. */
  readonly minDense: number | null;
  readonly fusion: { readonly denseWeight: number; readonly k: number; readonly pool: number | null };
  /** Measured by `npm run eval` in this repo, or a reasoned default nobody here could measure. */
  readonly source: 'measured here' | 'unmeasured here';
}

/**
 * A real sentence model gets a real vote: equal-weight reciprocal-rank fusion (k 60, the original
 * paper's). Its dense floor is the commonly cited one for the family. Neither could be measured
 * here (no hub access): run `npm run calibrate` with the model.
 */
const realModel = (minDense: number): ModelRelevance => ({
  minDense,
  fusion: { denseWeight: 1, k: 60, pool: null },
  source: 'unmeasured here',
});

interface Entry {
  /** Hub ids (case-insensitive); a local folder matches by its basename, e.g. .../all-MiniLM-L6-v2. */
  readonly ids: readonly string[];
  readonly spec: Omit<ModelSpec, 'known'>;
}

/**
 * The offline fixture's profile: what `npm run calibrate` chooses for it on Cranfield and CISI
 * (`npm run eval` shows how each choice scores out of sample). The fixture is a weak model, far
 * below lexical on its own, so it only re-ranks lexical's top 100, with weight 0.3; a passage
 * cosine of 0.59 or more is evidence on its own.
 */
export const FIXTURE_RELEVANCE: ModelRelevance = {
  minDense: 0.59,
  fusion: { denseWeight: 0.3, k: 10, pool: 100 },
  source: 'measured here',
};

/** A model nobody described: a real vote in fusion, but no floor, since nothing is known of its cosines. */
const UNKNOWN_RELEVANCE: ModelRelevance = { minDense: null, fusion: { denseWeight: 1, k: 60, pool: null }, source: 'unmeasured here' };

const REGISTRY: readonly Entry[] = [
  {
    ids: ['Xenova/all-MiniLM-L6-v2', 'sentence-transformers/all-MiniLM-L6-v2'],
    spec: {
      name: 'all-MiniLM-L6-v2',
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
      relevance: realModel(0.35),
    },
  },
  {
    ids: ['Xenova/bge-small-en-v1.5', 'BAAI/bge-small-en-v1.5'],
    spec: {
      name: 'bge-small-en-v1.5',
      pooling: 'cls',
      normalize: true,
      // bge v1.5 instructs short queries only; passages go in bare.
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
      passagePrefix: '',
      relevance: realModel(0.6),
    },
  },
  {
    ids: ['Xenova/e5-small-v2', 'intfloat/e5-small-v2'],
    spec: {
      name: 'e5-small-v2',
      pooling: 'mean',
      normalize: true,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
      // e5's cosines are compressed into roughly 0.7–0.9, so its floor sits high.
      relevance: realModel(0.8),
    },
  },
  {
    // The offline fixture written by scripts/make-fixture-model.ts (matched by folder name).
    ids: ['hashed-ngrams'],
    spec: {
      name: 'hashed-ngrams (test fixture)',
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
      relevance: FIXTURE_RELEVANCE,
    },
  },
];

const baseName = (id: string): string => path.basename(id.replace(/[\\/]+$/, '')).toLowerCase();

/** Finds the registry entry for a hub id or a local folder; unknown models get mean pooling and a warning. */
export function resolveModelSpec(model: string, onWarning?: (message: string) => void): ModelSpec {
  const wanted = model.trim().toLowerCase();
  const exact = REGISTRY.find((e) => e.ids.some((id) => id.toLowerCase() === wanted));
  const entry = exact ?? REGISTRY.find((e) => e.ids.some((id) => baseName(id) === baseName(wanted)));
  if (entry) return { ...entry.spec, known: true };
  onWarning?.(
    `Embedding model "${model}" is not in the registry (src/embed/models.ts): assuming mean pooling, ` +
      'L2 normalisation and no query/passage prefixes, equal-weight fusion and no dense relevance floor. ' +
      'Add it to the registry if it needs CLS pooling or prefixes, and run `npm run calibrate` to measure its floor.',
  );
  return { name: model, pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', relevance: UNKNOWN_RELEVANCE, known: false };
}

/** The text the model should see for a query or a passage. */
export function withPrefix(spec: Pick<ModelSpec, 'queryPrefix' | 'passagePrefix'>, text: string, kind: EmbedKind): string {
  const prefix = kind === 'query' ? spec.queryPrefix : spec.passagePrefix;
  return prefix === '' ? text : prefix + text;
}
