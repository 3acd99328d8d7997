/**
 * Retrieval quality, out of sample, on Cranfield and CISI through the bot's own search code:
 * documents become papers, buildIndex embeds their passages with the offline fixture model, and
 * every judged query runs through searchPapers. Every setting is reported leave-one-collection-out:
 * chosen on one collection, scored on the other.
 *
 *   npm run eval                      the tables (lexical steps, fusion, results, abstention)
 *   npm run eval -- --json            exactly one JSON object with everything measured
 *   npm run eval -- --model <folder or cached hub id>   evaluate another embedding model (offline)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbedder } from '../src/embed/embedder.js';
import { loadCisi, loadCranfield, EVAL_DIR } from '../src/calibrate/collections.js';
import { productionIsPlain } from './eval/lexical-steps.js';
import { abstentionTable, buildTable, fusionTable, lexicalTable, resultsTable } from './eval/report.js';
import { runEval } from './eval/run.js';
import { DEFAULT_MIN_TOPICAL_SHARE } from '../src/search/abstain.js';
import { describeFusion } from '../src/calibrate/fusion.js';
import { COLLECTIONS_SOURCE, describeMissing, missingCollectionFiles } from '../src/calibrate/availability.js';
import { AppError } from '../src/errors.js';
import { parseCommandLine } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE_MODEL = 'test/fixtures/models/hashed-ngrams';

const COMMAND = {
  usage: 'usage: npm run eval -- [--json] [--model <folder or hub id>]',
  help: `Retrieval quality, abstention and latency on the Cranfield and CISI test collections, through
the bot's own index and search code, with the offline fixture model unless --model says otherwise.
Every setting (lexical steps, fusion profile, abstention thresholds) is chosen on one collection
and scored on the other. Needs the collections in ../shared/eval (not in the repo). ${COLLECTIONS_SOURCE}

  --json            exactly one JSON object with everything measured
  --model ID        a model folder or a hub id already cached (never downloads)`,
  options: {
    json: { type: 'boolean', default: false },
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
  const model = values.model ?? FIXTURE_MODEL;
  // A folder (relative to the repo) or a hub id already in the transformers.js cache: never the network.
  const local = path.resolve(REPO, model);
  const embedder = await createEmbedder({ model: existsSync(local) ? local : model, allowRemoteModels: false });
  const result = await runEval({
    collections,
    embedder,
    modelName: model,
    // Progress goes to stderr so `--json` output stays one parseable object.
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const d = result.model.defaults;
  console.log(`Model ${result.model.id} (${result.model.dimension} dims); collections from ${path.relative(REPO, EVAL_DIR) || EVAL_DIR}.`);
  console.log(`Model defaults (${d.source}): ${describeFusion(d.fusion)}; dense floor ${d.minDense ?? 'none'}.`);
  console.log(`Indexed: ${result.protocol.fields}. Gains: ${result.protocol.gains}. Out of sample: ${result.protocol.outOfSample}.\n`);
  console.log(`## Lexical steps, leave-one-collection-out\n\n${lexicalTable(result)}`);
  if (result.lexical.steps.some((s) => s.kept) || !productionIsPlain()) {
    console.log("\nNote: the production lexical defaults (src/lexical/bm25.ts, tokenize.ts) do not match this table's verdicts.");
  }
  console.log(`\n## Fusion profile, leave-one-collection-out\n\n${fusionTable(result)}`);
  console.log(`\n## Ranking (no abstention; hybrid with the profile chosen on the other collection)\n\n${resultsTable(result)}`);
  console.log(`\n${buildTable(result)}`);
  console.log(`\n## Abstention, thresholds chosen on the other collection\n\n${abstentionTable(result.abstention)}`);
  console.log(`\n## Abstention with the shipped defaults\n\n${abstentionTable(result.abstentionShipped)}`);
  const { minShare, minDense } = result.pooled;
  console.log(
    `\nChosen on both collections together: topical share ≥ ${minShare.toFixed(2)} (shipped: ${DEFAULT_MIN_TOPICAL_SHARE.toFixed(2)}), dense floor ${minDense ?? 'none'}.`,
  );
  console.log(`\nTotal ${result.seconds.toFixed(1)} s.`);
}

runCli(main);
