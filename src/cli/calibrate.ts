import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { createEmbedder } from '../embed/embedder.js';
import { calibrate, type CalibrationResult } from '../calibrate/calibrate.js';
import { CollectionsMissingError, EVAL_DIR, loadCisi, loadCranfield, type Collection } from '../calibrate/collections.js';
import { describeFusion } from '../calibrate/fusion.js';
import { missingCollectionFiles } from '../calibrate/availability.js';
import { liveManifestFor, writeCalibration } from '../index/calibration.js';
import type { Calibration } from '../index/format.js';
import { parseCommandLine } from './args.js';
import { runCli } from './run.js';

const COMMAND = {
  usage: 'usage: npm run calibrate -- [--model <hub id or folder>] [--collections <dir>] [--dry-run] [--json]',
  help: `Measures, for the embedding model you run, how much its dense ranking should count (the fusion
profile) and the cosine at which its similarity alone is evidence (the dense floor), on test
collections with relevance judgements, and stores the result in the index (INDEX_DIR), where
\`npm run ask\` and the bot use it instead of the model's registry defaults.

  --model <id|folder>   the model to calibrate (default: EMBED_MODEL); the index must be built with it
  --collections <dir>   a folder with cranfield/ (cran.all.1400, cran.qry, cranqrel) and/or cisi/
                        (CISI.ALL, CISI.QRY, CISI.REL) in SMART format (default: ../shared/eval)
  --dry-run             measure and print, write nothing
  --json                print one JSON object`,
  options: {
    model: { type: 'string' },
    collections: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
} as const;

/** `npm run calibrate`: fits fusion and the dense floor to the model in use and writes them into the index. */
runCli(async () => {
  const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
  const args = { model: values.model, collections: values.collections, dryRun: values['dry-run'] === true, json: values.json === true };
  const config = loadConfig();
  const collections = loadCollections(args.collections);
  const model = args.model ?? config.EMBED_MODEL;
  const local = resolve(model);
  const embedder = await createEmbedder({
    model: existsSync(local) ? local : model,
    allowRemoteModels: config.ALLOW_REMOTE_MODELS,
    cacheDir: config.MODEL_CACHE_DIR,
    onWarning: (m) => process.stderr.write(`warning: ${m}\n`),
  });
  const modelRef = { id: model, fingerprint: embedder.fingerprint };
  // Before minutes of measuring: the index it will be written into must be this model's.
  if (!args.dryRun) await liveManifestFor(config.INDEX_DIR, modelRef);
  const result = await calibrate(collections, embedder, (m) => process.stderr.write(`${m}\n`));
  const calibration: Calibration = {
    model: modelRef,
    minDense: result.minDense,
    fusion: result.fusion,
    measuredOn: collections.map((c) => `${c.name} (${c.docs.length} documents, ${c.queries.length} questions)`),
    measuredAt: new Date().toISOString(),
  };
  const version = args.dryRun ? null : await writeCalibration(config.INDEX_DIR, calibration);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ calibration, collections: result.collections, written: version })}\n`);
    return;
  }
  process.stdout.write(`${explain(model, result)}\n`);
  process.stdout.write(
    version === null
      ? 'Dry run: nothing written.\n'
      : `Wrote it into ${config.INDEX_DIR}/ (version ${version}); npm run ask and the bot use it from now on (a running bot reloads it).\n`,
  );
});

function explain(model: string, r: CalibrationResult): string {
  const lines = [`Calibrated ${model}.`, `Fusion: ${describeFusion(r.fusion)} (best mean nDCG@10 of the profiles tried):`];
  for (const c of r.collections) {
    lines.push(
      `  ${c.name}: hybrid ${c.hybridNdcg10.toFixed(4)} nDCG@10 (model defaults ${c.defaultHybridNdcg10.toFixed(4)}, lexical alone ${c.lexicalNdcg10.toFixed(4)})`,
    );
  }
  if (r.minDense === null) {
    lines.push(
      'Dense floor: none. No cosine told on-topic from off-topic questions better than the lexical gate alone, so similarity alone never counts as evidence.',
    );
  } else {
    lines.push(
      `Dense floor: ${r.minDense.toFixed(2)}. A passage this similar is evidence on its own; balanced accuracy of answer-or-abstain:`,
    );
  }
  for (const c of r.collections) {
    lines.push(
      `  ${c.name}: ${(c.accuracyLexicalGate * 100).toFixed(1)} % with the lexical gate alone, ${(c.accuracyWithFloor * 100).toFixed(1)} % with the floor`,
    );
  }
  return lines.join('\n');
}

function loadCollections(dir: string | undefined): Collection[] {
  const root = dir === undefined ? EVAL_DIR : resolve(dir);
  const found: Collection[] = [];
  // A collection counts only with all three of its files (the same list npm run eval checks).
  if (missingCollectionFiles(['cranfield'], root).length === 0) found.push(loadCranfield(join(root, 'cranfield')));
  if (missingCollectionFiles(['cisi'], root).length === 0) found.push(loadCisi(join(root, 'cisi')));
  if (found.length === 0) {
    throw new CollectionsMissingError(
      `No test collections in ${root}: calibrate needs cranfield/ (cran.all.1400, cran.qry, cranqrel) and/or cisi/ (CISI.ALL, CISI.QRY, CISI.REL) in SMART format. ` +
        'Point --collections at a folder that has them.',
    );
  }
  return found;
}
