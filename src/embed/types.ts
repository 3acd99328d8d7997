import type { ModelRelevance } from './models.js';

export type EmbedKind = 'query' | 'passage';
export type Pooling = 'mean' | 'cls';

/** A sentence-embedding model behind the transformers.js feature-extraction pipeline. */
export interface Embedder {
  /** The model as configured (hub id or local folder). */
  readonly modelId: string;
  /** Identifies the weights: the same folder or hub model gives the same fingerprint. */
  readonly fingerprint: string;
  readonly dimension: number;
  readonly pooling: Pooling;
  /** The model's fusion profile and dense floor from the registry (src/embed/models.ts). */
  readonly relevance: ModelRelevance;
  /** Embeds texts (with the model's query or passage prefix), L2-normalised, in input order. */
  embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  model: string;
  allowRemoteModels: boolean;
  cacheDir?: string | undefined;
  batchSize?: number;
  onWarning?: (message: string) => void;
}
