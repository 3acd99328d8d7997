import crypto from 'node:crypto';
import type { Paper } from '../corpus/types.js';
import { splitSentences } from '../corpus/sentences.js';
import { makePassages } from '../corpus/passages.js';
import { readableLatex } from '../corpus/latex.js';
import type { Docstore } from './format.js';

/**
 * Names how planIndex lays a paper out (sentence splitting, passages, LaTeX rendering, keys): the
 * manifest records it, and a build reuses the previous layout of unchanged papers only under the
 * same one. Bump it with any change to splitSentences, makePassages, readableLatex or the texts below.
 */
export const PLAN_VERSION = 'plan-1';

/** What gets embedded for each vector of the index, in vector order: passages, sentences, papers. */
export interface EmbedPlan {
  docstore: Docstore;
  /** Papers laid out afresh (new or changed since the previous docstore). */
  planned: number;
  /** The text vector i embeds (numbered passages, sentences, papers), made on demand: most are reused, not embedded. */
  text: (vector: number) => string;
}

/**
 * Lays the shelf out as sentences and passages and says what text each vector embeds.
 * Passages embed with their paper's title so a passage is found by what the paper is about.
 * Pure: the same papers and model give the same plan and keys. With `previous` (the last
 * build's docstore, made with the same model, passage parameters and PLAN_VERSION), a paper
 * whose id, title and abstract are unchanged keeps its layout and keys from there instead of
 * being split, rendered and hashed again: the same result, without the cost that grows with the shelf.
 */
export function planIndex(
  papers: readonly Paper[],
  modelFingerprint: string,
  passage: { size: number; stride: number },
  previous?: Docstore,
): EmbedPlan {
  const ds: Docstore = {
    papers: [...papers],
    sentencePaper: [],
    sentenceStart: [],
    sentenceEnd: [],
    paperSentenceFrom: [],
    passagePaper: [],
    passageFrom: [],
    passageTo: [],
    paperPassageFrom: [],
    passageKeys: [],
    sentenceKeys: [],
    paperKeys: [],
  };
  const previousAt = new Map<string, number>();
  previous?.papers.forEach((p, j) => previousAt.set(p.id, j));
  let planned = 0;

  papers.forEach((paper, p) => {
    const firstSentence = ds.sentencePaper.length;
    ds.paperSentenceFrom.push(firstSentence);
    ds.paperPassageFrom.push(ds.passagePaper.length);
    const j = previousAt.get(paper.id);
    const before = j === undefined ? undefined : previous?.papers[j];
    if (previous && j !== undefined && before && before.title === paper.title && before.abstract === paper.abstract) {
      copyLayout(previous, j, ds, p);
      return;
    }
    planned++;
    const sentences = splitSentences(paper.abstract);
    const title = readableLatex(paper.title);
    for (const s of sentences) {
      ds.sentencePaper.push(p);
      ds.sentenceStart.push(s.start);
      ds.sentenceEnd.push(s.end);
      ds.sentenceKeys.push(vectorKey(modelFingerprint, 'sentence', readableLatex(s.text)));
    }
    for (const pass of makePassages(paper.id, paper.abstract, sentences, passage)) {
      ds.passagePaper.push(p);
      ds.passageFrom.push(firstSentence + pass.sentenceFrom);
      ds.passageTo.push(firstSentence + pass.sentenceTo);
      ds.passageKeys.push(vectorKey(modelFingerprint, 'passage', `${title}. ${readableLatex(pass.text)}`));
    }
    ds.paperKeys.push(vectorKey(modelFingerprint, 'paper', `${title}. ${readableLatex(paper.abstract)}`));
  });
  ds.paperSentenceFrom.push(ds.sentencePaper.length);
  ds.paperPassageFrom.push(ds.passagePaper.length);
  return { docstore: ds, planned, text: (vector) => vectorText(ds, vector) };
}

/** Appends paper j of `from` to `to` as paper p: its sentences, passages and keys, renumbered. */
function copyLayout(from: Docstore, j: number, to: Docstore, p: number): void {
  const sentenceShift = to.sentencePaper.length - from.paperSentenceFrom[j]!;
  for (let s = from.paperSentenceFrom[j]!; s < from.paperSentenceFrom[j + 1]!; s++) {
    to.sentencePaper.push(p);
    to.sentenceStart.push(from.sentenceStart[s]!);
    to.sentenceEnd.push(from.sentenceEnd[s]!);
    to.sentenceKeys.push(from.sentenceKeys[s]!);
  }
  for (let k = from.paperPassageFrom[j]!; k < from.paperPassageFrom[j + 1]!; k++) {
    to.passagePaper.push(p);
    to.passageFrom.push(from.passageFrom[k]! + sentenceShift);
    to.passageTo.push(from.passageTo[k]! + sentenceShift);
    to.passageKeys.push(from.passageKeys[k]!);
  }
  to.paperKeys.push(from.paperKeys[j]!);
}

/** The text behind vector i, from the docstore's offsets (a sentence's text is its slice of the abstract). */
function vectorText(ds: Docstore, i: number): string {
  const passages = ds.passagePaper.length;
  const sentences = ds.sentencePaper.length;
  if (i < passages) {
    const paper = ds.papers[ds.passagePaper[i]!]!;
    const start = ds.sentenceStart[ds.passageFrom[i]!]!;
    const end = ds.sentenceEnd[ds.passageTo[i]! - 1]!;
    return `${readableLatex(paper.title)}. ${readableLatex(paper.abstract.slice(start, end))}`;
  }
  if (i < passages + sentences) {
    const s = i - passages;
    const paper = ds.papers[ds.sentencePaper[s]!]!;
    return readableLatex(paper.abstract.slice(ds.sentenceStart[s], ds.sentenceEnd[s]));
  }
  const paper = ds.papers[i - passages - sentences]!;
  return `${readableLatex(paper.title)}. ${readableLatex(paper.abstract)}`;
}

/** A vector is reusable when model, role and exact text are unchanged. */
export function vectorKey(modelFingerprint: string, kind: 'passage' | 'sentence' | 'paper', text: string): string {
  return sha256(`${modelFingerprint}\0${kind}\0${text}`).slice(0, 22);
}

/**
 * crypto.hash (node ≥ 20.12) is the one-shot form of createHash: the same digest, several times
 * faster for short texts, which matters for the hundreds of thousands of keys of a large shelf.
 */
const hasOneShot = typeof crypto.hash === 'function';
function sha256(data: string): string {
  return hasOneShot ? crypto.hash('sha256', data, 'base64url') : crypto.createHash('sha256').update(data).digest('base64url');
}
