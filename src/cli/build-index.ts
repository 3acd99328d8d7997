import { loadConfig } from '../config.js';
import { openEmbedder } from './open-embedder.js';
import { buildWithProgress } from './build-with-progress.js';
import { parseCommandLine } from './args.js';
import { runCli } from './run.js';

const COMMAND = {
  usage: 'usage: npm run index',
  help: `Builds the index INDEX_DIR (default index/) from the shelf CORPUS_PATH (default corpus/papers.jsonl)
with the model EMBED_MODEL. Incremental: unchanged passages are not embedded again. Atomic: a failed
build leaves the previous index serving; a running bot picks the new one up without a restart.
Exit 0 when built, 1 when the shelf, the model or the index folder needs fixing (the message says how).`,
  options: {},
} as const;

/** `npm run index`: builds INDEX_DIR from CORPUS_PATH, reusing unchanged vectors. */
runCli(async () => {
  parseCommandLine(COMMAND, process.argv.slice(2));
  const config = loadConfig();
  const embedder = await openEmbedder(config);
  process.stdout.write(`${await buildWithProgress(config, embedder)}\n`);
});
