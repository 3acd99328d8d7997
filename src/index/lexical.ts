import type { Paper } from '../corpus/types.js';
import { Bm25Index, SavedPostings } from '../lexical/bm25.js';

export { Bm25Index as LexicalIndex, SavedPostings };

/** Lexical search ranks papers: title, authors and abstract as BM25F fields (the eval protocol's text). */
export function paperFields(p: Paper): { fields: Record<string, string> } {
  return { fields: { title: p.title, authors: p.authors.join(', '), body: p.abstract } };
}

/**
 * The lexical index of the shelf. With the live index's postings and the papers they were built
 * from (`previous`), a paper whose id and fields are unchanged is copied from it, not tokenized again.
 */
export function buildLexicalIndex(
  papers: readonly Paper[],
  previous?: { postings: SavedPostings; papers: readonly Paper[] },
): Bm25Index {
  const docs = papers.map(paperFields);
  if (!previous || previous.postings.docCount !== previous.papers.length) return Bm25Index.build(docs);
  const before = new Map(previous.papers.map((p, j) => [p.id, j]));
  const sameAs = (doc: number): number => {
    const j = before.get(papers[doc]!.id);
    if (j === undefined) return -1;
    const was = paperFields(previous.papers[j]!).fields;
    const is = Object.entries(docs[doc]!.fields);
    return is.length === Object.keys(was).length && is.every(([field, text]) => was[field] === text) ? j : -1;
  };
  return Bm25Index.build(docs, { previous: { postings: previous.postings, sameAs } });
}
