/**
 * `npm run eval` end to end on slices of Cranfield and CISI (fast): every table is produced and
 * every setting is reported leave-one-collection-out. Needs the collections in ../shared/eval.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCisi, loadCranfield } from '../../src/calibrate/collections.js';
import { FUSION_GRID } from '../../src/calibrate/fusion.js';
import { docToPaper } from '../../src/calibrate/papers.js';
import { sliceCollection } from '../../src/calibrate/pipeline.js';
import { abstentionTable, fusionTable, lexicalTable, resultsTable } from '../../scripts/eval/report.js';
import { runEval, type EvalResult } from '../../scripts/eval/run.js';
import { STEPS } from '../../scripts/eval/lexical-steps.js';
import { paperProblems } from '../../src/corpus/schema.js';
import { fixtureEmbedder } from '../support/shelf-fixture.js';
import { collectionsPresent } from '../support/eval-collections.js';

const present = collectionsPresent('eval-smoke', ['cranfield', 'cisi']);

describe.skipIf(!present)('npm run eval on slices of Cranfield and CISI', () => {
  let result: EvalResult;

  beforeAll(async () => {
    result = await runEval({
      collections: [sliceCollection(loadCranfield(), 150), sliceCollection(loadCisi(), 150)],
      embedder: await fixtureEmbedder(),
      repeats: 1,
    });
  }, 240_000);

  it('measures every mode on the judged queries of each slice', () => {
    expect(result.collections.map((c) => c.name)).toEqual(['Cranfield', 'CISI']);
    for (const c of result.collections) {
      expect(c.build.papers).toBe(150);
      expect(c.queries).toBeGreaterThan(5);
      expect(c.modes.map((m) => m.mode)).toEqual(['lexical', 'dense', 'hybrid']);
      for (const m of c.modes) {
        expect(m.queries).toBe(c.queries);
        expect(m.ndcg10).toBeGreaterThan(0);
        expect(m.withEmbedding === null).toBe(m.mode === 'lexical');
      }
    }
  });

  it('reports every lexical step and the fusion profile chosen on one collection, scored on the other', () => {
    expect(result.lexical.steps.map((s) => s.step)).toEqual(STEPS.map((s) => s.name));
    for (const s of result.lexical.steps)
      expect(s.directions.map((d) => [d.trainedOn, d.scoredOn])).toEqual([
        ['Cranfield', 'CISI'],
        ['CISI', 'Cranfield'],
      ]);
    expect(result.fusion.map((f) => [f.trainedOn, f.scoredOn])).toEqual([
      ['CISI', 'Cranfield'],
      ['Cranfield', 'CISI'],
    ]);
    for (const f of result.fusion) expect(FUSION_GRID).toContainEqual(f.fusion);
  });

  it('measures abstention per shelf and mode with thresholds from the other shelf', () => {
    expect(result.abstention.map((a) => [a.shelf, a.mode, a.chosenOn])).toEqual([
      ['Cranfield', 'lexical', 'CISI'],
      ['Cranfield', 'hybrid', 'CISI'],
      ['CISI', 'lexical', 'Cranfield'],
      ['CISI', 'hybrid', 'Cranfield'],
    ]);
    for (const a of result.abstention) {
      expect(a.answered).toBeGreaterThan(0.5);
      expect(a.refusedWritten).toBeGreaterThan(0.8);
      expect(a.ndcgOn).toBeLessThanOrEqual(a.ndcgOff + 1e-9);
    }
    expect(result.abstentionShipped).toHaveLength(4);
  });

  it('renders the tables and one JSON object', () => {
    expect(resultsTable(result)).toContain('| Cranfield (150 docs) | hybrid |');
    expect(lexicalTable(result)).toContain('| RM3 feedback |');
    expect(fusionTable(result)).toContain('| CISI | dense weight');
    expect(abstentionTable(result.abstention)).toContain('| CISI | hybrid | Cranfield |');
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({
      protocol: { limit: 1000 },
      collections: [{ name: 'Cranfield' }, { name: 'CISI' }],
    });
  });
});

describe('a test-collection document as a paper', () => {
  it('turns a document without title or abstract into a valid paper', () => {
    const paper = docToPaper('cran', { id: 471, title: '', authors: '', text: '' });
    expect(paperProblems(paper).problems).toEqual([]);
    expect(paper.abstract).toBe(paper.title);
  });
});
