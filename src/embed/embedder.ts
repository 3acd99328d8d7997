import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { locateModel, ModelLoadError, type ModelLocation } from './locate.js';
import { resolveModelSpec, withPrefix, type ModelRelevance, type ModelSpec } from './models.js';
import { poolHiddenStates } from './pool.js';
import type { EmbedKind, Embedder, EmbedderOptions, Pooling } from './types.js';

export { ModelLoadError } from './locate.js';

/**
 * Texts per ONNX call. With the fixture, 16–128 measured alike on 2 cores (tokenisation dominates);
 * 32 is the usual choice for MiniLM-class models, where bigger padded batches stop paying off.
 */
const DEFAULT_BATCH_SIZE = 32;

/**
 * transformers.js keeps its settings in one global `env`; creations are serialised so two embedders
 * with different settings cannot interleave while their files are being read.
 */
let envLock: Promise<unknown> = Promise.resolve();
function withEnvLock<T>(work: () => Promise<T>): Promise<T> {
  const run = envLock.then(work, work);
  envLock = run.catch(() => undefined);
  return run;
}

async function loadPipeline(
  model: string,
  where: ModelLocation,
  allowRemote: boolean,
  cacheDir: string,
): Promise<FeatureExtractionPipeline> {
  const saved = {
    allowRemoteModels: env.allowRemoteModels,
    allowLocalModels: env.allowLocalModels,
    // transformers.js types these two as any; they are paths.
    localModelPath: env.localModelPath as string,
    useFSCache: env.useFSCache,
    cacheDir: env.cacheDir as string | null,
  };
  try {
    if (where.kind === 'folder') {
      // Read the folder directly: no cache lookups that could shadow it, never the network.
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${path.dirname(where.dir)}/`;
      env.useFSCache = false;
      return await pipeline('feature-extraction', path.basename(where.dir), { quantized: true, local_files_only: true });
    }
    env.allowRemoteModels = allowRemote;
    env.allowLocalModels = false; // a hub id is never looked up under transformers.js' own models/ folder
    env.useFSCache = true;
    env.cacheDir = cacheDir;
    return await pipeline('feature-extraction', where.id, { quantized: true, cache_dir: cacheDir });
  } catch (err) {
    throw new ModelLoadError(model, describeLoadFailure(err, where), cacheDir, { cause: err });
  } finally {
    Object.assign(env, saved);
  }
}

function describeLoadFailure(err: unknown, where: ModelLocation): string {
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  if (where.kind === 'hub') {
    if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(message + cause)) {
      return `it is not cached and downloading it from the Hugging Face hub failed, probably no network: ${message}${cause}`;
    }
    if (/Could not locate file|404/.test(message)) return `the hub has no such model or file: ${message}`;
    return `downloading or opening it failed: ${message}${cause}`;
  }
  return `the folder ${where.dir} could not be opened as a transformers.js model: ${message}${cause}`;
}

/** A short stable id of the weights: sha256 over config, tokenizer and ONNX bytes, first 16 hex. */
function fingerprintOf(dir: string, model: string): string {
  const hash = createHash('sha256');
  const files = ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx'];
  if (files.every((f) => existsSync(path.join(dir, f)))) {
    for (const f of files) hash.update(f).update(readFileSync(path.join(dir, f)));
  } else {
    hash.update(`hub:${model}`); // downloaded without a file cache: the id is all we know
  }
  return hash.digest('hex').slice(0, 16);
}

interface TensorLike {
  readonly data: unknown;
  readonly dims: number[];
}
interface Encoded {
  readonly attention_mask: { readonly data: ArrayLike<bigint | number> };
}
/** The two halves of a feature-extraction pipeline, typed narrowly (transformers.js types them as any). */
interface PipelineSteps {
  tokenize(texts: string[], options: { padding: boolean; truncation: boolean }): Encoded;
  forward(inputs: Encoded): Promise<Partial<Record<'last_hidden_state' | 'token_embeddings' | 'logits', TensorLike>>>;
}

function stepsOf(extractor: FeatureExtractionPipeline): PipelineSteps {
  return {
    // The casts are the narrowing this interface exists for: transformers.js returns any here.
    tokenize: (texts, options) => extractor.tokenizer(texts, options) as Encoded,
    forward: (inputs) => extractor.model(inputs) as ReturnType<PipelineSteps['forward']>,
  };
}

/** Tokenise, run the graph, pool: the pipeline's own steps, with our faster pooling (see pool.ts). */
async function embedBatch(steps: PipelineSteps, spec: ModelSpec, batch: string[]): Promise<Float32Array[]> {
  return runEncoded(steps, spec, steps.tokenize(batch, { padding: true, truncation: true }));
}

async function runEncoded(steps: PipelineSteps, spec: ModelSpec, inputs: Encoded): Promise<Float32Array[]> {
  const outputs = await steps.forward(inputs);
  const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
  if (!hidden || !(hidden.data instanceof Float32Array)) throw new Error('the model returned no float32 last_hidden_state');
  return poolHiddenStates({ data: hidden.data, dims: hidden.dims }, inputs.attention_mask.data, spec.pooling, spec.normalize);
}

/**
 * Texts tokenised before their batches run. onnxruntime's worker threads spin for a while after
 * each run; on 2 cores that spinning starves the JS tokenizer, which then took 2× as long when
 * interleaved with the runs (3.4 s → 6.8 s per 17,900 texts). Tokenising a stretch of batches
 * first and then running them back to back keeps the two apart; the batches themselves (and so
 * the vectors) are the same.
 */
const TOKENIZE_AHEAD = 1024;

class PipelineEmbedder implements Embedder {
  readonly pooling: Pooling;
  readonly relevance: ModelRelevance;

  constructor(
    readonly modelId: string,
    readonly fingerprint: string,
    readonly dimension: number,
    private readonly spec: ModelSpec,
    private readonly steps: PipelineSteps,
    private readonly batchSize: number,
  ) {
    this.pooling = spec.pooling;
    this.relevance = spec.relevance;
  }

  async embed(texts: readonly string[], kind: EmbedKind): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    // Embed in length order so each batch pads to similar lengths, then put results back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const stretch = Math.max(this.batchSize, Math.floor(TOKENIZE_AHEAD / this.batchSize) * this.batchSize);
    for (let from = 0; from < order.length; from += stretch) {
      const batches: { ids: number[]; inputs: Encoded }[] = [];
      for (let start = from; start < Math.min(order.length, from + stretch); start += this.batchSize) {
        const ids = order.slice(start, start + this.batchSize);
        const prefixed = ids.map((i) => withPrefix(this.spec, texts[i]!, kind));
        batches.push({ ids, inputs: this.steps.tokenize(prefixed, { padding: true, truncation: true }) });
      }
      for (const { ids, inputs } of batches) {
        const rows = await runEncoded(this.steps, this.spec, inputs);
        ids.forEach((id, r) => (out[id] = rows[r]!));
      }
    }
    return out;
  }
}

/**
 * Opens the model named by `opts.model`: a local folder in transformers.js layout, or a hub id
 * (from the cache, or downloaded when remote models are allowed). With allowRemoteModels false
 * nothing touches the network. Throws ModelLoadError naming the model, the reason and the fix.
 */
export async function createEmbedder(opts: EmbedderOptions): Promise<Embedder> {
  const cacheDir = path.resolve(opts.cacheDir ?? (env.cacheDir as string | null) ?? '.cache');
  const spec = resolveModelSpec(opts.model, opts.onWarning);
  const where = locateModel(opts.model, opts.allowRemoteModels, cacheDir);
  const steps = stepsOf(await withEnvLock(() => loadPipeline(opts.model, where, opts.allowRemoteModels, cacheDir)));

  // The output's width is the truth (config hidden_size can differ from what the graph emits);
  // the probe also checks the graph runs, so a broken model fails here and not mid-index.
  let width: number | undefined;
  try {
    width = (await embedBatch(steps, spec, ['dimension probe']))[0]?.length;
  } catch (err) {
    const why = `it loaded but running it failed: ${err instanceof Error ? err.message : String(err)}`;
    throw new ModelLoadError(opts.model, why, cacheDir, { cause: err });
  }
  if (!width) throw new ModelLoadError(opts.model, 'its output has no usable width', cacheDir);

  const dir = where.kind === 'folder' ? where.dir : path.join(cacheDir, where.id);
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? DEFAULT_BATCH_SIZE));
  return new PipelineEmbedder(opts.model, fingerprintOf(dir, opts.model), width, spec, steps, batchSize);
}
