/**
 * The cost-equivalent model: all-MiniLM-L6-v2's architecture (BERT: 6 layers, hidden 384, 12 heads,
 * intermediate 1536, GELU, LayerNorm, a WordPiece vocabulary of 30,522, 512 positions) with seeded
 * random weights, in transformers.js layout. It answers nothing useful; it costs what MiniLM costs,
 * so the benchmark can time query embedding, embedding throughput and builds as a user would see
 * them with the real model, which cannot be downloaded here.
 *
 *   npx tsx scripts/bench/cost-model.ts [--out DIR]      (the bench calls ensureCostModel itself)
 *
 * What "costs the same" rests on:
 * - The graph is the one transformers.js users run: papershelf opens `onnx/model_quantized.onnx`
 *   (quantized: true), which for Xenova/all-MiniLM-L6-v2 is onnxruntime's dynamic int8
 *   quantization of the PyTorch export. So every MatMul here is DynamicQuantizeLinear + MatMulInteger
 *   + Cast + Mul (per-column int8 weights for the projections; both sides quantized on the fly for
 *   the two attention products), the embedding tables are 8-bit with a DequantizeLinear, and
 *   LayerNorm and GELU are spelled out in primitive ops as the exporter writes them;
 *   onnxruntime fuses the same patterns in the real model and in this one.
 * - The tokenizer is BERT's: uncased WordPiece over 30,522 tokens laid out like bert-base-uncased
 *   (ids 0 and 100-103 special, 1-99 unused), common English and scientific words whole, rarer words
 *   split into pieces, so texts tokenise to a comparable number of tokens.
 * Deterministic: the same config and inputs give byte-identical files (seeded PRNG, fixed order).
 * It lives in a git-ignored cache (.cache/cost-model), regenerated when missing or stale.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng } from './rng.js';
import { ADJECTIVES, DATASETS, FIRST_NAMES, LAST_NAMES, METRICS, NOUNS, PROBLEMS, VENUES, VERBS } from './vocabulary.js';
import {
  DataType,
  encodeModel,
  node,
  prettyJson,
  specialTokensMap,
  tensor,
  tokenizerConfig,
  tokenizerJson,
  valueInfo,
  writeFolderAtomically,
  type ModelFile,
  type Onnx,
} from './model-files.js';
import { AppError } from '../../src/errors.js';
import { integerOption, parseCommandLine } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/run.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bumped whenever the generator's output changes, so a cached model from an older one is rewritten. */
export const COST_MODEL_VERSION = 1;
export const COST_MODEL_DIR = path.join(REPO_ROOT, '.cache/cost-model/all-MiniLM-L6-v2');
/** Real English word counts (Cranfield and CISI), already in the repo for the fixture model. */
export const COST_MODEL_WORDS = path.join(REPO_ROOT, 'test/fixtures/model-inputs/collection-words.json');
const STAMP = 'cost-model.json';

export interface CostModelConfig {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
  seed: number;
}

/** sentence-transformers/all-MiniLM-L6-v2's config.json, the numbers the cost must follow. */
export const MINILM_L6: Readonly<CostModelConfig> = Object.freeze({
  layers: 6,
  hidden: 384,
  heads: 12,
  intermediate: 1536,
  vocabSize: 30_522,
  maxPositions: 512,
  typeVocabSize: 2,
  seed: 0x3141_5926,
});

export class CostModelError extends AppError {}

function validate(c: CostModelConfig): void {
  const ok = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;
  const bad =
    !ok(c.layers, 1) ||
    !ok(c.hidden, 2) ||
    !ok(c.heads, 1) ||
    c.hidden % c.heads !== 0 ||
    !ok(c.intermediate, 1) ||
    !ok(c.maxPositions, 8) ||
    !ok(c.typeVocabSize, 1) ||
    !ok(c.vocabSize, 1_000);
  if (bad) {
    throw new CostModelError(
      `cost model: invalid config ${JSON.stringify(c)} (layers, heads ≥ 1, hidden divisible by heads, vocabulary ≥ 1,000); nothing was written.`,
    );
  }
}

// ---------- vocabulary ----------

const ONSETS = ['', 'b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z'];
const ONSETS2 = ['br', 'ch', 'cl', 'cr', 'dr', 'fl', 'gr', 'ph', 'pl', 'pr', 'sc', 'sh', 'sp', 'st', 'th', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'y', 'ai', 'ea', 'ia', 'io', 'ou'];
const CODAS = ['', 'l', 'm', 'n', 'r', 's', 't', 'x', 'ct', 'nd', 'ng', 'nt', 'rm', 'st'];

/**
 * 30,522 WordPiece tokens in bert-base-uncased's layout: [PAD] 0, [unused0-98] 1-99, [UNK] [CLS]
 * [SEP] [MASK] 100-103, then characters, real words (the repo's English word counts and the
 * synthetic shelf's prose words), then generated syllable pieces (whole and ##) to fill the size.
 */
export function costVocabulary(size: number, wordsFile = COST_MODEL_WORDS, seed = MINILM_L6.seed): string[] {
  if (!existsSync(wordsFile)) {
    throw new CostModelError(`cost model: the word counts ${wordsFile} are missing; nothing was written. Restore them from git.`);
  }
  const tokens: string[] = [];
  const seen = new Set<string>();
  const add = (t: string): void => {
    if (tokens.length < size && t !== '' && !seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    }
  };
  add('[PAD]');
  for (let i = 0; i < 99; i++) add(`[unused${i}]`);
  ['[UNK]', '[CLS]', '[SEP]', '[MASK]'].forEach(add);
  const chars: string[] = [];
  for (let c = 0x21; c <= 0x7e; c++) if (!/[A-Z]/.test(String.fromCharCode(c))) chars.push(String.fromCharCode(c));
  for (let c = 0x3b1; c <= 0x3c9; c++) chars.push(String.fromCharCode(c)); // Greek, frequent in abstracts
  chars.forEach(add);
  chars.filter((ch) => /[a-z0-9α-ω]/.test(ch)).forEach((ch) => add(`##${ch}`));

  const counts = (JSON.parse(readFileSync(wordsFile, 'utf8')) as { counts: Array<[string, number]> }).counts;
  const english = counts
    .filter(([w, n]) => n >= 2 && /^[a-z]{2,}$/.test(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  const prose = [NOUNS, ADJECTIVES, VERBS, PROBLEMS, METRICS, DATASETS, VENUES, FIRST_NAMES, LAST_NAMES]
    .flatMap((list) => list.flatMap((s) => s.toLowerCase().split(/[^a-z]+/)))
    .filter((w) => w.length >= 2)
    .sort();
  // A third of the vocabulary is pieces, as in BERT's: interleave so a small test vocabulary has both.
  const pieces: string[] = [];
  for (const o of [...ONSETS, ...ONSETS2]) for (const v of VOWELS) for (const c of CODAS) pieces.push(`${o}${v}${c}`);
  const rng = createRng(seed ^ 0x70c3);
  for (let i = pieces.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
  }
  prose.forEach(add);
  let w = 0;
  let p = 0;
  while (tokens.length < size && (w < english.length || p < pieces.length * 2)) {
    if (w < english.length) add(english[w++]!);
    if (w < english.length) add(english[w++]!);
    if (p < pieces.length * 2) {
      add(p % 2 === 0 ? `##${pieces[p >> 1]!}` : pieces[p >> 1]!);
      p++;
    }
  }
  // Still short (a vocabulary larger than words + syllables): two-syllable pieces.
  for (let i = 0; tokens.length < size; i++) add(`##${pieces[i % pieces.length]!}${pieces[Math.floor(i / pieces.length)]!}`);
  return tokens;
}

// ---------- graph ----------

/** Writes a graph node by node: every helper returns the name of its output. */
class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly inits: Onnx.ITensorProto[] = [];
  private n = 0;
  constructor(private readonly rng: () => number) {}

  private out(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  op(opType: string, inputs: string[], attrs: Parameters<typeof node>[3] = {}, outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => this.out(opType));
    this.nodes.push(node(opType, inputs, names, attrs));
    return names;
  }

  one(opType: string, inputs: string[], attrs: Parameters<typeof node>[3] = {}): string {
    return this.op(opType, inputs, attrs)[0]!;
  }

  f32(name: string, dims: number[], values: Float32Array | number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    this.inits.push(tensor(name, DataType.FLOAT, dims, data));
    return name;
  }

  i64(name: string, dims: number[], values: number[]): string {
    this.inits.push(tensor(name, DataType.INT64, dims, BigInt64Array.from(values.map(BigInt))));
    return name;
  }

  /** Random values ~ N(0, std²)-ish (uniform with that spread is enough for cost). */
  randF32(name: string, dims: number[], std: number): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const v = new Float32Array(count);
    const spread = std * Math.sqrt(12);
    for (let i = 0; i < count; i++) v[i] = (this.rng() - 0.5) * spread;
    return this.f32(name, dims, v);
  }

  /** y = x · W + b with W int8 per output column (onnxruntime's dynamic quantization of a Linear). */
  linear(x: string, name: string, k: number, n: number): string {
    const w = new Int8Array(k * n);
    // reduce_range: 7-bit weights, as the quantizer writes them for x86.
    for (let i = 0; i < w.length; i++) w[i] = Math.floor(this.rng() * 128) - 64;
    this.inits.push(tensor(`${name}.weight_quantized`, DataType.INT8, [k, n], w));
    const scale = this.f32(`${name}.weight_scale`, [n], new Float32Array(n).fill(0.02 / 37));
    this.inits.push(tensor(`${name}.weight_zero_point`, DataType.INT8, [n], new Int8Array(n)));
    const [xq, xs, xz] = this.op('DynamicQuantizeLinear', [x], {}, 3) as [string, string, string];
    const acc = this.one('MatMulInteger', [xq, `${name}.weight_quantized`, xz, `${name}.weight_zero_point`]);
    const asFloat = this.one('Cast', [acc], { to: DataType.FLOAT });
    const scales = this.one('Mul', [xs, scale]);
    const y = this.one('Mul', [asFloat, scales]);
    return this.one('Add', [this.randF32(`${name}.bias`, [n], 0.02), y]);
  }

  /** a · b where both are activations: both quantized on the fly (attention scores and context). */
  dynamicMatMul(a: string, b: string): string {
    const [aq, as, az] = this.op('DynamicQuantizeLinear', [a], {}, 3) as [string, string, string];
    const [bq, bs, bz] = this.op('DynamicQuantizeLinear', [b], {}, 3) as [string, string, string];
    const acc = this.one('MatMulInteger', [aq, bq, az, bz]);
    return this.one('Mul', [this.one('Cast', [acc], { to: DataType.FLOAT }), this.one('Mul', [as, bs])]);
  }

  /** An embedding table stored as uint8 and dequantized after the lookup, as the quantizer writes Gathers. */
  embedding(name: string, rows: number, dim: number, ids: string): string {
    const q = new Uint8Array(rows * dim);
    for (let i = 0; i < q.length; i++) q[i] = Math.floor(this.rng() * 256);
    this.inits.push(tensor(`${name}_quantized`, DataType.UINT8, [rows, dim], q));
    const scale = this.f32(`${name}_scale`, [], [0.1 / 74]);
    this.inits.push(tensor(`${name}_zero_point`, DataType.UINT8, [], Uint8Array.of(128)));
    const gathered = this.one('Gather', [`${name}_quantized`, ids], { axis: 0 });
    return this.one('DequantizeLinear', [gathered, scale, `${name}_zero_point`]);
  }

  /** LayerNorm as the exporter spells it (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add). */
  layerNorm(x: string, name: string, dim: number): string {
    const mean = this.one('ReduceMean', [x], { axes: [-1] });
    const centred = this.one('Sub', [x, mean]);
    const variance = this.one('ReduceMean', [this.one('Pow', [centred, 'const_two'])], { axes: [-1] });
    const std = this.one('Sqrt', [this.one('Add', [variance, 'const_eps'])]);
    const normed = this.one('Div', [centred, std]);
    const gamma = this.f32(`${name}.weight`, [dim], new Float32Array(dim).fill(1));
    const beta = this.f32(`${name}.bias`, [dim], new Float32Array(dim));
    return this.one('Add', [this.one('Mul', [normed, gamma]), beta]);
  }

  /** GELU with erf, as the exporter spells it: x · 0.5 · (1 + erf(x / √2)). */
  gelu(x: string): string {
    const erf = this.one('Erf', [this.one('Div', [x, 'const_sqrt2'])]);
    return this.one('Mul', [this.one('Mul', [x, this.one('Add', [erf, 'const_one'])]), 'const_half']);
  }
}

export function costModelOnnx(c: CostModelConfig): Uint8Array {
  validate(c);
  const g = new GraphBuilder(createRng(c.seed).next);
  const headSize = c.hidden / c.heads;
  g.f32('const_two', [], [2]);
  g.f32('const_eps', [], [1e-12]);
  g.f32('const_sqrt2', [], [Math.SQRT2]);
  g.f32('const_one', [], [1]);
  g.f32('const_half', [], [0.5]);
  g.f32('const_sqrt_head', [], [Math.sqrt(headSize)]);
  g.f32('const_mask_min', [], [-3.4028234663852886e38]);
  g.i64('heads_shape', [4], [0, 0, c.heads, headSize]);
  g.i64('hidden_shape', [3], [0, 0, c.hidden]);
  g.i64(
    'position_ids',
    [1, c.maxPositions],
    Array.from({ length: c.maxPositions }, (_, i) => i),
  );
  g.i64('const_i0', [1], [0]);
  g.i64('const_i1', [1], [1]);

  // Embeddings: word + position (a slice of 0..max-1 as long as the input) + token type, then LayerNorm.
  const words = g.embedding('embeddings.word_embeddings', c.vocabSize, c.hidden, 'input_ids');
  const seqLen = g.one('Slice', [g.one('Shape', ['input_ids']), 'const_i1', g.i64('const_i2', [1], [2]), 'const_i0']);
  const positionIds = g.one('Slice', ['position_ids', 'const_i0', seqLen, 'const_i1']);
  const positions = g.embedding('embeddings.position_embeddings', c.maxPositions, c.hidden, positionIds);
  const types = g.embedding('embeddings.token_type_embeddings', c.typeVocabSize, c.hidden, 'token_type_ids');
  let h = g.layerNorm(g.one('Add', [g.one('Add', [words, types]), positions]), 'embeddings.LayerNorm', c.hidden);

  // (1 - mask) · min, broadcast over heads and query positions.
  const mask4 = g.one('Cast', [g.one('Unsqueeze', [g.one('Unsqueeze', ['attention_mask'], { axes: [1] })], { axes: [2] })], {
    to: DataType.FLOAT,
  });
  const maskAdd = g.one('Mul', [g.one('Sub', ['const_one', mask4]), 'const_mask_min']);

  for (let l = 0; l < c.layers; l++) {
    const p = `encoder.layer.${l}`;
    const heads = (x: string, perm: number[]): string => g.one('Transpose', [g.one('Reshape', [x, 'heads_shape'])], { perm });
    const q = heads(g.linear(h, `${p}.attention.self.query`, c.hidden, c.hidden), [0, 2, 1, 3]);
    const k = heads(g.linear(h, `${p}.attention.self.key`, c.hidden, c.hidden), [0, 2, 3, 1]);
    const v = heads(g.linear(h, `${p}.attention.self.value`, c.hidden, c.hidden), [0, 2, 1, 3]);
    const scores = g.one('Add', [g.one('Div', [g.dynamicMatMul(q, k), 'const_sqrt_head']), maskAdd]);
    const probs = g.one('Softmax', [scores], { axis: 3 });
    const context = g.one('Reshape', [g.one('Transpose', [g.dynamicMatMul(probs, v)], { perm: [0, 2, 1, 3] }), 'hidden_shape']);
    const attended = g.linear(context, `${p}.attention.output.dense`, c.hidden, c.hidden);
    h = g.layerNorm(g.one('Add', [attended, h]), `${p}.attention.output.LayerNorm`, c.hidden);
    const inner = g.gelu(g.linear(h, `${p}.intermediate.dense`, c.hidden, c.intermediate));
    const out = g.linear(inner, `${p}.output.dense`, c.intermediate, c.hidden);
    h = g.layerNorm(g.one('Add', [out, h]), `${p}.output.LayerNorm`, c.hidden);
  }
  g.nodes.push(node('Identity', [h], ['last_hidden_state']));

  const dynamic = ['batch_size', 'sequence_length'];
  return encodeModel({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 12 }],
    producerName: 'papershelf/scripts/bench/cost-model.ts',
    producerVersion: String(COST_MODEL_VERSION),
    docString: 'all-MiniLM-L6-v2 architecture with seeded random weights, dynamically quantized: costs what MiniLM costs, means nothing.',
    graph: {
      name: 'cost_equivalent_minilm',
      node: g.nodes,
      initializer: g.inits,
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(n, DataType.INT64, dynamic)),
      output: [valueInfo('last_hidden_state', DataType.FLOAT, [...dynamic, c.hidden])],
    },
  });
}

function configJson(c: CostModelConfig): unknown {
  return {
    _name_or_path: 'cost-equivalent-minilm',
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: c.hidden,
    num_hidden_layers: c.layers,
    num_attention_heads: c.heads,
    intermediate_size: c.intermediate,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    vocab_size: c.vocabSize,
    max_position_embeddings: c.maxPositions,
    type_vocab_size: c.typeVocabSize,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
    papershelf_cost_model: {
      description: 'all-MiniLM-L6-v2 architecture with seeded random weights: the real cost, no meaning.',
      generator: 'scripts/bench/cost-model.ts',
      version: COST_MODEL_VERSION,
    },
  };
}

/** The model's files, in memory. */
export function costModelFiles(c: CostModelConfig = MINILM_L6, wordsFile = COST_MODEL_WORDS): ModelFile[] {
  validate(c);
  const tokens = costVocabulary(c.vocabSize, wordsFile, c.seed);
  return [
    ['config.json', prettyJson(configJson(c))],
    ['tokenizer.json', `${JSON.stringify(tokenizerJson(tokens))}\n`],
    ['tokenizer_config.json', prettyJson(tokenizerConfig(c.maxPositions))],
    ['special_tokens_map.json', prettyJson(specialTokensMap)],
    ['onnx/model_quantized.onnx', costModelOnnx(c)],
  ];
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** What the cached model must have been made from: generator version, config, input words. */
export function costModelKey(c: CostModelConfig = MINILM_L6, wordsFile = COST_MODEL_WORDS): string {
  const words = existsSync(wordsFile) ? sha256(readFileSync(wordsFile)) : 'missing';
  return sha256(JSON.stringify({ version: COST_MODEL_VERSION, config: c, words }));
}

interface Stamp {
  key: string;
  files: Record<string, string>;
}

function stampIsCurrent(dir: string, key: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as Stamp;
    if (stamp.key !== key) return false;
    return Object.entries(stamp.files).every(([f, hash]) => sha256(readFileSync(path.join(dir, f))) === hash);
  } catch {
    return false;
  }
}

export interface EnsuredModel {
  dir: string;
  generated: boolean;
  seconds: number;
}

/**
 * The cost model in `dir`, generated when absent, from another generator version or config, or
 * damaged (its files no longer match the hashes written with it). Written whole or not at all.
 */
export function ensureCostModel(dir = COST_MODEL_DIR, c: CostModelConfig = MINILM_L6, wordsFile = COST_MODEL_WORDS): EnsuredModel {
  const t = performance.now();
  const key = costModelKey(c, wordsFile);
  if (stampIsCurrent(dir, key)) return { dir, generated: false, seconds: (performance.now() - t) / 1000 };
  const files = costModelFiles(c, wordsFile);
  const hashes = Object.fromEntries(files.map(([f, data]) => [f, sha256(data)]));
  writeFolderAtomically(dir, [...files, [STAMP, prettyJson({ key, files: hashes } satisfies Stamp)]]);
  return { dir, generated: true, seconds: (performance.now() - t) / 1000 };
}

const COMMAND = {
  usage: 'usage: npx tsx scripts/bench/cost-model.ts [--out DIR] [--layers N] [--vocab N]',
  help: `Writes the cost-equivalent model (all-MiniLM-L6-v2 architecture, seeded random weights) to
.cache/cost-model, unless an identical one is already there. npm run bench does this on first use.

  --out DIR     another folder
  --layers N    fewer or more layers (default ${MINILM_L6.layers})
  --vocab N     another vocabulary size (default ${MINILM_L6.vocabSize})`,
  options: { out: { type: 'string' }, layers: { type: 'string' }, vocab: { type: 'string' } },
} as const;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runCli(() => {
    const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
    const config: CostModelConfig = {
      ...MINILM_L6,
      layers: integerOption('layers', values.layers, MINILM_L6.layers, 1, 48, COMMAND.usage),
      vocabSize: integerOption('vocab', values.vocab, MINILM_L6.vocabSize, 1_000, 250_000, COMMAND.usage),
    };
    const out = values.out !== undefined ? path.resolve(values.out) : COST_MODEL_DIR;
    const r = ensureCostModel(out, config);
    const bytes = readFileSync(path.join(out, 'onnx/model_quantized.onnx')).byteLength;
    console.log(
      `${r.generated ? 'wrote' : 'up to date:'} ${path.relative(process.cwd(), out) || '.'}: ${config.layers} layers, ` +
        `vocab ${config.vocabSize}, ONNX ${(bytes / 1e6).toFixed(1)} MB (${r.seconds.toFixed(1)} s)`,
    );
    return Promise.resolve();
  });
}
