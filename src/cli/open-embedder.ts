import type { Config } from '../config.js';
import { createEmbedder } from '../embed/embedder.js';
import type { Embedder } from '../embed/types.js';

/** The embedder as configured by EMBED_MODEL, ALLOW_REMOTE_MODELS and MODEL_CACHE_DIR. */
export function openEmbedder(config: Config, onWarning: (m: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): Promise<Embedder> {
  return createEmbedder({
    model: config.EMBED_MODEL,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    cacheDir: config.MODEL_CACHE_DIR,
    onWarning,
  });
}
