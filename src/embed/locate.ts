import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/** The files transformers.js reads for a feature-extraction model with quantized weights. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'] as const;

export const LAYOUT_HINT = `a folder in transformers.js layout (${REQUIRED_FILES.join(', ')})`;

const WAYS_OUT = (cacheDir: string): string =>
  'Two ways out:\n' +
  `  - run once with network access and ALLOW_REMOTE_MODELS=true so the model is cached in MODEL_CACHE_DIR (now ${cacheDir}), or\n` +
  `  - point EMBED_MODEL at a local folder in transformers.js layout (${REQUIRED_FILES.join(', ')}); ` +
  'tests use EMBED_MODEL=test/fixtures/models/hashed-ngrams ALLOW_REMOTE_MODELS=false.';

/** The embedding model could not be loaded; the message says which, why, and how to fix it. */
export class ModelLoadError extends AppError {
  constructor(
    readonly model: string,
    readonly reason: string,
    cacheDir: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot load embedding model "${model}" (EMBED_MODEL): ${reason}.\n${WAYS_OUT(cacheDir)}`, {
      code: 'model',
      cause: options?.cause,
    });
  }
}

export type ModelLocation =
  /** A folder on disk: EMBED_MODEL itself, or a hub model already in the cache. */
  | { kind: 'folder'; dir: string }
  /** A hub id that transformers.js may download (remote models allowed). */
  | { kind: 'hub'; id: string };

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Hub ids are "name" or "owner/name"; anything else (./x, /x, a/b/c, x\y) is meant as a path. */
const looksLikePath = (model: string): boolean =>
  path.isAbsolute(model) || model.startsWith('.') || model.startsWith('~') || model.includes('\\') || model.split('/').length > 2;

const missingFiles = (dir: string): string[] => REQUIRED_FILES.filter((f) => !existsSync(path.join(dir, f)));

/**
 * Decides where the model comes from without touching the network: an existing folder wins; a hub id
 * is served from the cache when remote models are off. Throws ModelLoadError with the reason otherwise.
 */
export function locateModel(model: string, allowRemoteModels: boolean, cacheDir: string): ModelLocation {
  const asPath = path.resolve(model);
  if (isDir(asPath)) {
    const missing = missingFiles(asPath);
    if (missing.length === REQUIRED_FILES.length) {
      throw new ModelLoadError(model, `the folder ${asPath} exists but is not ${LAYOUT_HINT}`, cacheDir);
    }
    if (missing.length > 0) {
      throw new ModelLoadError(model, `the folder ${asPath} exists but is missing ${missing.join(', ')}`, cacheDir);
    }
    return { kind: 'folder', dir: asPath };
  }
  if (looksLikePath(model)) {
    throw new ModelLoadError(model, `there is no folder ${asPath} (and it is not a hub id such as Xenova/all-MiniLM-L6-v2)`, cacheDir);
  }

  // transformers.js caches hub files as <cacheDir>/<id>/<file>: a complete copy is a local folder.
  const cached = path.join(cacheDir, model);
  const missing = missingFiles(cached);
  if (missing.length === 0) return { kind: 'folder', dir: cached };
  if (!allowRemoteModels) {
    const what = missing.length === REQUIRED_FILES.length ? 'it is not cached' : `its cached copy lacks ${missing.join(', ')}`;
    throw new ModelLoadError(model, `remote models are disabled (ALLOW_REMOTE_MODELS=false) and ${what} in ${cached}`, cacheDir);
  }
  return { kind: 'hub', id: model };
}
