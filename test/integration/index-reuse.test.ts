import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, type BuildOptions, type BuildSummary } from '../../src/index/build.js';
import type { Embedder } from '../../src/embed/types.js';
import type { Paper } from '../../src/corpus/types.js';
import { syntheticPaper, syntheticShelf, toJsonl } from '../../scripts/bench/corpus.js';
import { fixtureEmbedder } from '../support/shelf-fixture.js';
import { LexicalIndex, paperFields } from '../../src/index/lexical.js';
import { createHash } from 'node:crypto';

const SEED = 777;
const PAPERS = 40;

/** An update reuses what it can of the live index; what it writes must not show it. */
describe('an update reusing the live index’s layout', () => {
  let embedder: Embedder;
  let dir: string;
  let corpusPath: string;
  let indexDir: string;
  let papers: Paper[];

  const build = (extra: Partial<BuildOptions> = {}): Promise<BuildSummary> => buildIndex({ corpusPath, indexDir, embedder, ...extra });
  const setShelf = async (next: Paper[]): Promise<void> => {
    papers = next;
    await writeFile(corpusPath, toJsonl(papers));
  };
  const liveDir = async (index: string): Promise<string> => join(index, (await readFile(join(index, 'CURRENT'), 'utf8')).trim());
  /** The live index's docstore and lexical index, parsed. */
  async function written(index: string): Promise<{ docstore: unknown; lexical: unknown }> {
    const at = await liveDir(index);
    return {
      docstore: JSON.parse(await readFile(join(at, 'docstore.json'), 'utf8')) as unknown,
      lexical: JSON.parse(await readFile(join(at, 'lexical.json'), 'utf8')) as unknown,
    };
  }
  /** The same corpus built from scratch in a folder of its own. */
  async function fromScratch(extra: Partial<BuildOptions> = {}): Promise<{ docstore: unknown; lexical: unknown }> {
    const fresh = await mkdtemp(join(tmpdir(), 'papershelf-fresh-'));
    try {
      await buildIndex({ corpusPath, indexDir: join(fresh, 'index'), embedder, ...extra });
      return await written(join(fresh, 'index'));
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    embedder = await fixtureEmbedder();
    dir = await mkdtemp(join(tmpdir(), 'papershelf-reuse-'));
    corpusPath = join(dir, 'papers.jsonl');
    indexDir = join(dir, 'index');
    await setShelf(syntheticShelf(PAPERS, SEED));
    expect((await build()).planned).toBe(PAPERS);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lays out only new and changed papers, and writes what a build from scratch writes', async () => {
    let next = 5_000;
    for (let cycle = 0; cycle < 3; cycle++) {
      // Titles, abstracts and authors change (authors feed only the lexical index), papers go, come and move.
      const edited = papers.map((p, i) =>
        i % 10 === cycle
          ? { ...p, title: `${p.title} $\\mathcal{O}(n^${cycle})$` }
          : i % 10 === cycle + 4
            ? { ...p, abstract: syntheticPaper(SEED, next + i).abstract }
            : i % 10 === cycle + 7
              ? { ...p, authors: [...p.authors, `Extra Author${cycle}`] }
              : p,
      );
      const kept = edited.filter((_, i) => i !== 2 + cycle && i !== 30 + cycle);
      const added = syntheticShelf(3, SEED, (next += 100)).map((p, k) => ({ ...p, id: `new:${next}-${k}` }));
      const before = new Map(papers.map((p) => [p.id, p]));
      await setShelf([kept[kept.length - 1]!, ...kept.slice(0, -1), ...added]);
      const fresh = papers.filter((p) => before.get(p.id)?.title !== p.title || before.get(p.id)?.abstract !== p.abstract);
      expect(fresh.length).toBeGreaterThan(added.length);
      expect((await build()).planned).toBe(fresh.length);
      expect(await written(indexDir)).toEqual(await fromScratch());
    }
  });

  it('lays every paper out again for other passage parameters, another model, or an index that does not name its planner', async () => {
    await build();
    const passage = { size: 3, stride: 2 };
    expect((await build({ passage })).planned).toBe(papers.length);
    expect(await written(indexDir)).toEqual(await fromScratch({ passage }));
    expect((await build({ passage })).planned).toBe(0);
    expect((await build()).planned).toBe(papers.length);

    const other: Embedder = {
      modelId: embedder.modelId,
      fingerprint: `${embedder.fingerprint}-other`,
      dimension: embedder.dimension,
      pooling: embedder.pooling,
      relevance: embedder.relevance,
      embed: (texts, kind) => embedder.embed(texts, kind),
    };
    const s = await build({ embedder: other });
    expect(s).toMatchObject({ planned: papers.length, reused: 0 });
    expect(await written(indexDir)).toEqual(await fromScratch({ embedder: other }));

    await build();
    const manifestPath = join(await liveDir(indexDir), 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { params: { plan?: string } };
    delete manifest.params.plan;
    await writeFile(manifestPath, JSON.stringify(manifest));
    expect((await build()).planned).toBe(papers.length);
  });

  it('tokenizes every paper again when the live lexical index was made with another tokenizer', async () => {
    await build();
    const at = await liveDir(indexDir);
    const words = (text: string): string[] => text.toLowerCase().split(/\s+/).filter(Boolean);
    const old = JSON.stringify(LexicalIndex.build(papers.map(paperFields), { tokenizer: words, tokenizerId: 'v0:words' }).toJSON());
    await writeFile(join(at, 'lexical.json'), old);
    const manifestPath = join(at, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, { bytes: number; sha256: string }> };
    manifest.files['lexical.json'] = { bytes: Buffer.byteLength(old), sha256: createHash('sha256').update(old).digest('hex') };
    await writeFile(manifestPath, JSON.stringify(manifest));
    await setShelf([...papers.slice(1), ...syntheticShelf(1, SEED, 9_000).map((p) => ({ ...p, id: 'new:last' }))]);
    const s = await build();
    expect(s.planned).toBe(1);
    expect(await written(indexDir)).toEqual(await fromScratch());
  });
});
