/**
 * `npm run calibrate` end to end with the fixture model, on a small collection in SMART format
 * written from the ten-paper shelf (so it needs nothing beside the repo), and what a calibration
 * changes for `npm run ask` and the Librarian.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/load.js';
import { writeCalibration } from '../../src/index/calibration.js';
import { IndexError } from '../../src/index/errors.js';
import { Librarian } from '../../src/answer/librarian.js';
import { fixtureEmbedder, fixtureEnv, REPO, tempShelf } from '../support/shelf-fixture.js';

const QUESTIONS: [string, string][] = [
  ['arxiv:2309.16318', 'Which paper parallelizes the backward pass with cyclic reduction?'],
  ['arxiv:2205.00329', 'Is latent replay with pre-trained foundation models good for continual learning?'],
  ['arxiv:2003.04151', 'Which method smooths the embedding manifold for few-shot classification?'],
  ['arxiv:1807.07320', 'Which gated attention mechanism improves fine-grained recognition?'],
  ['arxiv:2009.06415', 'Which tool generates synthetic datasets of Unicode symbols to probe learning algorithms?'],
];

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, `src/cli/${script}.ts`), ...args], {
    cwd: REPO,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The shelf as a Cranfield-format collection: documents, numbered questions, judgements. */
async function writeCollection(dir: string, shelfFile: string): Promise<void> {
  const papers = (await readFile(shelfFile, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; title: string; authors: string[]; abstract: string });
  const folder = join(dir, 'collections', 'cranfield');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'cran.all.1400'),
    papers.map((p, i) => `.I ${i + 1}\n.T\n${p.title}\n.A\n${p.authors.join('; ')}\n.B\n\n.W\n${p.abstract}\n`).join(''),
  );
  await writeFile(join(folder, 'cran.qry'), QUESTIONS.map(([, q], i) => `.I ${String(i + 1).padStart(3, '0')}\n.W\n${q}\n`).join(''));
  const doc = (id: string) => papers.findIndex((p) => p.id === id) + 1;
  await writeFile(join(folder, 'cranqrel'), QUESTIONS.map(([id], i) => `${i + 1} ${doc(id)} 1`).join('\n') + '\n');
}

describe('npm run calibrate', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await tempShelf();
    env = fixtureEnv(dir);
    await writeCollection(dir, join(dir, 'papers.jsonl'));
  });

  it('--help exits 0 with the usage; an unknown flag exits 2', () => {
    const help = run('calibrate', ['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: npm run calibrate/);
    const bad = run('calibrate', ['--frobnicate'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: npm run calibrate/);
  });

  it('without collections says what it needs, exit 1, no stack trace', () => {
    const r = run('calibrate', ['--collections', join(dir, 'nowhere'), '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No test collections in .*nowhere.*cranfield\/.*cisi\//);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a model that cannot load gets the same clear message as npm run index', () => {
    const missing = { ...env, EMBED_MODEL: 'Xenova/all-MiniLM-L6-v2', MODEL_CACHE_DIR: join(dir, 'empty-cache') };
    const calibrate = run('calibrate', ['--collections', join(dir, 'collections')], missing);
    const index = run('build-index', [], missing);
    expect(calibrate.code).toBe(1);
    expect(index.code).toBe(1);
    expect(calibrate.stderr).toMatch(/all-MiniLM-L6-v2/);
    expect(calibrate.stderr.trim()).toBe(index.stderr.trim());
    expect(calibrate.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an index built with another model before measuring', () => {
    expect(run('build-index', [], env).code).toBe(0);
    const r = run('calibrate', ['--collections', join(dir, 'collections')], {
      ...env,
      EMBED_MODEL: join(REPO, 'test/fixtures/models/hashed-ngrams/'),
      INDEX_DIR: join(dir, 'no-index'),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No index in .*no-index.*npm run index/);
  });

  it('measures, explains its choice, and writes it into the index; ask then uses it', () => {
    const r = run('calibrate', ['--collections', join(dir, 'collections')], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fusion: dense weight [\d.]+, RRF k \d+/);
    expect(r.stdout).toMatch(/Cranfield: hybrid [01]\.\d{4} nDCG@10/);
    expect(r.stdout).toMatch(/Dense floor: (none|0\.\d\d)/);
    expect(r.stdout).toMatch(/Wrote it into .*index/);
    const ask = run('ask', ['--json', QUESTIONS[0]![1]], env);
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.stdout) as { abstained: boolean; results: { paperId: string }[] };
    expect(answer.abstained).toBe(false);
    expect(answer.results[0]!.paperId).toBe(QUESTIONS[0]![0]);
  });

  it('the calibration is in the manifest and survives an incremental rebuild', async () => {
    const index = await loadIndex(join(dir, 'index'));
    const embedder = await fixtureEmbedder();
    expect(index.manifest.calibration).toMatchObject({
      model: { fingerprint: embedder.fingerprint },
      measuredOn: [expect.stringMatching(/^Cranfield \(10 documents, 5 questions\)/)],
    });
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    expect((await loadIndex(join(dir, 'index'))).manifest.calibration).toEqual(index.manifest.calibration);
  });
});

describe('a calibration changes the decision', () => {
  it('a floor low enough lets dense similarity alone answer a question the default refuses', async () => {
    const dir = await tempShelf();
    const embedder = await fixtureEmbedder();
    const indexDir = join(dir, 'index');
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir, embedder });
    const question = 'What is a good sourdough recipe?';
    const before = new Librarian(await loadIndex(indexDir), embedder);
    expect(before.relevance.source).toBe('model defaults');
    expect((await before.ask(question)).abstained).toBe(true);

    const model = { id: embedder.modelId, fingerprint: embedder.fingerprint };
    await writeCalibration(indexDir, {
      model,
      minDense: 0.05,
      fusion: embedder.relevance.fusion,
      measuredOn: ['test'],
      measuredAt: new Date().toISOString(),
    });
    const after = new Librarian(await loadIndex(indexDir), embedder);
    expect(after.relevance).toMatchObject({ source: 'calibrated', rule: { minDense: 0.05 } });
    const answer = await after.ask(question);
    expect(answer.abstained).toBe(false);
    expect(answer.items.length).toBeGreaterThan(0);
  });

  it('a calibration for another model is ignored, and cannot be written into this index', async () => {
    const dir = await tempShelf();
    const embedder = await fixtureEmbedder();
    const indexDir = join(dir, 'index');
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir, embedder });
    const other = { id: 'Xenova/all-MiniLM-L6-v2', fingerprint: 'another-model' };
    const err = await writeCalibration(indexDir, {
      model: other,
      minDense: 0.05,
      fusion: embedder.relevance.fusion,
      measuredOn: [],
      measuredAt: '',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/built with model .*hashed-ngrams, not Xenova\/all-MiniLM-L6-v2.*npm run index/);
    expect(new Librarian(await loadIndex(indexDir), embedder).relevance.source).toBe('model defaults');
  });
});
