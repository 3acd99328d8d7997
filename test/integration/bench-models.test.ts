/**
 * The benchmark's generated models through the real runtime (transformers.js + onnxruntime-node):
 * the cost-equivalent MiniLM (at a reduced size, so the test stays fast, plus a check that the
 * full-size parameters are MiniLM's) and the fixture model at another width.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import onnxProto from 'onnx-proto';
import { createEmbedder } from '../../src/embed/embedder.js';
import {
  CostModelError,
  costModelFiles,
  costModelKey,
  costVocabulary,
  ensureCostModel,
  MINILM_L6,
  type CostModelConfig,
} from '../../scripts/bench/cost-model.js';
import { FIXTURE_DEFAULTS, generateFixtureModel } from '../../scripts/make-fixture-model.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'papershelf-bench-models-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** MiniLM's shape, shrunk: every kind of node is there, at a fraction of the bytes. */
const SMALL: CostModelConfig = { ...MINILM_L6, layers: 2, hidden: 48, heads: 4, intermediate: 96, vocabSize: 3_000, maxPositions: 64 };

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('the cost-equivalent model', () => {
  it('is all-MiniLM-L6-v2 at full size', () => {
    expect(MINILM_L6).toMatchObject({
      layers: 6,
      hidden: 384,
      heads: 12,
      intermediate: 1536,
      vocabSize: 30_522,
      maxPositions: 512,
      typeVocabSize: 2,
    });
    const config = JSON.parse(String(costModelFiles(SMALL).find(([f]) => f === 'config.json')![1])) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'bert', hidden_act: 'gelu', num_hidden_layers: 2, hidden_size: 48, vocab_size: 3_000 });
  });

  it('writes BERT graph shapes: per-layer int8 projections, quantized embedding tables', () => {
    const onnx = costModelFiles(SMALL).find(([f]) => f === 'onnx/model_quantized.onnx')![1] as Uint8Array;
    const model = onnxProto.onnx.ModelProto.decode(onnx);
    const dims = (name: string) => model.graph!.initializer!.find((t) => t.name === name)?.dims?.map(Number);
    expect(dims('embeddings.word_embeddings_quantized')).toEqual([3_000, 48]);
    expect(dims('embeddings.position_embeddings_quantized')).toEqual([64, 48]);
    expect(dims('encoder.layer.1.attention.self.query.weight_quantized')).toEqual([48, 48]);
    expect(dims('encoder.layer.1.intermediate.dense.weight_quantized')).toEqual([48, 96]);
    expect(dims('encoder.layer.1.output.dense.weight_quantized')).toEqual([96, 48]);
    expect(dims('encoder.layer.2.attention.self.query.weight_quantized')).toBeUndefined();
    const ops = model.graph!.node!.map((n) => n.opType);
    // Six projections and two attention products per layer.
    expect(ops.filter((o) => o === 'MatMulInteger')).toHaveLength(2 * 8);
    expect(ops.filter((o) => o === 'Erf')).toHaveLength(2);
    expect(model.graph!.input!.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
  });

  it('has a BERT-layout WordPiece vocabulary of exactly the asked size', () => {
    const vocab = costVocabulary(MINILM_L6.vocabSize);
    expect(vocab).toHaveLength(30_522);
    expect(new Set(vocab).size).toBe(30_522);
    expect([vocab[0], vocab[100], vocab[101], vocab[102], vocab[103]]).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    for (const word of ['the', 'model', 'network', 'flow']) expect(vocab).toContain(word);
    expect(vocab.filter((t) => t.startsWith('##')).length).toBeGreaterThan(3_000);
  });

  it('is deterministic: the same config gives the same bytes, another seed other weights', () => {
    const a = costModelFiles(SMALL);
    const b = costModelFiles(SMALL);
    const c = costModelFiles({ ...SMALL, seed: SMALL.seed + 1 });
    for (let i = 0; i < a.length; i++) expect(Buffer.from(a[i]![1]).equals(Buffer.from(b[i]![1])), a[i]![0]).toBe(true);
    const onnx = (files: typeof a) => Buffer.from(files.find(([f]) => f === 'onnx/model_quantized.onnx')![1]);
    expect(onnx(a).equals(onnx(c))).toBe(false);
    expect(costModelKey(SMALL)).toBe(costModelKey({ ...SMALL }));
    expect(costModelKey(SMALL)).not.toBe(costModelKey({ ...SMALL, layers: 3 }));
  });

  it('loads and runs through the real embedder, giving unit vectors of the hidden width', async () => {
    const dir = path.join(tmp, 'cost', 'all-MiniLM-L6-v2');
    expect(ensureCostModel(dir, SMALL).generated).toBe(true);
    const embedder = await createEmbedder({ model: dir, allowRemoteModels: false });
    expect(embedder.dimension).toBe(48);
    const [a, b] = await embedder.embed(
      ['Sparse attention for long documents.', 'A longer passage about graph neural networks and molecules.'],
      'passage',
    );
    for (const v of [a!, b!]) {
      expect(v).toHaveLength(48);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    expect(Array.from(a!)).not.toEqual(Array.from(b!));
  });

  it('is generated once, and again when damaged or stale', () => {
    const dir = path.join(tmp, 'cached', 'all-MiniLM-L6-v2');
    expect(ensureCostModel(dir, SMALL).generated).toBe(true);
    expect(ensureCostModel(dir, SMALL).generated).toBe(false);
    const onnxFile = path.join(dir, 'onnx/model_quantized.onnx');
    const good = readFileSync(onnxFile);
    writeFileSync(onnxFile, good.subarray(0, 1000));
    expect(ensureCostModel(dir, SMALL).generated).toBe(true);
    expect(readFileSync(onnxFile).equals(good)).toBe(true);
    expect(ensureCostModel(dir, { ...SMALL, layers: 1 }).generated).toBe(true);
  });

  it('refuses an impossible config or missing inputs, writing nothing', () => {
    const dir = path.join(tmp, 'bad', 'all-MiniLM-L6-v2');
    expect(() => ensureCostModel(dir, { ...SMALL, heads: 5 })).toThrow(CostModelError);
    expect(() => ensureCostModel(dir, SMALL, path.join(tmp, 'no-words.json'))).toThrow(/word counts .* missing/);
    expect(existsSync(path.dirname(dir))).toBe(false);
  });
});

describe('the fixture model at another width', () => {
  it('writes the same model at --dim, loadable, of that width', async () => {
    const out = path.join(tmp, 'fixture-16', 'hashed-ngrams');
    const summary = generateFixtureModel({ ...FIXTURE_DEFAULTS, out, dim: 16 });
    expect(summary.dim).toBe(16);
    expect(JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'))).toMatchObject({ hidden_size: 16 });
    // The vocabulary is the committed fixture's: only the vectors' width differs.
    expect(readFileSync(path.join(out, 'tokenizer.json')).equals(readFileSync(path.join(FIXTURE_DEFAULTS.out, 'tokenizer.json')))).toBe(
      true,
    );
    const embedder = await createEmbedder({ model: out, allowRemoteModels: false });
    expect(embedder.dimension).toBe(16);
    expect(() => generateFixtureModel({ ...FIXTURE_DEFAULTS, out: path.join(tmp, 'x'), dim: 1 })).toThrow(/dimension must be an integer/);
    expect(existsSync(path.join(tmp, 'x'))).toBe(false);
  });
});
