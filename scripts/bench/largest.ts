import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../../src/embed/types.js';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex } from '../../src/index/load.js';
import { Librarian } from '../../src/answer/librarian.js';
import { MAX_ABSTRACT_CHARS } from '../../src/corpus/schema.js';
import { percentile } from './stats.js';

export interface LargestPapersReport {
  papers: number;
  sentencesPerPaper: number;
  questions: number;
  /** Time of one question (search and quotes; the embedding is the only await), ms. */
  p50Ms: number;
  maxMs: number;
}

/**
 * The worst case for one question's work: every paper at the corpus limit (MAX_ABSTRACT_CHARS),
 * made of short sentences (~400 per paper), all about the question, so the five quoted papers
 * are all of maximum size. The search itself at 20,000 papers is measured per size above.
 */
export async function measureLargestPapers(
  workDir: string,
  embedder: Embedder,
  paperCount: number,
  questions: number,
): Promise<LargestPapersReport> {
  const dir = join(workDir, 'largest-papers');
  await mkdir(dir, { recursive: true });
  const topics = ['active learning', 'fairness', 'label noise', 'sampling bias', 'uncertainty'];
  const lines: string[] = [];
  for (let p = 0; p < paperCount; p++) {
    const sentences: string[] = [];
    for (let i = 0; sentences.join(' ').length < MAX_ABSTRACT_CHARS - 100; i++)
      sentences.push(`We study ${topics[(i + p) % topics.length]} in step ${i}.`);
    lines.push(
      JSON.stringify({
        id: `large:${p}`,
        title: `Fair active learning ${p}`,
        authors: ['A. Author'],
        year: 2024,
        venue: null,
        url: null,
        code: null,
        abstract: sentences.join(' '),
      }),
    );
  }
  await writeFile(join(dir, 'papers.jsonl'), `${lines.join('\n')}\n`);
  await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
  const index = await loadIndex(join(dir, 'index'));
  const shelf = new Librarian(index, embedder);
  const ds = index.docstore;
  // Three first questions warm the JIT up, as any bot's first questions do; they are not counted.
  for (let q = 0; q < 3; q++) await shelf.ask(`Does ${topics[q % topics.length]} help?`, { k: 5 });
  const times: number[] = [];
  for (let q = 0; q < questions; q++) {
    const t = performance.now();
    await shelf.ask(`Does ${topics[q % topics.length]} make models fairer?`, { k: 5, offset: (q % 3) * 5 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    papers: paperCount,
    sentencesPerPaper: Math.round(ds.sentencePaper.length / paperCount),
    questions,
    p50Ms: percentile(times, 50),
    maxMs: times.at(-1) ?? 0,
  };
}
