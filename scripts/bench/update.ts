import { readFile, writeFile } from 'node:fs/promises';
import type { Embedder } from '../../src/embed/types.js';
import type { Paper } from '../../src/corpus/types.js';
import { buildIndex, type BuildPhase, type BuildSummary } from '../../src/index/build.js';
import type { GraphBuild } from '../../src/index/hnsw.js';
import { syntheticPaper, syntheticShelf, toJsonl } from './corpus.js';
import { SET_SIZE, type Check, type TargetSet } from './report.js';

/**
 * Updates of a built shelf, timed phase by phase: a batch of edited papers (arXiv's new versions),
 * and at the largest size a day of a followed category (new, changed and removed papers). Each is
 * one in-process build with the model already loaded, as `npm run fetch` runs it after fetching.
 */
export interface UpdateReport {
  name: string;
  /** Papers on the shelf before the update. */
  papers: number;
  edited: number;
  added: number;
  removed: number;
  seconds: number;
  /**
   * CPU time of the process during the build (user + system, all threads): on a shared machine
   * the wall time includes waiting for a core, and this shows how much of it was work.
   */
  cpuSeconds: number;
  /** CPU seconds per phase of the build, as its onPhase hook marks them (load includes reading the live index). */
  cpuPhases: Partial<Record<BuildPhase, number>>;
  embedded: number;
  phases: BuildSummary['phases'];
  graph: GraphBuild;
  check: Check;
}

/** The issues' targets: 100 edits of a 20,000-paper shelf; a day's update of a 100,000-paper shelf. */
export const UPDATE_TARGETS = { editSeconds: 15, dailySeconds: 60 } as const;
export const EDITS = 100;
export const DAILY = { added: 1_000, changed: 200, removed: 20 } as const;

export interface UpdateContext {
  corpusPath: string;
  indexDir: string;
  embedder: Embedder;
  seed: number;
  /** Also time a day's update (run at the largest size only: it needs a shelf to match). */
  daily: boolean;
  log: (line: string) => void;
}

export async function benchUpdates(ctx: UpdateContext): Promise<UpdateReport[]> {
  const out: UpdateReport[] = [];
  let papers = await readShelf(ctx.corpusPath);
  // Paper numbers the synthetic shelf never reaches, so new papers and new abstracts are new
  // texts; offset by the shelf's versions, which every run raises, so a second run on a kept
  // shelf (--keep) does not add the first run's papers again.
  let fresh = 10_000_000 + papers.reduce((sum, p) => sum + (p.version ?? 1), 0) * 1_000;
  const revise = (p: Paper): Paper => ({ ...p, abstract: syntheticPaper(ctx.seed, fresh++).abstract, version: (p.version ?? 1) + 1 });

  ctx.log(`[${papers.length}] update: ${EDITS} papers edited (new versions)`);
  const editAt = spread(papers.length, EDITS, 0);
  papers = papers.map((p, i) => (editAt.has(i) ? revise(p) : p));
  out.push(await timeUpdate(ctx, papers, `${EDITS} papers edited`, { edited: EDITS, added: 0, removed: 0 }, UPDATE_TARGETS.editSeconds));

  if (ctx.daily) {
    ctx.log(`[${papers.length}] update: a day of arXiv, ${DAILY.added} new, ${DAILY.changed} changed, ${DAILY.removed} removed`);
    const changeAt = spread(papers.length, DAILY.changed, 1);
    const removeAt = spread(papers.length, DAILY.removed, 2);
    const added = syntheticShelf(DAILY.added, ctx.seed, fresh).map((p, k) => ({ ...p, id: `bench:new-${fresh + k}` }));
    fresh += DAILY.added;
    papers = [...papers.filter((_, i) => !removeAt.has(i)).map((p, i) => (changeAt.has(i) ? revise(p) : p)), ...added];
    const counts = { edited: DAILY.changed, added: DAILY.added, removed: DAILY.removed };
    out.push(await timeUpdate(ctx, papers, 'a day of arXiv', counts, UPDATE_TARGETS.dailySeconds));
  }
  return out;
}

async function timeUpdate(
  ctx: UpdateContext,
  papers: Paper[],
  name: string,
  counts: { edited: number; added: number; removed: number },
  limit: number,
): Promise<UpdateReport> {
  const before = (await readShelf(ctx.corpusPath)).length;
  await writeFile(ctx.corpusPath, toJsonl(papers));
  const cpuNow = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const cpuPhases: Partial<Record<BuildPhase, number>> = {};
  const start = cpuNow();
  let current: { phase: BuildPhase; at: number } | null = null;
  const close = (): void => {
    if (current) cpuPhases[current.phase] = cpuNow() - current.at;
  };
  const s = await buildIndex({
    corpusPath: ctx.corpusPath,
    indexDir: ctx.indexDir,
    embedder: ctx.embedder,
    onPhase: (phase) => {
      close();
      current = { phase, at: cpuNow() };
    },
  });
  close();
  const cpuSeconds = cpuNow() - start;
  // 100 edits is the arXiv issue's target, set at 20,000 papers; a day of arXiv is the scale issue's, at 100,000.
  const set: TargetSet = limit === UPDATE_TARGETS.dailySeconds ? '100k' : '20k';
  const check: Check = {
    name: `update: ${name}`,
    set,
    // As in checksFor: the 20k targets bind up to 20,000 papers, the 100k ones from 100,000.
    binding: set === '20k' ? before <= SET_SIZE['20k'] : before >= SET_SIZE['100k'],
    value: s.seconds,
    limit,
    kind: 'max',
    unit: 's',
    pass: s.seconds <= limit,
  };
  return {
    name,
    papers: before,
    ...counts,
    seconds: s.seconds,
    cpuSeconds,
    cpuPhases,
    embedded: s.embedded,
    phases: s.phases,
    graph: s.graph,
    check,
  };
}

/** `count` distinct positions spread evenly over `n`, shifted by `offset` so two spreads rarely meet. */
function spread(n: number, count: number, offset: number): Set<number> {
  const at = new Set<number>();
  for (let k = 0; k < Math.min(count, n); k++) at.add((Math.floor((k * n) / count) + offset) % n);
  return at;
}

async function readShelf(path: string): Promise<Paper[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Paper);
}

const f = (n: number): string => n.toFixed(1);

/** The update lines of a size's table. */
export function formatUpdates(updates: readonly UpdateReport[]): string[] {
  return updates.flatMap((u) => {
    const g = u.graph;
    const graph =
      g.mode === 'updated' ? `graph updated in place (${g.inserted} passages in, ${g.removed} out)` : `graph rebuilt: ${g.reason}`;
    const p = u.phases;
    const c = u.check;
    return [
      `  ${`update: ${u.name} (of ${u.papers.toLocaleString('en-US')})`.padEnd(46)}${`${f(u.seconds)} s`.padStart(8)}   ≤ ${c.limit} s ${c.pass ? 'PASS' : 'FAIL'}   ` +
        `CPU ${f(u.cpuSeconds)} s; embedded ${u.embedded.toLocaleString('en-US')}; ${graph}`,
      `      corpus load+plan ${f(p.load)} · live index read ${f(p.previous)} · embed ${f(p.embed)} · hnsw ${f(p.hnsw)} · ` +
        `lexical ${f(p.lexical)} · write+checksums ${f(p.write)} · publish ${f(p.publish)} s`,
      `      CPU: ${(['load', 'embed', 'hnsw', 'lexical', 'write', 'publish'] as const).map((k) => `${k} ${f(u.cpuPhases[k] ?? 0)}`).join(' · ')} s`,
    ];
  });
}
