import { loadConfig } from '../config.js';
import { openEmbedder } from './open-embedder.js';
import { buildWithProgress } from './build-with-progress.js';
import { runCli } from './run.js';

/** `npm run index`: builds INDEX_DIR from CORPUS_PATH, reusing unchanged vectors. */
runCli(async () => {
  const config = loadConfig();
  const embedder = await openEmbedder(config);
  process.stdout.write(`${await buildWithProgress(config, embedder)}\n`);
});
