/**
 * `npm run eval`'s code path on a slice of Cranfield (first 100 documents, the queries judged
 * on them): corpus writing, index build with the fixture model, searchPapers in every mode, the
 * fusion comparison and the report. The full run is too slow for `npm test`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCranfield } from '../../scripts/eval/collections.js';
import { FUSION_VARIANTS } from '../../scripts/eval/fusion.js';
import { docToPaper } from '../../scripts/eval/papers.js';
import { sliceCollection } from '../../scripts/eval/pipeline.js';
import { fusionTable, resultsTable } from '../../scripts/eval/report.js';
import { runEval, type EvalResult } from '../../scripts/eval/run.js';
import { paperProblems } from '../../src/corpus/schema.js';
import { fixtureEmbedder } from '../support/shelf-fixture.js';
import { collectionsPresent } from '../support/eval-collections.js';

const present = collectionsPresent('eval-smoke', ['cranfield']);

describe.skipIf(!present)('npm run eval on a Cranfield slice', () => {
  let result: EvalResult;

  beforeAll(async () => {
    const slice = sliceCollection(loadCranfield(), 100);
    result = await runEval({
      collections: [slice],
      embedder: await fixtureEmbedder(),
      fusion: true,
      repeats: 1,
    });
  });

  it('measures every mode on the judged queries of the slice', () => {
    const [c] = result.collections;
    expect(c!.docs).toBe(100);
    expect(c!.build.papers).toBe(100);
    expect(c!.queries).toBeGreaterThan(10);
    expect(c!.modes.map((m) => m.mode)).toEqual(['lexical', 'dense', 'hybrid']);
    for (const m of c!.modes) {
      expect(m.queries).toBe(c!.queries);
      for (const x of [m.ndcg10, m.recall100, m.map1000]) expect(x).toBeGreaterThan(0);
      expect(m.search.p95Ms).toBeGreaterThanOrEqual(0);
      expect(m.withEmbedding === null).toBe(m.mode === 'lexical');
    }
    // All 100 papers fit in the top 100: hybrid keeps every lexical hit and appends what only dense found.
    expect(c!.modes[2]!.recall100).toBeGreaterThanOrEqual(c!.modes[0]!.recall100);
    expect(c!.modes[2]!.recall100).toBe(1);
  });

  it('compares every fusion rule and renders the tables and JSON', () => {
    expect(result.fusionComparison!.rows).toHaveLength(FUSION_VARIANTS.length);
    const table = resultsTable(result);
    expect(table).toContain('| Cranfield (100 docs) | hybrid |');
    expect(fusionTable(result)).toContain('*lexical alone*');
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ protocol: { limit: 1000 }, collections: [{ name: 'Cranfield' }] });
  });

  it('turns a document without title or abstract into a valid paper', () => {
    const paper = docToPaper('cran', { id: 471, title: '', authors: '', text: '' });
    expect(paperProblems(paper).problems).toEqual([]);
    expect(paper.abstract).toBe(paper.title);
  });
});
