import type { LoadedIndex } from '../index/load.js';
import type { Paper } from '../corpus/types.js';
import { readableLatex } from '../corpus/latex.js';
import type { AnswerItem } from './types.js';
import { citedPaper } from './display.js';

/**
 * Turns a chosen passage and key sentence into a quote, shown readably (inline LaTeX rendered).
 * Rendering piece by piece keeps the key sentence's offsets exact in the rendered quote; the
 * splitter never cuts inside $…$, so no formula straddles two pieces.
 */
export function quoteItem(index: LoadedIndex, n: number, paper: number, passage: number, sentence: number, score: number): AnswerItem {
  const ds = index.docstore;
  const p = index.papers[paper] as Paper;
  const from = ds.passageFrom[passage] as number;
  const to = ds.passageTo[passage] as number;
  const start = ds.sentenceStart[from] as number;
  const end = ds.sentenceEnd[to - 1] as number;
  const keyStart = ds.sentenceStart[sentence] as number;
  const keyEnd = ds.sentenceEnd[sentence] as number;
  const before = readableLatex(p.abstract.slice(start, keyStart));
  const key = readableLatex(p.abstract.slice(keyStart, keyEnd));
  const after = readableLatex(p.abstract.slice(keyEnd, end));
  return {
    n,
    paper: citedPaper(p),
    quote: before + key + after,
    keySentence: key,
    keyStart: before.length,
    keyEnd: before.length + key.length,
    score,
  };
}

/** A paper's sentence as readable text. */
export function sentenceText(index: LoadedIndex, sentence: number): string {
  const ds = index.docstore;
  const p = index.papers[ds.sentencePaper[sentence] as number] as Paper;
  return readableLatex(p.abstract.slice(ds.sentenceStart[sentence], ds.sentenceEnd[sentence]));
}
