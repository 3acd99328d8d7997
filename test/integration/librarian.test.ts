import { beforeAll, describe, expect, it } from 'vitest';
import { appendFile, readFile, readdir, truncate, writeFile, rm, cp } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex, modelMismatch } from '../../src/index/load.js';
import { IndexError } from '../../src/index/errors.js';
import { CorpusError } from '../../src/corpus/load.js';
import { Librarian } from '../../src/answer/librarian.js';
import type { Embedder } from '../../src/embed/types.js';
import { fixtureEmbedder, snapshot, tempShelf } from '../support/shelf-fixture.js';

const TOPICAL: [string, string][] = [
  ['arxiv:2310.13040', 'Do robust multimodal models such as CLIP have outlier features and encode more concepts?'],
  ['arxiv:2309.16318', 'Which paper parallelizes the backward pass with cyclic reduction?'],
  ['arxiv:2307.10907', 'How do entropy and reconstruction explain multi-view self-supervised learning?'],
  ['arxiv:2207.04543', 'Does stochastic gradient descent still forget catastrophically on long sequences of tasks with reoccurring data?'],
  ['arxiv:2205.00329', 'Is latent replay with pre-trained foundation models good for continual learning?'],
  ['arxiv:2108.09593', 'How can a soft rasterizer reconstruct 3D meshes from single-view images with few viewpoint labels?'],
  // "bias", not "biased": Porter stems the abstract's "bias" to "bia" and "biased" to "bias", so they never meet.
  ['arxiv:2104.06879', 'Can active learning make models fairer when the dataset has a bias?'],
  ['arxiv:2009.06415', 'Which tool generates synthetic datasets of Unicode symbols to probe learning algorithms?'],
  ['arxiv:2003.04151', 'Which method smooths the embedding manifold for few-shot classification?'],
  ['arxiv:1807.07320', 'Which gated attention mechanism improves fine-grained recognition?'],
];

const OFF_TOPIC = ['What is a good sourdough recipe?', 'Who won the football world cup in 2018?', 'How do I fix a flat bicycle tyre?'];

describe('the shelf, built with the fixture model', () => {
  let dir: string;
  let embedder: Embedder;
  let shelf: Librarian;
  let first: Awaited<ReturnType<typeof buildIndex>>;

  beforeAll(async () => {
    dir = await tempShelf();
    embedder = await fixtureEmbedder();
    first = await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    shelf = new Librarian(await loadIndex(join(dir, 'index')), embedder);
  });

  it('builds every vector on the first run', () => {
    expect(first.papers).toBe(10);
    expect(first.passages).toBeGreaterThan(50);
    expect(first.reused).toBe(0);
    expect(first.embedded).toBe(first.passages + first.sentences + first.papers);
    expect(first.newPapers).toHaveLength(10);
    expect(shelf.mode).toBe('hybrid');
  });

  it.each(TOPICAL)('cites %s first for a question about its topic', async (id, question) => {
    const answer = await shelf.ask(question);
    expect(answer.abstained).toBe(false);
    const top = answer.items[0]!;
    expect(top.paper.id).toBe(id);
    const abstract = shelf.snapshot().paper(id)!.abstract;
    // The key sentence is quoted from that paper's abstract and sits inside the quote.
    expect(top.quote.slice(top.keyStart, top.keyEnd)).toBe(top.keySentence);
    expect(abstract.replace(/\s+/g, ' ')).toContain(top.keySentence.slice(0, 30).replace(/\s+/g, ' '));
  });

  it.each(OFF_TOPIC)('abstains on an off-topic question: %s', async (question) => {
    const answer = await shelf.ask(question);
    expect(answer.abstained).toBe(true);
    expect(answer.items).toEqual([]);
  });

  it('renders inline LaTeX readably in quotes', async () => {
    const answer = await shelf.ask('pruning up to 80% of the least important representation space directions', { k: 1 });
    expect(answer.items[0]!.paper.id).toBe('arxiv:2310.13040');
    expect(answer.items[0]!.quote).toContain('80%');
    expect(answer.items[0]!.quote).not.toContain('$');
  });

  it('can be restricted to one paper', async () => {
    const answer = await shelf.ask('How are the models evaluated?', { paperId: 'arxiv:2009.06415' });
    expect(answer.items.every((i) => i.paper.id === 'arxiv:2009.06415')).toBe(true);
    const none = await shelf.ask('sourdough bread recipe', { paperId: 'arxiv:2009.06415' });
    expect(none.abstained).toBe(true);
  });

  it('pages through results without repeating a paper', async () => {
    const q = 'learning algorithms for neural networks';
    const page1 = await shelf.ask(q, { k: 2 });
    const page2 = await shelf.ask(q, { k: 2, offset: 2 });
    expect(page1.items.map((i) => i.n)).toEqual([1, 2]);
    const ids1 = page1.items.map((i) => i.paper.id);
    for (const item of page2.items) expect(ids1).not.toContain(item.paper.id);
    if (page2.items.length > 0) expect(page2.items[0]!.n).toBe(3);
  });

  it('finds similar papers by meaning', () => {
    const similar = shelf.similar('arxiv:2207.04543', 3);
    expect(similar).toHaveLength(3);
    expect(similar.map((s) => s.paper.id)).not.toContain('arxiv:2207.04543');
    expect(similar[0]!.keySentence.length).toBeGreaterThan(10);
  });

  it('a snapshot reads one index: papers by id, counts, first-seen times, model, version, paper lookup', async () => {
    const index = await loadIndex(join(dir, 'index'));
    const view = shelf.snapshot();
    expect(shelf.snapshot()).toBe(view);
    expect(view.version).toBe(basename(index.dir));
    expect(view.paperCount).toBe(10);
    expect(view.papers.map((p) => p.id)).toEqual(index.papers.map((p) => p.id));
    expect(view.passageCount).toBe(first.passages);
    expect(view.modelId).toBe(index.manifest.model.id);
    expect(view.builtAt).toBe(index.manifest.builtAt);
    const id = 'arxiv:2309.16318';
    expect(view.paper(id)?.id).toBe(id);
    expect(view.paper('no:such')).toBeNull();
    expect(view.firstSeen(id)).toBe(index.manifest.firstSeen[id]);
    expect(view.firstSeen('no:such')).toBeUndefined();
    expect(view.findPapers(view.paper(id)!.title, 1).map((p) => p.id)).toEqual([id]);
    const summary = view.summary(id)!;
    expect(summary.paper.id).toBe(id);
    expect(summary.keySentence.length).toBeGreaterThan(10);
    expect(view.summary('no:such')).toBeNull();
    // Papers leave the answer layer ready to show: inline LaTeX already readable, for every platform.
    const latex = 'arxiv:2310.13040';
    expect(index.papers[index.paperIndexById.get(latex)!]!.abstract).toContain('$80 \\%$');
    expect(view.paper(latex)!.abstract).toContain('up to 80% of');
    expect(view.findPapers(latex, 1)[0]!.abstract).not.toContain('$');
    // A swap makes a new snapshot; one taken before keeps reading its own index.
    shelf.swap(index);
    expect(shelf.snapshot()).not.toBe(view);
    expect(view.paper(id)?.id).toBe(id);
  });

  it('a second build embeds nothing and keeps first-seen times', async () => {
    const before = (await loadIndex(join(dir, 'index'))).manifest.firstSeen;
    const second = await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    expect(second.embedded).toBe(0);
    expect(second.reused).toBe(first.embedded);
    expect(second.newPapers).toEqual([]);
    expect((await loadIndex(join(dir, 'index'))).manifest.firstSeen).toEqual(before);
  });

  it('a corrupted corpus line fails with its line number and leaves the index byte-for-byte unchanged', async () => {
    const corpus = join(dir, 'papers.jsonl');
    const original = await readFile(corpus, 'utf8');
    const before = await snapshot(join(dir, 'index'));
    await appendFile(
      corpus,
      '{"id":"x:1","title":"T","authors":"nobody","year":2024,"venue":null,"url":null,"code":null,"abstract":"A."}\n{not json\n',
    );
    try {
      const err = await buildIndex({ corpusPath: corpus, indexDir: join(dir, 'index'), embedder }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CorpusError);
      const message = (err as CorpusError).message;
      expect(message).toContain(`${corpus}:11: authors:`);
      expect(message).toContain(`${corpus}:12: invalid JSON`);
      expect(await snapshot(join(dir, 'index'))).toEqual(before);
    } finally {
      await writeFile(corpus, original);
    }
  });

  it('a build that throws midway leaves the previous index intact and serving', async () => {
    const before = await snapshot(join(dir, 'index'));
    const err = await buildIndex({
      corpusPath: join(dir, 'papers.jsonl'),
      indexDir: join(dir, 'index'),
      embedder,
      onPhase: (phase) => {
        if (phase === 'write') throw new Error('disk on fire');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('disk on fire');
    expect(await snapshot(join(dir, 'index'))).toEqual(before);
    const reloaded = new Librarian(await loadIndex(join(dir, 'index')), embedder);
    expect((await reloaded.ask(TOPICAL[1]![1])).items[0]!.paper.id).toBe('arxiv:2309.16318');
  });

  it('a new paper is embedded alone and recorded as first seen now', async () => {
    const work = await tempShelf();
    await cp(join(dir, 'index'), join(work, 'index'), { recursive: true });
    await appendFile(
      join(work, 'papers.jsonl'),
      `${JSON.stringify({ id: 'test:sourdough', title: 'Sourdough fermentation kinetics', authors: ['A. Baker'], year: 2026, venue: null, url: null, code: null, abstract: 'We measure how wild yeast and lactic acid bacteria leaven sourdough bread. Longer fermentation gives a more sour loaf.' })}\n`,
    );
    const now = new Date('2026-11-27T12:00:00Z');
    const s = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir: join(work, 'index'), embedder, now: () => now });
    expect(s.newPapers).toEqual(['test:sourdough']);
    expect(s.embedded).toBeGreaterThan(0);
    expect(s.embedded).toBeLessThanOrEqual(5);
    const index = await loadIndex(join(work, 'index'));
    expect(index.manifest.firstSeen['test:sourdough']).toBe(now.toISOString());
    const sh = new Librarian(index, embedder);
    expect((await sh.ask('How do yeast and lactic acid bacteria leaven sourdough bread?')).items[0]?.paper.id).toBe('test:sourdough');
    await rm(work, { recursive: true, force: true });
  });
});

describe('the index loader', () => {
  let dir: string;
  let embedder: Embedder;
  beforeAll(async () => {
    dir = await tempShelf();
    embedder = await fixtureEmbedder();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
  });

  async function versionDir(): Promise<string> {
    return join(dir, 'index', (await readFile(join(dir, 'index', 'CURRENT'), 'utf8')).trim());
  }

  it('with no index says to run npm run index', async () => {
    const err = await loadIndex(join(dir, 'nowhere')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/nowhere.*npm run index/);
  });

  it('a missing file names the folder and the fix', async () => {
    const work = await tempShelf();
    await cp(join(dir, 'index'), join(work, 'index'), { recursive: true });
    const v = (await readdir(join(work, 'index'))).find((n) => n.startsWith('v-'))!;
    await rm(join(work, 'index', v, 'lexical.json'));
    const err = await loadIndex(join(work, 'index')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toContain(join(work, 'index', v));
    expect((err as Error).message).toContain('lexical.json');
    expect((err as Error).message).toContain('npm run index');
  });

  it('a truncated HNSW file is refused with the fix', async () => {
    const work = await tempShelf();
    await cp(join(dir, 'index'), join(work, 'index'), { recursive: true });
    const v = (await readdir(join(work, 'index'))).find((n) => n.startsWith('v-'))!;
    await truncate(join(work, 'index', v, 'passages.hnsw'), 1000);
    const err = await loadIndex(join(work, 'index')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexError);
    expect((err as Error).message).toMatch(/passages\.hnsw is truncated.*npm run index/);
  });

  it('an index built with another model turns dense search off and says how to rebuild', async () => {
    const index = await loadIndex(join(dir, 'index'));
    const other = { modelId: 'Xenova/all-MiniLM-L6-v2', fingerprint: 'another-model', dimension: 384 };
    expect(modelMismatch(index.manifest, other)).toMatch(/built with model .*hashed-ngrams.*npm run index/);
    const shelf = new Librarian(index, { ...embedder, ...other, embed: embedder.embed.bind(embedder), pooling: 'mean' });
    expect(shelf.mode).toBe('lexical');
    expect(shelf.warning).toMatch(/npm run index/);
    expect((await shelf.ask('Which paper parallelizes the backward pass with cyclic reduction?')).items[0]!.paper.id).toBe(
      'arxiv:2309.16318',
    );
    expect(await versionDir()).toContain('v-');
  });
});
