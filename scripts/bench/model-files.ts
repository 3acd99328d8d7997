/**
 * What the offline model generators share: ONNX protobuf building blocks and the transformers.js
 * folder layout of a BERT-style WordPiece model (config.json, tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json, onnx/model_quantized.onnx). Used by
 * scripts/make-fixture-model.ts (the test fixture) and scripts/bench/cost-model.ts (the
 * cost-equivalent MiniLM). Everything here is deterministic: the same arguments give the same bytes.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

export const { onnx } = onnxProto;
export type { Onnx };

export const DataType = onnx.TensorProto.DataType;

/** A tensor shape: strings are symbolic dimensions (batch_size), numbers fixed ones. */
export function shape(dims: ReadonlyArray<string | number>): Onnx.ITensorShapeProto {
  return { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) };
}

export function valueInfo(name: string, elemType: number, dims: ReadonlyArray<string | number>): Onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: shape(dims) } } };
}

type Raw = Float32Array | Int8Array | Uint8Array | BigInt64Array | Int32Array;

/** An initializer from a typed array, stored as raw little-endian bytes. */
export function tensor(name: string, dataType: number, dims: readonly number[], data: Raw): Onnx.ITensorProto {
  return { name, dataType, dims: [...dims], rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

type AttrValue = number | readonly number[] | { float: number };

/** A graph node; integer attributes as numbers or lists, float ones as { float }. */
export function node(
  opType: string,
  input: readonly string[],
  output: readonly string[],
  attrs: Record<string, AttrValue> = {},
  name = output[0] ?? opType,
): Onnx.INodeProto {
  const A = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([key, v]): Onnx.IAttributeProto => {
    if (typeof v === 'number') return { name: key, type: A.INT, i: v };
    if ('float' in v) return { name: key, type: A.FLOAT, f: v.float };
    return { name: key, type: A.INTS, ints: [...v] };
  });
  return { name, opType, input: [...input], output: [...output], ...(attribute.length > 0 ? { attribute } : {}) };
}

export function encodeModel(model: Onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

// ---------- tokenizer files (BERT WordPiece, as transformers.js reads them) ----------

export const specialTokensMap = {
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};

export const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** tokenizer.json of an uncased BERT WordPiece tokenizer over `tokens` (id = position). */
export function tokenizerJson(tokens: readonly string[], specials: readonly string[] = BERT_SPECIALS): unknown {
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => {
    if (!ids.has(t)) ids.set(t, i);
  });
  const id = (t: string): number => ids.get(t) ?? -1;
  const vocab: Record<string, number> = {};
  tokens.forEach((t, i) => (vocab[t] = i));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export function tokenizerConfig(maxLen: number): unknown {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    strip_accents: null,
    tokenize_chinese_chars: true,
    model_max_length: maxLen,
    clean_up_tokenization_spaces: true,
    ...specialTokensMap,
  };
}

export const prettyJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export type ModelFile = [name: string, data: string | Uint8Array];

/** Writes the files under `out`; returns their total size in bytes. */
export function writeFiles(out: string, files: readonly ModelFile[]): number {
  let bytes = 0;
  for (const [name, data] of files) {
    const file = path.join(out, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  }
  return bytes;
}

/**
 * Writes a model folder whole or not at all: into a sibling temp folder, then renamed over `out`,
 * so an interrupted generation never leaves a half-written model that looks complete.
 */
export function writeFolderAtomically(out: string, files: readonly ModelFile[]): number {
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const bytes = writeFiles(tmp, files);
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    return bytes;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
