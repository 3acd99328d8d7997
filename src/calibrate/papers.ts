import { writeFile } from 'node:fs/promises';
import type { Paper } from '../corpus/types.js';
import { paperToLine } from '../corpus/schema.js';
import type { Collection, EvalDoc } from './collections.js';

/** Any fixed year: the corpus format requires one, nothing in ranking reads it. */
const EVAL_YEAR = 2000;

/**
 * A test-collection document as a shelf paper: title (.T), authors (.A, one per name),
 * abstract (.W). The corpus format requires a non-empty title and abstract; a document
 * missing them (Cranfield 471 and 995 have neither) gets the placeholder title
 * "untitled <id>" and its title as abstract, so it stays in the collection (995 is judged
 * relevant to one query) without adding real words to either index.
 */
export function docToPaper(prefix: string, d: EvalDoc): Paper {
  const id = `${prefix}:${d.id}`;
  const title = d.title.trim() || `untitled ${id}`;
  return {
    id,
    title,
    authors: d.authors
      .split(';')
      .map((a) => a.trim())
      .filter((a) => a.length > 0),
    year: EVAL_YEAR,
    venue: null,
    url: null,
    code: null,
    abstract: d.text.trim() || title,
  };
}

/** The id prefix of a collection's papers ("cran:123", "cisi:45"). */
export function idPrefix(c: Collection): string {
  return c.name.toLowerCase().startsWith('cran') ? 'cran' : c.name.toLowerCase();
}

/** Writes the collection as a papers.jsonl corpus; returns the papers in file order. */
export async function writeCorpus(c: Collection, path: string): Promise<Paper[]> {
  const papers = c.docs.map((d) => docToPaper(idPrefix(c), d));
  await writeFile(path, papers.map((p) => `${paperToLine(p)}\n`).join(''));
  return papers;
}
