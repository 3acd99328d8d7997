import type { Config } from '../config.js';
import { buildIndex } from '../index/build.js';
import type { Embedder } from '../embed/types.js';
import { progressReporter } from './progress.js';

/** Builds the index with a progress display and returns the one-line summary. */
export async function buildWithProgress(config: Config, embedder: Embedder): Promise<string> {
  const progress = progressReporter();
  try {
    const s = await buildIndex({
      corpusPath: config.CORPUS_PATH,
      indexDir: config.INDEX_DIR,
      embedder,
      onProgress: progress.update,
    });
    const embedded = s.embedded === 0 ? 'embedded nothing (all vectors reused)' : `embedded ${s.embedded}`;
    const g = s.graph;
    const graph =
      g.mode === 'updated'
        ? `graph updated in place (${g.inserted} passages in, ${g.removed} out)`
        : `graph built from scratch (${g.reason})`;
    return `Indexed ${s.papers} papers, ${s.passages} passages: ${embedded}, reused ${s.reused}, in ${s.seconds.toFixed(1)} s (${config.INDEX_DIR}/${s.version}); ${graph}`;
  } finally {
    progress.done();
  }
}
