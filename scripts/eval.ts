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
import { describeFusion } from '../src/calibrate/fusion.js';

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
  const model = option('--model') ?? FIXTURE_MODEL;
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
    console.log('\nNote: the production lexical defaults (src/search/bm25.ts, tokenize.ts) do not match this table\'s verdicts.');
  }
  console.log(`\n## Fusion profile, leave-one-collection-out\n\n${fusionTable(result)}`);
  console.log(`\n## Ranking (no abstention; hybrid with the profile chosen on the other collection)\n\n${resultsTable(result)}`);
  console.log(`\n${buildTable(result)}`);
  console.log(`\n## Abstention, thresholds chosen on the other collection\n\n${abstentionTable(result.abstention)}`);
  console.log(`\n## Abstention with the shipped defaults\n\n${abstentionTable(result.abstentionShipped)}`);
  console.log(`\nTotal ${result.seconds.toFixed(1)} s.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
