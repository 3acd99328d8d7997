/**
 * Retrieval quality and latency on Cranfield and CISI through the bot's own search code:
 * documents become papers, buildIndex embeds their passages with the offline fixture model, and
 * every judged query runs through searchPapers in lexical, dense and hybrid mode.
 *
 *   npm run eval                      the results table (plus build times)
 *   npm run eval -- --json            exactly one JSON object with everything measured
 *   npm run eval -- --fusion          also compare fusion rules (the choice behind DEFAULT_FUSION)
 *   npm run eval -- --lexical-steps   the lexical ablation behind the tokenizer and BM25 defaults
 *   npm run eval -- --model <folder or cached hub id>   evaluate another embedding model (offline)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder } from '../src/embed/embedder.js';
import { loadCisi, loadCranfield, EVAL_DIR } from './eval/collections.js';
import { runLexicalSteps } from './eval/lexical-steps.js';
import { buildTable, fusionTable, resultsTable } from './eval/report.js';
import { runEval } from './eval/run.js';
import { COLLECTIONS_SOURCE, describeMissing, missingCollectionFiles } from './eval/availability.js';
import { AppError } from '../src/errors.js';
import { parseCommandLine } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE_MODEL = 'test/fixtures/models/hashed-ngrams';

const COMMAND = {
  usage: 'usage: npm run eval -- [--json] [--fusion] [--lexical-steps] [--model <folder or hub id>]',
  help: `Retrieval quality and latency on the Cranfield and CISI test collections, through the bot's own
index and search code, with the offline fixture model unless --model says otherwise.
Needs the collections in ../shared/eval (not in the repo). ${COLLECTIONS_SOURCE}

  --json            exactly one JSON object with everything measured
  --fusion          also compare fusion rules (the choice behind the default)
  --lexical-steps   replay how the lexical defaults were chosen
  --model ID        a model folder or a hub id already cached (never downloads)`,
  options: {
    json: { type: 'boolean', default: false },
    fusion: { type: 'boolean', default: false },
    'lexical-steps': { type: 'boolean', default: false },
    model: { type: 'string' },
  },
} as const;

/** The collections are not in the repo: without them, one line saying what is missing and where it comes from. */
class CollectionsMissing extends AppError {}

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
  const missing = missingCollectionFiles();
  if (missing.length > 0) {
    throw new CollectionsMissing(`npm run eval: ${describeMissing(missing)}.`, { code: 'collections', hint: COLLECTIONS_SOURCE });
  }
  const json = values.json;
  const collections = [loadCranfield(), loadCisi()] as const;
  if (values['lexical-steps']) {
    runLexicalSteps(collections);
    return;
  }
  const model = values.model ?? FIXTURE_MODEL;
  // A folder (relative to the repo) or a hub id already in the transformers.js cache: never the network.
  const local = path.resolve(REPO, model);
  const embedder = await createEmbedder({ model: existsSync(local) ? local : model, allowRemoteModels: false });
  const result = await runEval({
    collections,
    embedder,
    modelName: model,
    fusion: values.fusion,
    // Progress goes to stderr so `--json` output stays one parseable object.
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const { rule, weights } = result.fusion;
  console.log(`Model ${result.model.id} (${result.model.dimension} dims); collections from ${path.relative(REPO, EVAL_DIR) || EVAL_DIR}.`);
  console.log(`Indexed: ${result.protocol.fields}. Gains: ${result.protocol.gains}. Ranking by paper, limit ${result.protocol.limit}, no abstention.`);
  console.log(`Hybrid fusion: ${JSON.stringify(rule)}, weights ${JSON.stringify(weights)}.\n`);
  console.log(resultsTable(result));
  console.log(`\n${buildTable(result)}`);
  if (result.fusionComparison) console.log(`\nFusion rules (hybrid mode; target: ≥ lexical on all six numbers)\n\n${fusionTable(result)}`);
  console.log(`\nTotal ${result.seconds.toFixed(1)} s.`);
}

runCli(main);
