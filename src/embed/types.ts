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
  /** Cosine below which a dense hit is not evidence of relevance (from src/embed/models.ts), when known. */
  readonly minDenseScore?: number | undefined;
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
