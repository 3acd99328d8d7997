/** When is a paper evidence for an answer at all? Pure. */

export interface RelevanceEvidence {
  /** Share of the query's IDF mass the paper's text contains (0–1). */
  coverage: number;
  /** Best cosine similarity of the query to one of the paper's passages, or null without dense search. */
  dense: number | null;
}

export interface AbstainThresholds {
  minCoverage: number;
  /** The model's floor; null when the model has none (dense similarity alone then never counts). */
  minDense: number | null;
}

/** Half the query's weighted terms must be on the page, unless the model is confident on its own. */
export const DEFAULT_MIN_COVERAGE = 0.5;

export function isRelevant(e: RelevanceEvidence, t: AbstainThresholds): boolean {
  if (e.coverage >= t.minCoverage) return true;
  return e.dense !== null && t.minDense !== null && e.dense >= t.minDense;
}
