import { decodeIndex, encodeIndex, type Bm25Json } from './codec.js';
import { buildForwardIndex, expandQuery, type ForwardIndex, type QueryTerms } from './feedback.js';
import { FEEDBACK_MIN_RATIO, mergeParams, type Bm25Params, type FeedbackParams } from './params.js';
import { computeImpacts, idf, queryWeights } from './scoring.js';
import { buildStorage, type Bm25Document, type Storage } from './storage.js';
import { TopK, type Bm25Hit } from './top-k.js';
import { TOKENIZER_ID, tokenize, type Tokenizer } from './tokenize.js';

/**
 * The lexical index: BM25F over documents with named fields (title, authors, body, ...), with
 * optional RM3 feedback. Its parts live beside it: postings (storage.ts), the saved form
 * (codec.ts), the scoring formulas (scoring.ts), feedback (feedback.ts), top-k selection (top-k.ts).
 */

export type { Bm25Json } from './codec.js';
export type { QueryTerms } from './feedback.js';
export { DEFAULT_BM25_PARAMS, FEEDBACK_MIN_RATIO, type Bm25Params, type FeedbackParams } from './params.js';
export type { Bm25Document } from './storage.js';
export type { Bm25Hit } from './top-k.js';

export interface Bm25BuildOptions {
  params?: Partial<Bm25Params>;
  /** Only for experiments: production indexes use the project tokenizer. */
  tokenizer?: Tokenizer;
  tokenizerId?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * The saved index of an earlier version of the collection: documents it holds with the very same texts
   * (`sameAs`: its document number, or -1) are copied from it instead of tokenized. Used only when
   * built with the same tokenizer; the result is the index a build from the texts gives.
   */
  previous?: { postings: SavedPostings; sameAs: (doc: number) => number };
}

/**
 * A saved index (toJSON's form) read only as far as a build reusing it needs: its postings,
 * without the scoring tables a search needs.
 */
export class SavedPostings {
  private constructor(
    readonly storage: Storage,
    readonly tokenizerId: string,
  ) {}

  /** Refuses one saved with another tokenizer than `tokenizerId` (the project's by default), or damaged (LexicalIndexError). */
  static fromJSON(json: unknown, tokenizerId = TOKENIZER_ID): SavedPostings {
    return new SavedPostings(decodeIndex(json, tokenizerId).storage, tokenizerId);
  }

  get docCount(): number {
    return this.storage.docCount;
  }
}

export interface Bm25SearchOptions {
  /** Overrides the index's feedback setting; null turns feedback off. */
  feedback?: Readonly<FeedbackParams> | null;
  /** Only documents passing the filter are returned (e.g. the passages of one paper). */
  filter?: (doc: number) => boolean;
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
  private readonly meanLength: number;
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
    // Asked for once per question term (abstention): summing every paper's length each time cost
    // milliseconds per question on a 100,000-paper shelf.
    let total = 0;
    for (const len of s.fieldLengths) total += len;
    this.meanLength = n === 0 ? 0 : total / n;
    this.impacts = computeImpacts(s, params);
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint8Array(n);
  }

  /** Indexes documents; a document's position in `docs` is its id in results. */
  static build(docs: readonly Bm25Document[], options: Bm25BuildOptions = {}): Bm25Index {
    const params = mergeParams(options.params);
    const tok = options.tokenizer ?? tokenize;
    const tokId = options.tokenizer ? (options.tokenizerId ?? 'custom') : TOKENIZER_ID;
    const prev = options.previous;
    const reuse = prev && prev.postings.tokenizerId === tokId ? { storage: prev.postings.storage, sameAs: prev.sameAs } : undefined;
    return new Bm25Index(buildStorage(docs, tok, options.onProgress, reuse), params, tok, tokId);
  }

  /** Loads an index saved with `toJSON`; refuses one built with a different tokenizer (LexicalIndexError). */
  static fromJSON(json: unknown, options: { tokenizer?: Tokenizer; tokenizerId?: string } = {}): Bm25Index {
    const expected = options.tokenizer ? (options.tokenizerId ?? 'custom') : TOKENIZER_ID;
    const { storage, params } = decodeIndex(json, expected);
    return new Bm25Index(storage, params, options.tokenizer ?? tokenize, expected);
  }

  /** A compact, JSON-serialisable form (postings delta- and varint-coded, base64). */
  toJSON(): Bm25Json {
    return encodeIndex(this.s, this.params, this.tokenizerId);
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
  search(query: string | readonly string[], k: number, options: Bm25SearchOptions = {}): Bm25Hit[] {
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

  /** RM3 query expansion from this index's first-pass ranking (see feedback.ts). */
  expand(query: QueryTerms, feedback: Readonly<FeedbackParams>): Map<string, number> {
    const first = this.searchTerms(query, feedback.docs);
    if (first.length === 0) return new Map(query);
    // The forward index is built on first use of feedback: production ranking never needs it.
    this.forward ??= buildForwardIndex(this.s);
    return expandQuery(this.s, this.forward, query, first, feedback);
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
    return this.meanLength;
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
}
