/**
 * Abstention as a classifier. On a shelf built from one collection, its own judged questions are
 * on-topic (they must be answered) and the other collection's questions plus OFF_TOPIC_QUESTIONS
 * are off-topic (they must be refused). Thresholds are chosen on one shelf and reported on the
 * other; the decisions reported go through searchPapers exactly as the bot runs it.
 */
import type { Embedder } from '../embed/types.js';
import type { FusionProfile } from '../search/fuse.js';
import { searchPapers, type RelevanceProfile, type SearchMode } from '../search/search.js';
import { isEvidence } from '../search/abstain.js';
import { tokenize } from '../lexical/tokenize.js';
import { ndcgAt, mean } from './metrics.js';
import { OFF_TOPIC_QUESTIONS } from './off-topic.js';
import type { Prepared } from './pipeline.js';

export interface Question {
  text: string;
  vector: Float32Array;
  /** Judged question of this shelf's collection (its id there), or null for an off-topic one. */
  judgedId: number | null;
  source: 'own' | 'other collection' | 'written';
}

/** What the decision depends on, measured once per question and shelf. */
export interface Signals {
  share: number;
  /** One paper holds the whole question (on topic whatever the share). */
  heldWhole: boolean;
  /** Some ranked paper holds one of the question's shelf terms. */
  shelfTermPaper: boolean;
  /** Best passage cosine of any ranked paper (hybrid), or null. */
  maxDense: number | null;
}

export function measureSignals(p: Prepared, q: Question, mode: SearchMode, fusion: FusionProfile = p.profile.fusion): Signals {
  const probe: RelevanceProfile = { fusion, rule: { minTopicalShare: 0, minDense: null } };
  const out = searchPapers(
    p.index,
    { tokens: tokenize(q.text), vector: mode === 'lexical' ? null : q.vector },
    { mode, limit: 50, profile: probe, abstain: 'mark' },
  );
  let maxDense: number | null = null;
  for (const h of out.hits) if (h.dense !== null) maxDense = Math.max(maxDense ?? -1, h.dense);
  return { share: out.topicalShare, heldWhole: out.heldWhole, shelfTermPaper: out.hits.some((h) => h.evidence), maxDense };
}

/** The rule of src/search/abstain.ts (isEvidence itself) over measured signals. */
export function answers(s: Signals, minShare: number, minDense: number | null): boolean {
  const onTopic = s.share >= minShare || s.heldWhole;
  return isEvidence({ onTopic, hasShelfTerm: s.shelfTermPaper, dense: s.maxDense }, { minTopicalShare: minShare, minDense });
}

export interface Labelled {
  on: Signals[];
  off: Signals[];
}

/** Mean of the on-topic answered share and the off-topic refused share (each class counts equally). */
export function balancedAccuracy(l: Labelled, minShare: number, minDense: number | null): number {
  const answered = l.on.filter((s) => answers(s, minShare, minDense)).length / Math.max(1, l.on.length);
  const refused = l.off.filter((s) => !answers(s, minShare, minDense)).length / Math.max(1, l.off.length);
  return (answered + refused) / 2;
}

const SHARE_GRID = Array.from({ length: 56 }, (_, i) => 0.4 + i * 0.01);
const DENSE_GRID = Array.from({ length: 76 }, (_, i) => 0.2 + i * 0.01);

/** The topical-share threshold with the best balanced accuracy (ties: the lower, which answers more). */
export function chooseShare(sets: readonly Labelled[]): number {
  let best = SHARE_GRID[0]!;
  let bestScore = -1;
  for (const s of SHARE_GRID) {
    const score = mean(sets.map((l) => balancedAccuracy(l, s, null)));
    if (score > bestScore + 1e-12) [best, bestScore] = [s, score];
  }
  return round2(best);
}

/**
 * The dense floor, given the share threshold: the floor that best improves balanced accuracy over
 * the lexical gate alone (ties: the higher floor, which refuses more); null when none improves it,
 * i.e. the model's similarity alone never tells on- from off-topic better than its words.
 */
export function chooseFloor(sets: readonly Labelled[], minShare: number): number | null {
  let best: number | null = null;
  let bestScore = mean(sets.map((l) => balancedAccuracy(l, minShare, null)));
  for (const d of DENSE_GRID) {
    const score = mean(sets.map((l) => balancedAccuracy(l, minShare, d)));
    if (score > bestScore + 1e-12 || (best !== null && Math.abs(score - bestScore) <= 1e-12)) [best, bestScore] = [round2(d), score];
  }
  return best;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Each shelf's questions: its own judged ones, every other collection's, and the written ones. */
export async function questionsFor(prepared: readonly Prepared[], embedder: Embedder): Promise<Question[][]> {
  const written = await embedder.embed(OFF_TOPIC_QUESTIONS, 'query');
  return prepared.map((p) => [
    ...p.queries.map((q): Question => ({ text: q.text, vector: q.vector, judgedId: q.id, source: 'own' })),
    ...prepared
      .filter((o) => o !== p)
      .flatMap((o) => o.queries.map((q): Question => ({ text: q.text, vector: q.vector, judgedId: null, source: 'other collection' }))),
    ...OFF_TOPIC_QUESTIONS.map((text, i): Question => ({ text, vector: written[i]!, judgedId: null, source: 'written' })),
  ]);
}

export function labelled(p: Prepared, questions: readonly Question[], mode: SearchMode, fusion?: FusionProfile): Labelled {
  const on: Signals[] = [];
  const off: Signals[] = [];
  for (const q of questions) (q.source === 'own' ? on : off).push(measureSignals(p, q, mode, fusion));
  return { on, off };
}

export interface AbstentionRow {
  shelf: string;
  mode: SearchMode;
  /** Where the thresholds come from. */
  chosenOn: string;
  minShare: number;
  minDense: number | null;
  onTopic: number;
  offTopic: number;
  answered: number;
  /** Refused share of all off-topic questions, then of each source. */
  refused: number;
  refusedOther: number;
  refusedWritten: number;
  ndcgOn: number;
  ndcgOff: number;
}

/** Runs every question through searchPapers as the bot does ('drop', page of 10) and scores the decisions. */
export function reportAbstention(
  p: Prepared,
  questions: readonly Question[],
  mode: SearchMode,
  rule: { minShare: number; minDense: number | null; fusion: FusionProfile },
  chosenOn: string,
): AbstentionRow {
  const { minShare, minDense } = rule;
  const profile: RelevanceProfile = { fusion: rule.fusion, rule: { minTopicalShare: minShare, minDense } };
  const refusedOf: Record<Question['source'], number[]> = { own: [], 'other collection': [], written: [] };
  const ndcgOn: number[] = [];
  const ndcgOff: number[] = [];
  for (const q of questions) {
    const query = { tokens: tokenize(q.text), vector: mode === 'lexical' ? null : q.vector };
    const out = searchPapers(p.index, query, { mode, limit: 10, profile, abstain: 'drop' });
    refusedOf[q.source].push(out.abstained ? 1 : 0);
    if (q.judgedId === null) continue;
    const rel = p.collection.qrels.get(q.judgedId)!;
    ndcgOn.push(
      ndcgAt(
        out.hits.map((h) => p.docIds[h.paper]!),
        rel,
        10,
      ),
    );
    const plain = searchPapers(p.index, query, { mode, limit: 10, profile, abstain: 'off' });
    ndcgOff.push(
      ndcgAt(
        plain.hits.map((h) => p.docIds[h.paper]!),
        rel,
        10,
      ),
    );
  }
  const off = [...refusedOf['other collection'], ...refusedOf.written];
  return {
    shelf: p.collection.name,
    mode,
    chosenOn,
    minShare,
    minDense,
    onTopic: refusedOf.own.length,
    offTopic: off.length,
    answered: 1 - mean(refusedOf.own),
    refused: mean(off),
    refusedOther: mean(refusedOf['other collection']),
    refusedWritten: mean(refusedOf.written),
    ndcgOn: mean(ndcgOn),
    ndcgOff: mean(ndcgOff),
  };
}
