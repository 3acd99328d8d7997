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
  /**
   * Cosine below which a dense hit is not evidence of relevance (used for abstention).
   * Undefined when nothing is known about the model.
   */
  readonly minDenseScore?: number;
  /** Where minDenseScore comes from: measured on this repo's shelf, or a commonly cited value. */
  readonly minDenseScoreSource?: 'measured' | 'commonly-cited, unmeasured here';
  /** False when the model is not in the registry and these settings are a guess. */
  readonly known: boolean;
}

interface Entry {
  /** Hub ids (case-insensitive); a local folder matches by its basename, e.g. .../all-MiniLM-L6-v2. */
  readonly ids: readonly string[];
  readonly spec: Omit<ModelSpec, 'known'>;
}

const REGISTRY: readonly Entry[] = [
  {
    ids: ['Xenova/all-MiniLM-L6-v2', 'sentence-transformers/all-MiniLM-L6-v2'],
    spec: {
      name: 'all-MiniLM-L6-v2',
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
      minDenseScore: 0.35,
      minDenseScoreSource: 'commonly-cited, unmeasured here',
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
      minDenseScore: 0.6,
      minDenseScoreSource: 'commonly-cited, unmeasured here',
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
      minDenseScore: 0.8,
      minDenseScoreSource: 'commonly-cited, unmeasured here',
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
      // Measured on the ten-paper shelf, best two-sentence passage per question: 20 paraphrased
      // on-topic questions scored 0.29–0.67 (median 0.42) against their own paper; 20 off-topic ones
      // 0.12–0.39 (median 0.20, p90 0.27; the 0.39 is "train" sharing n-grams with "training").
      minDenseScore: 0.28,
      minDenseScoreSource: 'measured',
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
      'L2 normalisation and no query/passage prefixes, with no dense relevance floor. ' +
      'Add it to the registry if it needs CLS pooling or prefixes.',
  );
  return { name: model, pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', known: false };
}

/** The text the model should see for a query or a passage. */
export function withPrefix(spec: Pick<ModelSpec, 'queryPrefix' | 'passagePrefix'>, text: string, kind: EmbedKind): string {
  const prefix = kind === 'query' ? spec.queryPrefix : spec.passagePrefix;
  return prefix === '' ? text : prefix + text;
}
