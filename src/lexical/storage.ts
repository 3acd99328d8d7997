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

/** Tokenizes every field of every document into postings; a document's position in `docs` is its id. */
export function buildStorage(docs: readonly Bm25Document[], tok: Tokenizer, onProgress?: (done: number, total: number) => void): Storage {
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
