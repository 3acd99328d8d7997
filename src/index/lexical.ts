import type { Paper } from '../corpus/types.js';
import { Bm25Index } from '../lexical/bm25.js';

export { Bm25Index as LexicalIndex };

/** Lexical search ranks papers: title, authors and abstract as BM25F fields (the eval protocol's text). */
export function paperFields(p: Paper): { fields: Record<string, string> } {
  return { fields: { title: p.title, authors: p.authors.join(', '), body: p.abstract } };
}

export function buildLexicalIndex(papers: readonly Paper[]): Bm25Index {
  return Bm25Index.build(papers.map(paperFields));
}
