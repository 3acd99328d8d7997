/**
 * `npm run calibrate`: fits the fusion profile and the dense floor to the model an operator runs,
 * on test collections with relevance judgements. Each collection becomes a shelf (index built with
 * the model); the profile is the one with the best mean nDCG@10 over them (src/calibrate/fusion.ts)
 * and the floor the one that best tells on-topic from off-topic questions on top of the lexical
 * gate (src/calibrate/abstention.ts).
 */
import type { Embedder } from '../embed/types.js';
import { DEFAULT_MIN_TOPICAL_SHARE } from '../search/abstain.js';
import type { FusionProfile } from '../search/fuse.js';
import { balancedAccuracy, chooseFloor, labelled, questionsFor } from './abstention.js';
import type { Collection } from './collections.js';
import { chooseFusion, scoreFusionGrid } from './fusion.js';
import { evaluateRuns } from './metrics.js';
import { prepare, rank, type Prepared } from './pipeline.js';

export interface CollectionCalibration {
  name: string;
  lexicalNdcg10: number;
  /** With the chosen profile. */
  hybridNdcg10: number;
  /** With the model's registry profile, for comparison. */
  defaultHybridNdcg10: number;
  /** Balanced accuracy (on-topic answered, off-topic refused) without and with the chosen floor. */
  accuracyLexicalGate: number;
  accuracyWithFloor: number;
}

export interface CalibrationResult {
  fusion: FusionProfile;
  minDense: number | null;
  collections: CollectionCalibration[];
}

export async function calibrate(
  collections: readonly Collection[],
  embedder: Embedder,
  onProgress: (m: string) => void = () => {},
): Promise<CalibrationResult> {
  const prepared: Prepared[] = [];
  try {
    for (const c of collections) {
      onProgress(`${c.name}: building a shelf of ${c.docs.length} documents with ${embedder.modelId}…`);
      prepared.push(await prepare(c, embedder, 0));
    }
    onProgress('choosing the fusion profile…');
    const scores = scoreFusionGrid(prepared);
    const chosen = chooseFusion(
      scores,
      prepared.map((_, i) => i),
    );
    onProgress('choosing the dense floor…');
    const questions = await questionsFor(prepared, embedder);
    const sets = prepared.map((p, i) => labelled(p, questions[i]!, 'hybrid', chosen.fusion));
    const minDense = chooseFloor(sets, DEFAULT_MIN_TOPICAL_SHARE);
    return {
      fusion: chosen.fusion,
      minDense,
      collections: prepared.map((p, i) => ({
        name: p.collection.name,
        lexicalNdcg10: evaluateRuns(rank(p, 'lexical'), p.collection.qrels).ndcg10,
        hybridNdcg10: chosen.metrics[i]!.ndcg10,
        defaultHybridNdcg10: evaluateRuns(rank(p, 'hybrid'), p.collection.qrels).ndcg10,
        accuracyLexicalGate: balancedAccuracy(sets[i]!, DEFAULT_MIN_TOPICAL_SHARE, null),
        accuracyWithFloor: balancedAccuracy(sets[i]!, DEFAULT_MIN_TOPICAL_SHARE, minDense),
      })),
    };
  } finally {
    for (const p of prepared) await p.dispose();
  }
}
