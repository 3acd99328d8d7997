import crypto from 'node:crypto';
import type { Paper } from '../corpus/types.js';
import { splitSentences } from '../corpus/sentences.js';
import { makePassages } from '../corpus/passages.js';
import { readableLatex } from '../corpus/latex.js';
import type { Docstore } from './format.js';

/** What gets embedded for each vector of the index, in vector order: passages, sentences, papers. */
export interface EmbedPlan {
  docstore: Docstore;
  passageTexts: string[];
  sentenceTexts: string[];
  paperTexts: string[];
}

/**
 * Lays the shelf out as sentences and passages and says what text each vector embeds.
 * Passages embed with their paper's title so a passage is found by what the paper is about.
 * Pure: the same papers and model give the same plan and keys.
 */
export function planIndex(papers: readonly Paper[], modelFingerprint: string, passage: { size: number; stride: number }): EmbedPlan {
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
  const passageTexts: string[] = [];
  const sentenceTexts: string[] = [];
  const paperTexts: string[] = [];

  papers.forEach((paper, p) => {
    const sentences = splitSentences(paper.abstract);
    const title = readableLatex(paper.title);
    const firstSentence = ds.sentencePaper.length;
    ds.paperSentenceFrom.push(firstSentence);
    ds.paperPassageFrom.push(ds.passagePaper.length);
    for (const s of sentences) {
      ds.sentencePaper.push(p);
      ds.sentenceStart.push(s.start);
      ds.sentenceEnd.push(s.end);
      const text = readableLatex(s.text);
      sentenceTexts.push(text);
      ds.sentenceKeys.push(vectorKey(modelFingerprint, 'sentence', text));
    }
    for (const pass of makePassages(paper.id, paper.abstract, sentences, passage)) {
      ds.passagePaper.push(p);
      ds.passageFrom.push(firstSentence + pass.sentenceFrom);
      ds.passageTo.push(firstSentence + pass.sentenceTo);
      const text = `${title}. ${readableLatex(pass.text)}`;
      passageTexts.push(text);
      ds.passageKeys.push(vectorKey(modelFingerprint, 'passage', text));
    }
    const paperText = `${title}. ${readableLatex(paper.abstract)}`;
    paperTexts.push(paperText);
    ds.paperKeys.push(vectorKey(modelFingerprint, 'paper', paperText));
  });
  ds.paperSentenceFrom.push(ds.sentencePaper.length);
  ds.paperPassageFrom.push(ds.passagePaper.length);
  return { docstore: ds, passageTexts, sentenceTexts, paperTexts };
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
