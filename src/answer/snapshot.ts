import { basename } from 'node:path';
import type { Paper } from '../corpus/types.js';
import type { LoadedIndex } from '../index/load.js';
import { lookupPapers, lookupTable, type LookupEntry } from '../search/lookup.js';
import { representativeSentence } from '../search/quote.js';
import { sentenceText } from './quote-item.js';
import { citedPaper, shownPaper } from './display.js';
import type { CitedPaper, ShownPaper } from './types.js';

/** A paper with the abstract's sentence closest to the whole abstract, readable. */
export interface PaperSummary {
  paper: CitedPaper;
  keySentence: string;
}

/**
 * What is on one loaded index, for the layers above the answer layer (`Librarian.snapshot()`): papers
 * by id, counts, first-seen times, the model. The index's layout (docstore, manifest, vectors)
 * stays behind it. One snapshot reads one index throughout, so reads that must agree with each
 * other (a digest's candidates and their key sentences) take one snapshot and keep it, even while
 * the shelf swaps to a new index.
 */
export class ShelfSnapshot {
  /** Paper lookup by title, author or id: built on first use, dropped with the index. */
  private lookup: LookupEntry[] | null = null;

  constructor(private readonly index: LoadedIndex) {}

  /** The index version's folder name (what the index folder's CURRENT names). */
  get version(): string {
    return basename(this.index.dir);
  }

  /** Every paper on the shelf, in the index's order. */
  get papers(): readonly Paper[] {
    return this.index.papers;
  }

  get paperCount(): number {
    return this.index.papers.length;
  }

  get passageCount(): number {
    return this.index.manifest.counts.passages;
  }

  /** The embedding model the index was built with (its registry id). */
  get modelId(): string {
    return this.index.manifest.model.id;
  }

  /** When the index was built (ISO time). */
  get builtAt(): string {
    return this.index.manifest.builtAt;
  }

  /** When the paper first appeared on the shelf (ISO time), or undefined when no build recorded it. */
  firstSeen(paperId: string): string | undefined {
    return this.index.manifest.firstSeen[paperId];
  }

  /** The paper with this id, ready to show, or null when it is not on the shelf. */
  paper(paperId: string): ShownPaper | null {
    const i = this.index.paperIndexById.get(paperId);
    const p = i === undefined ? undefined : this.index.papers[i];
    return p === undefined ? null : shownPaper(p);
  }

  /** The papers best matching what a user typed (title words, an author, an id), best first. */
  findPapers(typed: string, limit: number): ShownPaper[] {
    this.lookup ??= lookupTable(this.index.papers);
    return lookupPapers(this.lookup, typed, limit).flatMap((i) => {
      const p = this.index.papers[i];
      return p === undefined ? [] : [shownPaper(p)];
    });
  }

  /** The paper, cited, with its key sentence; null when it is not on the shelf. */
  summary(paperId: string): PaperSummary | null {
    const i = this.index.paperIndexById.get(paperId);
    const p = i === undefined ? undefined : this.index.papers[i];
    if (i === undefined || p === undefined) return null;
    return { paper: citedPaper(p), keySentence: sentenceText(this.index, representativeSentence(this.index, i)) };
  }
}
