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
  const postDocs: number[][] = [];
  const postTf: number[][] = [];
  const fieldLengths = new Uint32Array(docs.length * nf);
  const counts = new Map<number, number[]>();
  const termId = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = terms.length;
      termIds.set(term, id);
      terms.push(term);
      postDocs.push([]);
      postTf.push([]);
    }
    return id;
  };

  const reuse =
    previous && sameFields(previous.storage.fields, fields)
      ? { s: previous.storage, byDoc: byDocument(previous.storage), sameAs: previous.sameAs }
      : null;
  // Previous term number → this build's, filled as documents bring the term in (-1: not yet).
  const reusedTermIds = new Int32Array(reuse ? reuse.s.terms.length : 0).fill(-1);

  docs.forEach((d, doc) => {
    const from = reuse ? reuse.sameAs(doc) : -1;
    if (reuse && from >= 0) {
      const { s: old, byDoc } = reuse;
      fieldLengths.set(old.fieldLengths.subarray(from * nf, (from + 1) * nf), doc * nf);
      for (let k = byDoc.start[from]!; k < byDoc.start[from + 1]!; k++) {
        const t = byDoc.term[k]!;
        let id = reusedTermIds[t]!;
        if (id < 0) reusedTermIds[t] = id = termId(old.terms[t]!);
        const p = byDoc.posting[k]!;
        postDocs[id]!.push(doc);
        for (let f = 0; f < nf; f++) postTf[id]!.push(old.postTf[p * nf + f]!);
      }
    } else {
      counts.clear();
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
      for (const [id, c] of counts) {
        postDocs[id]!.push(doc);
        for (const v of c) postTf[id]!.push(Math.min(v, 0xffff));
      }
    }
    if (onProgress && (doc % 1000 === 999 || doc === docs.length - 1)) onProgress(doc + 1, docs.length);
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

/** The postings regrouped by document: document d's are [start[d], start[d+1]), each its term and posting number. */
function byDocument(s: Storage): { start: Int32Array; term: Int32Array; posting: Int32Array } {
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
