import { z } from 'zod';
import { TOKENIZER_ID, tokenize, type Tokenizer } from './tokenize.js';

/**
 * BM25F over documents with named fields (title, authors, body, ...).
 *
 * Per term and document the field frequencies are combined before saturation (BM25F):
 *   tf~ = Σ_f w_f · tf_f / (1 − b + b · len_f / avglen_f)
 *   score(q, d) = Σ_t qw_t · idf_t · tf~ · (k1 + 1) / (k1 + tf~)
 *   idf_t = ln(1 + (N − df + 0.5) / (df + 0.5))          (always > 0)
 * tf~ does not depend on the query, so each posting stores its saturated impact and a
 * query is a sum over postings into a reused typed-array accumulator, then a partial
 * top-k selection: no per-query work proportional to the vocabulary or the collection.
 */

export interface FeedbackParams {
  /** Pseudo-relevant documents taken from the first-pass ranking. */
  docs: number;
  /** Expansion terms kept. */
  terms: number;
  /** Weight of the original query in the interpolation (RM3's λ), in [0, 1]. */
  originalWeight: number;
  /** Expansion terms occurring in more than this fraction of documents are skipped. */
  maxDocFreq: number;
}

export interface Bm25Params {
  k1: number;
  b: number;
  /** BM25F field weights; a field not listed weighs 1, a weight of 0 leaves it unsearched. */
  fieldWeights: Readonly<Record<string, number>>;
  /**
   * RM3 pseudo-relevance feedback applied by `search` unless overridden; null = off. Skipped
   * on collections smaller than FEEDBACK_MIN_RATIO × docs.
   */
  feedback: Readonly<FeedbackParams> | null;
}

/**
 * Plain BM25: k1 1.2, b 0.75, every field weighted 1, no feedback. `npm run eval` tries every
 * alternative leave-one-collection-out (chosen on Cranfield and scored on CISI, and the reverse);
 * none raised the held-out collection significantly in both directions, so the well-known setting
 * stands. (Title ×3, b 0.9 and RM3, chosen earlier on both collections at once, cost nDCG@10 on a
 * collection kept back.)
 */
export const DEFAULT_BM25_PARAMS: Readonly<Bm25Params> = Object.freeze({
  k1: 1.2,
  b: 0.75,
  fieldWeights: Object.freeze({}),
  feedback: null,
});

export interface Bm25Document {
  fields: Readonly<Record<string, string>>;
}

export interface Bm25Hit {
  /** Index of the document in the array given to `build`. */
  doc: number;
  score: number;
}

export interface BuildOptions {
  params?: Partial<Bm25Params>;
  /** Only for experiments: production indexes use the project tokenizer. */
  tokenizer?: Tokenizer;
  tokenizerId?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SearchOptions {
  /** Overrides the index's feedback setting; null turns feedback off. */
  feedback?: Readonly<FeedbackParams> | null;
  /** Only documents passing the filter are returned (e.g. the passages of one paper). */
  filter?: (doc: number) => boolean;
}

/** A query as tokens, or as weighted terms (e.g. from feedback). */
export type QueryTerms = ReadonlyMap<string, number>;

/** Feedback runs only when the collection has at least this many times `feedback.docs` documents. */
export const FEEDBACK_MIN_RATIO = 20;

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

interface Storage {
  fields: string[];
  docCount: number;
  terms: string[];
  /** Postings of term t are [offsets[t], offsets[t+1]). */
  offsets: Int32Array;
  postDocs: Int32Array;
  /** Per posting, one tf per field. */
  postTf: Uint16Array;
  /** Per document, one length per field. */
  fieldLengths: Uint32Array;
}

interface ForwardIndex {
  offsets: Int32Array;
  terms: Int32Array;
  tfs: Uint32Array;
  lengths: Uint32Array;
}

export class Bm25Index {
  readonly params: Readonly<Bm25Params>;
  readonly tokenizerId: string;
  private readonly s: Storage;
  private readonly tokenizer: Tokenizer;
  private readonly termIds: Map<string, number>;
  private readonly impacts: Float32Array;
  private readonly idfs: Float64Array;
  private readonly unknownIdf: number;
  // Reused across queries (JS is single-threaded; search is synchronous).
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  private forward: ForwardIndex | null = null;

  private constructor(s: Storage, params: Readonly<Bm25Params>, tokenizer: Tokenizer, tokenizerId: string) {
    this.s = s;
    this.params = params;
    this.tokenizer = tokenizer;
    this.tokenizerId = tokenizerId;
    this.termIds = new Map(s.terms.map((t, i) => [t, i]));
    const n = s.docCount;
    this.idfs = new Float64Array(s.terms.length);
    for (let t = 0; t < s.terms.length; t++) this.idfs[t] = idf(n, s.offsets[t + 1]! - s.offsets[t]!);
    this.unknownIdf = idf(n, 0);
    this.impacts = computeImpacts(s, params);
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  /** Indexes documents; a document's position in `docs` is its id in results. */
  static build(docs: readonly Bm25Document[], options: BuildOptions = {}): Bm25Index {
    const params = mergeParams(options.params);
    const tok = options.tokenizer ?? tokenize;
    const tokId = options.tokenizer ? (options.tokenizerId ?? 'custom') : TOKENIZER_ID;
    const fieldSet = new Set<string>();
    for (const d of docs) for (const f of Object.keys(d.fields)) fieldSet.add(f);
    const fields = [...fieldSet].sort();
    const nf = fields.length;

    const termIds = new Map<string, number>();
    const terms: string[] = [];
    const postDocs: number[][] = [];
    const postTf: number[][] = [];
    const fieldLengths = new Uint32Array(docs.length * nf);
    const counts = new Map<number, number[]>();

    docs.forEach((d, doc) => {
      counts.clear();
      for (let f = 0; f < nf; f++) {
        const text = d.fields[fields[f]!] ?? '';
        const tokens = text ? tok(text) : [];
        fieldLengths[doc * nf + f] = tokens.length;
        for (const term of tokens) {
          let id = termIds.get(term);
          if (id === undefined) {
            id = terms.length;
            termIds.set(term, id);
            terms.push(term);
            postDocs.push([]);
            postTf.push([]);
          }
          let c = counts.get(id);
          if (!c) counts.set(id, (c = new Array<number>(nf).fill(0)));
          c[f]!++;
        }
      }
      for (const [id, c] of counts) {
        postDocs[id]!.push(doc);
        for (const v of c) postTf[id]!.push(Math.min(v, 0xffff));
      }
      if (options.onProgress && (doc % 1000 === 999 || doc === docs.length - 1)) options.onProgress(doc + 1, docs.length);
    });

    // Terms sorted so the serialised index is independent of document order quirks.
    const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
    let total = 0;
    for (const p of postDocs) total += p.length;
    const offsets = new Int32Array(terms.length + 1);
    const pd = new Int32Array(total);
    const pt = new Uint16Array(total * nf);
    let o = 0;
    order.forEach((id, t) => {
      offsets[t] = o;
      pd.set(postDocs[id]!, o);
      pt.set(postTf[id]!, o * nf);
      o += postDocs[id]!.length;
    });
    offsets[terms.length] = o;
    const storage: Storage = {
      fields,
      docCount: docs.length,
      terms: order.map((id) => terms[id]!),
      offsets,
      postDocs: pd,
      postTf: pt,
      fieldLengths,
    };
    return new Bm25Index(storage, params, tok, tokId);
  }

  /** Loads an index saved with `toJSON`; refuses one built with a different tokenizer. */
  static fromJSON(json: unknown, options: { tokenizer?: Tokenizer; tokenizerId?: string } = {}): Bm25Index {
    const parsed = jsonSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`not a papershelf lexical index (format ${FORMAT} v${VERSION}): ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const j = parsed.data;
    const expected = options.tokenizer ? (options.tokenizerId ?? 'custom') : TOKENIZER_ID;
    if (j.tokenizer !== expected) {
      throw new Error(
        `lexical index was built with tokenizer ${j.tokenizer}, this version uses ${expected}: rebuild it with \`npm run index\``,
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
        if (doc >= j.docCount)
          throw new Error('lexical index is corrupt: posting beyond the last document; rebuild it with `npm run index`');
        postDocs[p] = doc;
        for (let f = 0; f < nf; f++) postTf[p * nf + f] = r.next();
      }
    }
    if (!r.done()) throw new Error('lexical index is corrupt: trailing data; rebuild it with `npm run index`');
    const storage: Storage = { fields: j.fields, docCount: j.docCount, terms: j.terms, offsets, postDocs, postTf, fieldLengths };
    return new Bm25Index(storage, j.params, options.tokenizer ?? tokenize, expected);
  }

  /** A compact, JSON-serialisable form (postings delta- and varint-coded, base64). */
  toJSON(): Bm25Json {
    const { fields, docCount, terms, offsets, postDocs, postTf, fieldLengths } = this.s;
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
      tokenizer: this.tokenizerId,
      params: { ...this.params, fieldWeights: { ...this.params.fieldWeights } },
      fields: [...fields],
      docCount,
      terms: [...terms],
      data: w.toBase64(),
    };
  }

  get docCount(): number {
    return this.s.docCount;
  }

  /** IDF of a term; a term unknown to the index gets the highest possible IDF (df = 0). */
  idf(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? this.unknownIdf : this.idfs[t]!;
  }

  /**
   * Top-k documents for a query (text, or tokens already produced by `tokenize`), by score
   * descending, ties by document index ascending. Stop-word-only queries return [].
   */
  search(query: string | readonly string[], k: number, options: SearchOptions = {}): Bm25Hit[] {
    const q = queryWeights(typeof query === 'string' ? this.tokenizer(query) : query);
    const feedback = options.feedback === undefined ? this.params.feedback : options.feedback;
    // Feedback assumes the top documents are a small, focused sample of the collection; on a
    // tiny shelf (feedback set > 5% of it) it would mix in everything, so plain BM25 is used.
    const useFeedback = feedback !== null && this.s.docCount >= FEEDBACK_MIN_RATIO * feedback.docs;
    if (!useFeedback || q.size === 0) return this.searchTerms(q, k, options.filter);
    return this.searchTerms(this.expand(q, feedback), k, options.filter);
  }

  /** Top-k for weighted terms: score = Σ weight · idf · impact. Non-positive weights are ignored. */
  searchTerms(terms: QueryTerms, k: number, filter?: (doc: number) => boolean): Bm25Hit[] {
    if (k <= 0) return [];
    const { offsets, postDocs } = this.s;
    const { acc, touched, seen, impacts } = this;
    let nTouched = 0;
    for (const [term, weight] of terms) {
      const t = this.termIds.get(term);
      if (t === undefined || !(weight > 0)) continue;
      const qw = weight * this.idfs[t]!;
      for (let p = offsets[t]!, end = offsets[t + 1]!; p < end; p++) {
        const d = postDocs[p]!;
        if (seen[d] === 0) {
          seen[d] = 1;
          touched[nTouched++] = d;
        }
        acc[d]! += qw * impacts[p]!;
      }
    }
    const heap = new TopK(Math.min(k, nTouched));
    for (let i = 0; i < nTouched; i++) {
      const d = touched[i]!;
      const score = acc[d]!;
      acc[d] = 0;
      seen[d] = 0;
      if (score > 0 && (!filter || filter(d))) heap.offer(d, score);
    }
    return heap.sorted();
  }

  /**
   * RM3 query expansion: the original query (L1-normalised) interpolated with the top
   * terms of a relevance model estimated from the first-pass top documents, each
   * document's term distribution weighted by its score.
   */
  expand(query: QueryTerms, feedback: Readonly<FeedbackParams>): Map<string, number> {
    const first = this.searchTerms(query, feedback.docs);
    if (first.length === 0) return new Map(query);
    const fwd = this.forwardIndex();
    const maxDf = feedback.maxDocFreq * this.s.docCount;
    const rel = new Map<number, number>();
    let scoreSum = 0;
    for (const h of first) scoreSum += h.score;
    for (const h of first) {
      const len = fwd.lengths[h.doc]!;
      if (len === 0) continue;
      const w = h.score / scoreSum / len;
      for (let i = fwd.offsets[h.doc]!; i < fwd.offsets[h.doc + 1]!; i++) {
        const t = fwd.terms[i]!;
        if (this.s.offsets[t + 1]! - this.s.offsets[t]! > maxDf) continue;
        rel.set(t, (rel.get(t) ?? 0) + w * fwd.tfs[i]!);
      }
    }
    // Deterministic selection: weight desc, then term string.
    const top = [...rel.entries()]
      .sort((a, b) => b[1] - a[1] || (this.s.terms[a[0]]! < this.s.terms[b[0]]! ? -1 : 1))
      .slice(0, feedback.terms);
    let relSum = 0;
    for (const [, w] of top) relSum += w;
    let qSum = 0;
    for (const [, w] of query) if (w > 0) qSum += w;
    const out = new Map<string, number>();
    const lambda = feedback.originalWeight;
    for (const [term, w] of query) if (w > 0) out.set(term, (lambda * w) / qSum);
    for (const [t, w] of top) {
      const term = this.s.terms[t]!;
      out.set(term, (out.get(term) ?? 0) + ((1 - lambda) * w) / relSum);
    }
    return out;
  }

  /**
   * Fraction of the query's IDF mass that the document contains, in [0, 1]: each distinct
   * query term counts its IDF once; terms unknown to the index count as unmatched with the
   * highest IDF. 0 for an empty (or all-stop-word) query. Scale-free, so an abstention rule
   * can use it across queries and collections.
   */
  coverage(query: string | readonly string[], doc: number): number {
    const tokens = typeof query === 'string' ? this.tokenizer(query) : query;
    let mass = 0;
    let matched = 0;
    for (const term of new Set(tokens)) {
      const t = this.termIds.get(term);
      if (t === undefined) {
        mass += this.unknownIdf;
        continue;
      }
      const w = this.idfs[t]!;
      mass += w;
      if (this.contains(t, doc)) matched += w;
    }
    return mass === 0 ? 0 : matched / mass;
  }

  /** Documents containing the term (0 for a term the index does not know). */
  docFrequency(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.s.offsets[t + 1]! - this.s.offsets[t]!;
  }

  /** Mean number of terms per document, all fields together. */
  get meanDocLength(): number {
    if (this.s.docCount === 0) return 0;
    let sum = 0;
    for (const len of this.s.fieldLengths) sum += len;
    return sum / this.s.docCount;
  }

  /** Whether the document contains the term (in any field). */
  hasTerm(term: string, doc: number): boolean {
    const t = this.termIds.get(term);
    return t !== undefined && this.contains(t, doc);
  }

  private contains(t: number, doc: number): boolean {
    const { postDocs } = this.s;
    let lo = this.s.offsets[t]!;
    let hi = this.s.offsets[t + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = postDocs[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Document → (term, tf summed over fields), built on first use of feedback. */
  private forwardIndex(): ForwardIndex {
    if (this.forward) return this.forward;
    const { docCount, offsets, postDocs, postTf, fields, terms } = this.s;
    const nf = fields.length;
    const counts = new Int32Array(docCount + 1);
    for (const d of postDocs) counts[d + 1]!++;
    for (let d = 0; d < docCount; d++) counts[d + 1]! += counts[d]!;
    const fo = counts.slice();
    const ft = new Int32Array(postDocs.length);
    const ftf = new Uint32Array(postDocs.length);
    const lengths = new Uint32Array(docCount);
    for (let t = 0; t < terms.length; t++) {
      for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
        const d = postDocs[p]!;
        let tf = 0;
        for (let f = 0; f < nf; f++) tf += postTf[p * nf + f]!;
        const i = fo[d]!++;
        ft[i] = t;
        ftf[i] = tf;
        lengths[d]! += tf;
      }
    }
    this.forward = { offsets: counts, terms: ft, tfs: ftf, lengths };
    return this.forward;
  }
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function mergeParams(p: Partial<Bm25Params> | undefined): Bm25Params {
  return {
    k1: p?.k1 ?? DEFAULT_BM25_PARAMS.k1,
    b: p?.b ?? DEFAULT_BM25_PARAMS.b,
    fieldWeights: { ...(p?.fieldWeights ?? DEFAULT_BM25_PARAMS.fieldWeights) },
    feedback: p?.feedback === undefined ? DEFAULT_BM25_PARAMS.feedback : p.feedback,
  };
}

function queryWeights(tokens: readonly string[]): Map<string, number> {
  const q = new Map<string, number>();
  for (const t of tokens) q.set(t, (q.get(t) ?? 0) + 1);
  return q;
}

/** Per posting: tf~ · (k1 + 1) / (k1 + tf~), the query-independent part of the score. */
function computeImpacts(s: Storage, params: Readonly<Bm25Params>): Float32Array {
  const { fields, docCount, offsets, postDocs, postTf, fieldLengths, terms } = s;
  const nf = fields.length;
  const { k1, b } = params;
  const weights = fields.map((f) => params.fieldWeights[f] ?? 1);
  // norm[d * nf + f] = w_f / (1 − b + b · len / avglen), precomputed per document.
  const norm = new Float64Array(docCount * nf);
  for (let f = 0; f < nf; f++) {
    let sum = 0;
    for (let d = 0; d < docCount; d++) sum += fieldLengths[d * nf + f]!;
    const avg = docCount > 0 ? sum / docCount : 0;
    for (let d = 0; d < docCount; d++) {
      const len = fieldLengths[d * nf + f]!;
      norm[d * nf + f] = avg > 0 ? weights[f]! / (1 - b + (b * len) / avg) : 0;
    }
  }
  const impacts = new Float32Array(postDocs.length);
  for (let t = 0; t < terms.length; t++) {
    for (let p = offsets[t]!; p < offsets[t + 1]!; p++) {
      const d = postDocs[p]!;
      let tf = 0;
      for (let f = 0; f < nf; f++) tf += postTf[p * nf + f]! * norm[d * nf + f]!;
      impacts[p] = tf > 0 ? (tf * (k1 + 1)) / (k1 + tf) : 0;
    }
  }
  return impacts;
}

/** Bounded min-heap keeping the k best (score desc, doc asc) without sorting everything. */
class TopK {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.docs = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** True when (da, sa) ranks below (db, sb). */
  private worse(sa: number, da: number, sb: number, db: number): boolean {
    return sa < sb || (sa === sb && da > db);
  }

  offer(doc: number, score: number): void {
    if (this.size < this.k) {
      // Sift up from the new leaf.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, doc, this.scores[parent]!, this.docs[parent]!)) break;
        this.docs[i] = this.docs[parent]!;
        this.scores[i] = this.scores[parent]!;
        i = parent;
      }
      this.docs[i] = doc;
      this.scores[i] = score;
    } else if (this.k > 0 && this.worse(this.scores[0]!, this.docs[0]!, score, doc)) {
      this.siftDown(doc, score, this.size);
    }
  }

  /** Places (doc, score) at the root and sifts it down within the first `size` slots. */
  private siftDown(doc: number, score: number, size: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let c = l;
      if (r < size && this.worse(this.scores[r]!, this.docs[r]!, this.scores[l]!, this.docs[l]!)) c = r;
      if (!this.worse(this.scores[c]!, this.docs[c]!, score, doc)) break;
      this.docs[i] = this.docs[c]!;
      this.scores[i] = this.scores[c]!;
      i = c;
    }
    this.docs[i] = doc;
    this.scores[i] = score;
  }

  /** Best first. Pops the worst repeatedly (heap sort): no comparator callbacks. Empties the heap. */
  sorted(): Bm25Hit[] {
    const n = this.size;
    const out = new Array<Bm25Hit>(n);
    for (let end = n - 1; end >= 0; end--) {
      out[end] = { doc: this.docs[0]!, score: this.scores[0]! };
      const lastDoc = this.docs[end]!;
      const lastScore = this.scores[end]!;
      this.siftDown(lastDoc, lastScore, end);
    }
    this.size = 0;
    return out;
  }
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
      if (this.pos >= this.buf.length) throw new Error('lexical index is corrupt: truncated data; rebuild it with `npm run index`');
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
