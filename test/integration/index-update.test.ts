import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { buildIndex, type BuildSummary } from '../../src/index/build.js';
import { loadIndex, type LoadedIndex } from '../../src/index/load.js';
import { HNSW_DEFAULTS } from '../../src/index/format.js';
import { Librarian } from '../../src/answer/librarian.js';
import { tokenize } from '../../src/lexical/tokenize.js';
import { searchPapers, type SearchMode } from '../../src/search/search.js';
import type { Embedder } from '../../src/embed/types.js';
import type { Paper } from '../../src/corpus/types.js';
import { syntheticPaper, syntheticShelf, toJsonl } from '../../scripts/bench/corpus.js';
import { benchQueries } from '../../scripts/bench/queries.js';
import { fixtureEmbedder, snapshot } from '../support/shelf-fixture.js';
import { rewriteAsFormat2 } from '../support/old-format.js';

const SEED = 4242;
const PAPERS = 50;

/** Every passage of a paper changes (passages embed with the title), their number does not. */
const retitled = (p: Paper, k: number): Paper => ({ ...p, title: `${p.title} (revised ${k})` });
/** A new abstract: other passages, usually another number of them. */
const rewritten = (p: Paper, k: number): Paper => ({ ...p, abstract: syntheticPaper(SEED, 90_000 + k).abstract });

/** Why the build made its graph from scratch; 'updated in place' when it did not. */
const rebuiltBecause = (s: BuildSummary): string => (s.graph.mode === 'rebuilt' ? s.graph.reason : 'updated in place');

async function graphFile(indexDir: string): Promise<string> {
  return join(indexDir, (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim(), 'passages.hnsw');
}

describe('updating the passage graph in place', () => {
  let embedder: Embedder;
  let dir: string;
  let corpusPath: string;
  let indexDir: string;
  let papers: Paper[];

  const build = (extra: Partial<Parameters<typeof buildIndex>[0]> = {}): Promise<BuildSummary> =>
    buildIndex({ corpusPath, indexDir, embedder, ...extra });
  const setShelf = async (next: Paper[]): Promise<void> => {
    papers = next;
    await writeFile(corpusPath, toJsonl(papers));
  };

  /** Top-5 paper ids per query and mode, through the bot's search (no abstention, so every query ranks). */
  async function rankings(index: LoadedIndex, queries: readonly string[]): Promise<string[][]> {
    const profile = new Librarian(index, embedder).relevance;
    const vectors = await embedder.embed([...queries], 'query');
    const out: string[][] = [];
    queries.forEach((q, i) => {
      for (const mode of ['dense', 'hybrid'] as SearchMode[]) {
        const { hits } = searchPapers(
          index,
          { tokens: tokenize(q), vector: vectors[i] ?? null },
          { mode, limit: 5, profile, abstain: 'off' },
        );
        out.push(hits.map((h) => index.papers[h.paper]!.id));
      }
    });
    return out;
  }

  /** The same corpus built from scratch in a folder of its own. */
  async function fromScratch(): Promise<LoadedIndex> {
    const fresh = await mkdtemp(join(tmpdir(), 'papershelf-fresh-'));
    await buildIndex({ corpusPath, indexDir: join(fresh, 'index'), embedder });
    const index = await loadIndex(join(fresh, 'index'));
    await rm(fresh, { recursive: true, force: true });
    return index;
  }

  beforeAll(async () => {
    embedder = await fixtureEmbedder();
    dir = await mkdtemp(join(tmpdir(), 'papershelf-update-'));
    corpusPath = join(dir, 'papers.jsonl');
    indexDir = join(dir, 'index');
    await setShelf(syntheticShelf(PAPERS, SEED));
    const first = await build();
    expect(first.graph.mode).toBe('rebuilt');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('edit, remove and add cycles give the same top-5 papers as a build from scratch', async () => {
    let next = PAPERS;
    for (let cycle = 0; cycle < 3; cycle++) {
      const edited = papers.map((p, i) => (i % 10 === cycle ? retitled(p, cycle) : i % 10 === cycle + 5 ? rewritten(p, next + i) : p));
      const removed = new Set([edited[3 + cycle]!.id, edited[20 + cycle]!.id]);
      const added = syntheticShelf(3, SEED, (next += 3) - 3);
      await setShelf([...edited.filter((p) => !removed.has(p.id)), ...added]);
      const s = await build();
      expect(s.graph).toMatchObject({ mode: 'updated' });
      if (s.graph.mode === 'updated') {
        expect(s.graph.removed).toBeGreaterThan(0);
        expect(s.graph.inserted).toBeGreaterThan(0);
        expect(s.graph.kept).toBeGreaterThan(s.passages / 2);
      }
      const queries = [...benchQueries(papers, 16, SEED + cycle), ...added.map((p) => p.title), papers[cycle]!.title];
      const updated = await loadIndex(indexDir);
      expect(updated.papers.map((p) => p.id)).toEqual(papers.map((p) => p.id));
      expect(await rankings(updated, queries)).toEqual(await rankings(await fromScratch(), queries));
    }
  });

  it('removed papers never come back from dense search', async () => {
    const before = await loadIndex(indexDir);
    // Few enough that the deleted slots stay under the share that forces a rebuild.
    const gone = [papers[2]!, papers[17]!, papers[33]!];
    // Their passages exactly as the graph holds them: a query vector at distance 0 from each.
    const goneVectors = gone.flatMap((p) => {
      const at = before.paperIndexById.get(p.id)!;
      const passages = [];
      for (let k = before.docstore.paperPassageFrom[at]!; k < before.docstore.paperPassageFrom[at + 1]!; k++)
        passages.push(before.passageVector(k));
      return passages;
    });
    await setShelf(papers.filter((p) => !gone.some((g) => g.id === p.id)));
    const s = await build();
    expect(s.graph).toMatchObject({ mode: 'updated', inserted: 0 });
    const after = await loadIndex(indexDir);
    for (const vector of goneVectors) {
      const { neighbors, distances } = after.searchPassages(vector, 20);
      expect(neighbors).toHaveLength(20);
      expect(new Set(neighbors).size).toBe(20);
      for (const n of neighbors) expect(n).toBeGreaterThanOrEqual(0);
      for (const n of neighbors) expect(n).toBeLessThan(after.manifest.counts.passages);
      expect(Math.min(...distances)).toBeGreaterThan(1e-4);
    }
    // Refilled by the next paper: deleted slots are taken before the graph grows.
    if (s.graph.mode !== 'updated') throw new Error('expected an update in place');
    const { slots, tombstones } = s.graph;
    await setShelf([...papers, syntheticPaper(SEED, 500)]);
    const refill = await build();
    const inserted = refill.passages - s.passages;
    expect(inserted).toBeLessThanOrEqual(tombstones);
    expect(refill.graph).toMatchObject({ mode: 'updated', inserted, slots, tombstones: tombstones - inserted });
  });

  it('repeated edits reuse the deleted slots: the graph file does not grow', async () => {
    await build();
    const size = (await stat(await graphFile(indexDir))).size;
    let first: { slots: number; tombstones: number } | null = null;
    for (let k = 0; k < 6; k++) {
      await setShelf(papers.map((p, i) => (i < 4 ? retitled(p, 100 + k) : p)));
      const s = await build();
      if (s.graph.mode !== 'updated') throw new Error(`expected an update in place, got ${JSON.stringify(s.graph)}`);
      expect(s.graph.inserted).toBe(s.graph.removed);
      first ??= { slots: s.graph.slots, tombstones: s.graph.tombstones };
      expect(s.graph).toMatchObject(first);
      expect((await stat(await graphFile(indexDir))).size).toBe(size);
    }
  });

  let fresh = 800;
  it.each(['hnsw', 'lexical', 'write', 'publish'] as const)(
    'an update interrupted in the %s phase leaves the live index untouched',
    async (at) => {
      await build();
      const before = await snapshot(indexDir);
      const ids = papers.map((p) => p.id);
      await setShelf([...papers.slice(2).map((p, i) => (i < 3 ? rewritten(p, fresh + i) : p)), ...syntheticShelf(2, SEED, (fresh += 10))]);
      const err = await build({
        onPhase: (phase) => {
          if (phase === at) throw new Error('power cut');
        },
      }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('power cut');
      expect(await snapshot(indexDir)).toEqual(before);
      expect((await loadIndex(indexDir)).papers.map((p) => p.id)).toEqual(ids);
      // And the next build, uninterrupted, updates that same live graph.
      expect((await build()).graph.mode).toBe('updated');
    },
  );

  it('rebuilds the graph for new HNSW parameters, for a change of most passages, and for too many deleted slots', async () => {
    await build();
    expect(rebuiltBecause(await build({ hnsw: { M: 8 } }))).toMatch(/HNSW parameters changed \(M 16→8/);
    expect(rebuiltBecause(await build())).toMatch(/parameters changed \(M 8→16/);

    await setShelf(papers.map((p, i) => (i % 3 === 0 ? p : retitled(p, 900))));
    expect(rebuiltBecause(await build())).toMatch(/passages changed or were removed/);

    await setShelf(papers.filter((_, i) => i % 5 !== 0));
    expect(rebuiltBecause(await build())).toMatch(/graph slots would be left deleted/);
    const s = await build();
    expect(s.graph).toMatchObject({ mode: 'updated', inserted: 0, removed: 0 });
  });

  it('a new efSearch (an upgrade from 200 to the default) embeds nothing, keeps the graph and is what the load searches with', async () => {
    await build({ hnsw: { efSearch: 200 } });
    expect((await loadIndex(indexDir)).manifest.params.hnsw.efSearch).toBe(200);
    const s = await build();
    expect(s.embedded).toBe(0);
    expect(s.graph).toMatchObject({ mode: 'updated', inserted: 0, removed: 0 });
    expect((await loadIndex(indexDir)).manifest.params.hnsw.efSearch).toBe(HNSW_DEFAULTS.efSearch);
    expect(HNSW_DEFAULTS.efSearch).toBeGreaterThan(200);
  });

  it('rebuilds a graph that cannot be read even though its checksum matches', async () => {
    await build();
    const version = join(indexDir, (await readFile(join(indexDir, 'CURRENT'), 'utf8')).trim());
    const bytes = (await readFile(join(version, 'passages.hnsw'))).subarray(0, 4000);
    await writeFile(join(version, 'passages.hnsw'), bytes);
    const manifest = JSON.parse(await readFile(join(version, 'manifest.json'), 'utf8')) as {
      files: Record<string, { bytes: number; sha256: string }>;
    };
    manifest.files['passages.hnsw'] = { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
    await writeFile(join(version, 'manifest.json'), JSON.stringify(manifest));
    const s = await build();
    expect(rebuiltBecause(s)).toMatch(/cannot be read/);
    // The graph is the only copy of the passage vectors (format 3): they are embedded again, the rest reused.
    expect(s.embedded).toBe(s.passages);
  });

  it('a label file that gives two passages one label is refused at load, even with a matching checksum', async () => {
    await build();
    const work = await mkdtemp(join(tmpdir(), 'papershelf-labels-'));
    try {
      await cp(indexDir, work, { recursive: true });
      const version = join(work, (await readFile(join(work, 'CURRENT'), 'utf8')).trim());
      const bytes = await readFile(join(version, 'passage-labels.bin'));
      bytes.copy(bytes, 4, 0, 4);
      await writeFile(join(version, 'passage-labels.bin'), bytes);
      const manifest = JSON.parse(await readFile(join(version, 'manifest.json'), 'utf8')) as {
        files: Record<string, { bytes: number; sha256: string }>;
      };
      manifest.files['passage-labels.bin'] = { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
      await writeFile(join(version, 'manifest.json'), JSON.stringify(manifest));
      await expect(loadIndex(work)).rejects.toThrow(
        /passage-labels\.bin cannot be read \(not what papershelf writes\): run `npm run index`/,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('an index of format 2 (no label file) is refused at load; its update embeds nothing and keeps its graph', async () => {
    await build({ hnsw: { M: 12 } });
    await build();
    const work = await mkdtemp(join(tmpdir(), 'papershelf-format2-'));
    try {
      await cp(dir, work, { recursive: true });
      const version = join(work, 'index', (await readFile(join(work, 'index', 'CURRENT'), 'utf8')).trim());
      // Format 2 also stored every vector as float32 in vectors.bin.
      await rewriteAsFormat2(version, embedder);
      const manifest = JSON.parse(await readFile(join(version, 'manifest.json'), 'utf8')) as {
        formatVersion: number;
        files: Record<string, unknown>;
      };
      manifest.formatVersion = 2;
      delete manifest.files['passage-labels.bin'];
      await writeFile(join(version, 'manifest.json'), JSON.stringify(manifest));
      await rm(join(version, 'passage-labels.bin'));
      await expect(loadIndex(join(work, 'index'))).rejects.toThrow(/built by another papershelf version .*formatVersion.*npm run index/);
      const s = await buildIndex({ corpusPath: join(work, 'papers.jsonl'), indexDir: join(work, 'index'), embedder });
      expect(s.embedded).toBe(0);
      expect(s.newPapers).toEqual([]);
      expect(s.graph).toMatchObject({ mode: 'updated', inserted: 0, removed: 0 });
      expect((await loadIndex(join(work, 'index'))).manifest.formatVersion).toBe(3);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
