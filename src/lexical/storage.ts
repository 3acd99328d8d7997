import type { Tokenizer } from './tokenize.js';

/** The postings of a lexical index, in flat typed arrays (what is saved, and what queries walk). */
export interface Storage {
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

export interface Bm25Document {
  fields: Readonly<Record<string, string>>;
}

/** A saved index whose documents a new build copies instead of tokenizing their texts again. */
export interface PreviousStorage {
  storage: Storage;
  /** The previous document with exactly the texts of document `doc` of the new build (same tokenizer), or -1. */
  sameAs: (doc: number) => number;
}

/**
 * Tokenizes every field of every document into postings; a document's position in `docs` is its id.
 * With `previous`, a document it already holds copies its field lengths and term frequencies from
 * there: tokenizing and stemming the whole shelf is what a rebuild costs, and the result is the same.
 */
export function buildStorage(
  docs: readonly Bm25Document[],
  tok: Tokenizer,
  onProgress?: (done: number, total: number) => void,
  previous?: PreviousStorage,
): Storage {
  const fieldSet = new Set<string>();
  for (const d of docs) for (const f of Object.keys(d.fields)) fieldSet.add(f);
  const fields = [...fieldSet].sort();
  const nf = fields.length;

  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Documents per term, counted first so the postings go straight into typed arrays.
  const df: number[] = [];
  const fieldLengths = new Uint32Array(docs.length * nf);
  const termId = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = terms.length;
      termIds.set(term, id);
      terms.push(term);
      df.push(0);
    }
    return id;
  };

  const reuse =
    previous && sameFields(previous.storage.fields, fields)
      ? { s: previous.storage, byDoc: postingsByDocument(previous.storage), sameAs: previous.sameAs }
      : null;
  // Previous term number → this build's, filled as documents bring the term in (-1: not yet).
  const reusedTermIds = new Int32Array(reuse ? reuse.s.terms.length : 0).fill(-1);
  // Per document: the previous document it copies (-1: none), or its own terms with nf tfs each.
  const copies = new Int32Array(docs.length).fill(-1);
  const own = new Array<{ ids: number[]; tf: number[] } | null>(docs.length).fill(null);

  docs.forEach((d, doc) => {
    const from = reuse ? reuse.sameAs(doc) : -1;
    if (reuse && from >= 0) {
      const { s: old, byDoc } = reuse;
      copies[doc] = from;
      fieldLengths.set(old.fieldLengths.subarray(from * nf, (from + 1) * nf), doc * nf);
      for (let k = byDoc.start[from]!; k < byDoc.start[from + 1]!; k++) {
        const t = byDoc.term[k]!;
        let id = reusedTermIds[t]!;
        if (id < 0) reusedTermIds[t] = id = termId(old.terms[t]!);
        df[id]!++;
      }
    } else {
      const counts = new Map<number, number[]>();
      for (let f = 0; f < nf; f++) {
        const text = d.fields[fields[f]!] ?? '';
        const tokens = text ? tok(text) : [];
        fieldLengths[doc * nf + f] = tokens.length;
        for (const term of tokens) {
          const id = termId(term);
          let c = counts.get(id);
          if (!c) counts.set(id, (c = new Array<number>(nf).fill(0)));
          c[f]!++;
        }
      }
      const mine = { ids: [...counts.keys()], tf: [] as number[] };
      for (const [id, c] of counts) {
        df[id]!++;
        for (const v of c) mine.tf.push(Math.min(v, 0xffff));
      }
      own[doc] = mine;
    }
    if (onProgress && (doc % 1000 === 999 || doc === docs.length - 1)) onProgress(doc + 1, docs.length);
  });

  // Terms sorted so the serialised index is independent of document order quirks.
  const order = terms.map((_, i) => i).sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
  const offsets = new Int32Array(terms.length + 1);
  // Per term id, where its next posting goes; documents are visited in order, so postings come sorted.
  const next = new Int32Array(terms.length);
  let o = 0;
  order.forEach((id, t) => {
    offsets[t] = o;
    next[id] = o;
    o += df[id]!;
  });
  offsets[terms.length] = o;
  const pd = new Int32Array(o);
  const pt = new Uint16Array(o * nf);
  for (let doc = 0; doc < docs.length; doc++) {
    const from = copies[doc]!;
    if (reuse && from >= 0) {
      const { s: old, byDoc } = reuse;
      for (let k = byDoc.start[from]!; k < byDoc.start[from + 1]!; k++) {
        const p = next[reusedTermIds[byDoc.term[k]!]!]!++;
        const q = byDoc.posting[k]!;
        pd[p] = doc;
        for (let f = 0; f < nf; f++) pt[p * nf + f] = old.postTf[q * nf + f]!;
      }
    } else {
      const { ids, tf } = own[doc] as { ids: number[]; tf: number[] };
      ids.forEach((id, i) => {
        const p = next[id]!++;
        pd[p] = doc;
        for (let f = 0; f < nf; f++) pt[p * nf + f] = tf[i * nf + f]!;
      });
    }
  }
  return {
    fields,
    docCount: docs.length,
    terms: order.map((id) => terms[id]!),
    offsets,
    postDocs: pd,
    postTf: pt,
    fieldLengths,
  };
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/**
 * The postings regrouped by document: document d's are [start[d], start[d+1]), each its term and
 * posting number, in term order. A build reusing a saved index copies documents through it, and
 * RM3 feedback reads its documents' terms through it (feedback.ts).
 */
export function postingsByDocument(s: Storage): { start: Int32Array; term: Int32Array; posting: Int32Array } {
  const start = new Int32Array(s.docCount + 1);
  for (const d of s.postDocs) start[d + 1]!++;
  for (let d = 0; d < s.docCount; d++) start[d + 1]! += start[d]!;
  const next = start.slice(0, s.docCount);
  const term = new Int32Array(s.postDocs.length);
  const posting = new Int32Array(s.postDocs.length);
  for (let t = 0; t < s.terms.length; t++) {
    for (let p = s.offsets[t]!; p < s.offsets[t + 1]!; p++) {
      const k = next[s.postDocs[p]!]!++;
      term[k] = t;
      posting[k] = p;
    }
  }
  return { start, term, posting };
}
