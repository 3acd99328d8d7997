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

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE_MODEL = 'test/fixtures/models/hashed-ngrams';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const json = args.has('--json');
  const collections = [loadCranfield(), loadCisi()] as const;
  if (args.has('--lexical-steps')) {
    runLexicalSteps(collections);
    return;
  }
  const model = option('--model') ?? FIXTURE_MODEL;
  // A folder (relative to the repo) or a hub id already in the transformers.js cache: never the network.
  const local = path.resolve(REPO, model);
  const embedder = await createEmbedder({ model: existsSync(local) ? local : model, allowRemoteModels: false });
  const result = await runEval({
    collections,
    embedder,
    modelName: model,
    fusion: args.has('--fusion'),
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

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
