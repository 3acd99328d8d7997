import { z } from 'zod';
import { LexicalIndexError } from './errors.js';
import type { Bm25Params } from './params.js';
import type { Storage } from './storage.js';

/** The saved form of a lexical index: JSON around delta- and varint-coded postings in base64. */

const FORMAT = 'papershelf-bm25';
const VERSION = 1;

const feedbackSchema = z.object({
  docs: z.number().int().positive(),
  terms: z.number().int().positive(),
  originalWeight: z.number().min(0).max(1),
  maxDocFreq: z.number().positive().max(1),
});

const jsonSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  tokenizer: z.string(),
  params: z.object({
    k1: z.number().nonnegative(),
    b: z.number().min(0).max(1),
    fieldWeights: z.record(z.string(), z.number().nonnegative()),
    feedback: feedbackSchema.nullable(),
  }),
  fields: z.array(z.string()),
  docCount: z.number().int().nonnegative(),
  terms: z.array(z.string()),
  /** base64 of unsigned LEB128 varints: field lengths, then per term df and delta-coded postings with per-field tf. */
  data: z.string(),
});

export type Bm25Json = z.infer<typeof jsonSchema>;

export function encodeIndex(s: Storage, params: Readonly<Bm25Params>, tokenizerId: string): Bm25Json {
  const { fields, docCount, terms, offsets, postDocs, postTf, fieldLengths } = s;
  const nf = fields.length;
  const w = new VarintWriter(postDocs.length * (1 + nf) + fieldLengths.length + terms.length);
  for (const len of fieldLengths) w.push(len);
  for (let t = 0; t < terms.length; t++) w.push(offsets[t + 1]! - offsets[t]!);
  for (let t = 0; t < terms.length; t++) {
    let prev = -1;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      w.push(postDocs[p]! - prev - 1);
      prev = postDocs[p]!;
      for (let f = 0; f < nf; f++) w.push(postTf[p * nf + f]!);
    }
  }
  return {
    format: FORMAT,
    version: VERSION,
    tokenizer: tokenizerId,
    params: { ...params, fieldWeights: { ...params.fieldWeights } },
    fields: [...fields],
    docCount,
    terms: [...terms],
    data: w.toBase64(),
  };
}

/** Reads what encodeIndex wrote; refuses another format, another tokenizer, or damaged data (LexicalIndexError). */
export function decodeIndex(json: unknown, expectedTokenizer: string): { storage: Storage; params: Bm25Params } {
  const parsed = jsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new LexicalIndexError(
      `not a papershelf lexical index (format ${FORMAT} v${VERSION}): ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  const j = parsed.data;
  if (j.tokenizer !== expectedTokenizer) {
    throw new LexicalIndexError(
      `lexical index was built with tokenizer ${j.tokenizer}, this version uses ${expectedTokenizer}: rebuild it with \`npm run index\``,
    );
  }
  const nf = j.fields.length;
  const r = new VarintReader(Buffer.from(j.data, 'base64'));
  const fieldLengths = new Uint32Array(j.docCount * nf);
  for (let i = 0; i < fieldLengths.length; i++) fieldLengths[i] = r.next();
  const offsets = new Int32Array(j.terms.length + 1);
  const dfs = new Int32Array(j.terms.length);
  let total = 0;
  for (let t = 0; t < j.terms.length; t++) {
    offsets[t] = total;
    dfs[t] = r.next();
    total += dfs[t]!;
  }
  offsets[j.terms.length] = total;
  const postDocs = new Int32Array(total);
  const postTf = new Uint16Array(total * nf);
  for (let t = 0; t < j.terms.length; t++) {
    let doc = -1;
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      doc += r.next() + 1;
      if (doc >= j.docCount) {
        throw new LexicalIndexError('lexical index is corrupt: posting beyond the last document; rebuild it with `npm run index`');
      }
      postDocs[p] = doc;
      for (let f = 0; f < nf; f++) postTf[p * nf + f] = r.next();
    }
  }
  if (!r.done()) throw new LexicalIndexError('lexical index is corrupt: trailing data; rebuild it with `npm run index`');
  return {
    storage: { fields: j.fields, docCount: j.docCount, terms: j.terms, offsets, postDocs, postTf, fieldLengths },
    params: j.params,
  };
}

class VarintWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(estimate: number) {
    this.buf = new Uint8Array(Math.max(16, estimate * 2));
  }

  push(value: number): void {
    if (this.len + 5 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }

  toBase64(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.len).toString('base64');
  }
}

class VarintReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  next(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length)
        throw new LexicalIndexError('lexical index is corrupt: truncated data; rebuild it with `npm run index`');
      const byte = this.buf[this.pos++]!;
      v += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return v;
      shift += 7;
    }
  }

  done(): boolean {
    return this.pos === this.buf.length;
  }
}
