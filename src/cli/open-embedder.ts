import type { Config } from '../config.js';
import type { Embedder } from '../embed/types.js';

/**
 * The embedder as configured by EMBED_MODEL, ALLOW_REMOTE_MODELS and MODEL_CACHE_DIR. The model
 * runtime (transformers.js, onnxruntime) is imported only here, when a command needs it, so
 * `--help` and argument errors answer without loading it.
 */
export async function openEmbedder(
  config: Config,
  onWarning: (m: string) => void = (m) => process.stderr.write(`warning: ${m}\n`),
): Promise<Embedder> {
  const { createEmbedder } = await import('../embed/embedder.js');
  return createEmbedder({
    model: config.EMBED_MODEL,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    cacheDir: config.MODEL_CACHE_DIR,
    onWarning,
  });
}
