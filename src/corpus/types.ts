/** A paper on the shelf, one line of corpus/papers.jsonl. */
export interface Paper {
  id: string;
  title: string;
  authors: string[];
  year: number;
  venue: string | null;
  url: string | null;
  code: string | null;
  abstract: string;
  /** The arXiv version on the shelf (npm run fetch records it); absent for hand-added papers. */
  version?: number;
}

/** A sentence of an abstract; start/end are UTF-16 offsets into the abstract so quotes are exact. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** An overlapping window of sentences of one paper's abstract. */
export interface Passage {
  paperId: string;
  /** Position of this passage within its paper (0-based). */
  ordinal: number;
  /** Index of the first sentence (into the paper's sentence list) and one past the last. */
  sentenceFrom: number;
  sentenceTo: number;
  /** Offsets into the abstract. */
  start: number;
  end: number;
  text: string;
}
