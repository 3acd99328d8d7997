/**
 * The models the benchmark runs, generated on first use into the git-ignored .cache folder:
 * - the fixture model at another width (384 dimensions, what MiniLM-class models emit), written
 *   by scripts/make-fixture-model.ts exactly as the committed 128-dimension one;
 * - the cost-equivalent MiniLM (cost-model.ts).
 * Each folder carries a stamp of what made it (generator sources, inputs, parameters) and the
 * hashes of its files; a missing, stale or damaged model is regenerated, whole or not at all.
 * The folders' base names (hashed-ngrams, all-MiniLM-L6-v2) pick the model registry's profile
 * (src/embed/models.ts), so the bench uses each exactly as the product would.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_DEFAULTS, FIXTURE_DIM, generateFixtureModel } from '../make-fixture-model.js';
import { ensureCostModel, MINILM_L6, type CostModelConfig, type EnsuredModel } from './cost-model.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache');
const STAMP = 'bench-model.json';

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = path.join(prefix, name);
    return statSync(path.join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

function stampOk(dir: string, key: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8')) as { key: string; files: Record<string, string> };
    return stamp.key === key && Object.entries(stamp.files).every(([f, h]) => sha256(readFileSync(path.join(dir, f))) === h);
  } catch {
    return false;
  }
}

/** The fixture model at `dim` dimensions: the committed folder at 128, a cached generated one otherwise. */
export function ensureFixtureModel(dim: number, cacheDir = CACHE_DIR): EnsuredModel {
  if (dim === FIXTURE_DIM) return { dir: FIXTURE_DEFAULTS.out, generated: false, seconds: 0 };
  const t = performance.now();
  const dir = path.join(cacheDir, `fixture-${dim}`, 'hashed-ngrams');
  const sources = [
    path.join(REPO_ROOT, 'scripts/make-fixture-model.ts'),
    path.join(REPO_ROOT, 'scripts/bench/model-files.ts'),
    FIXTURE_DEFAULTS.shelf,
    FIXTURE_DEFAULTS.collectionWords,
  ];
  const key = sha256(JSON.stringify({ dim, inputs: sources.map((f) => sha256(readFileSync(f))) }));
  if (stampOk(dir, key)) return { dir, generated: false, seconds: (performance.now() - t) / 1000 };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    generateFixtureModel({ ...FIXTURE_DEFAULTS, out: tmp, dim });
    const files = Object.fromEntries(filesUnder(tmp).map((f) => [f, sha256(readFileSync(path.join(tmp, f)))]));
    writeFileSync(path.join(tmp, STAMP), `${JSON.stringify({ key, files }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { dir, generated: true, seconds: (performance.now() - t) / 1000 };
}

/** The cost-equivalent MiniLM (a smaller config only in tests), named as the registry knows MiniLM. */
export function ensureCostEquivalentModel(cacheDir = CACHE_DIR, config: CostModelConfig = MINILM_L6): EnsuredModel {
  return ensureCostModel(path.join(cacheDir, 'cost-model', 'all-MiniLM-L6-v2'), config);
}
