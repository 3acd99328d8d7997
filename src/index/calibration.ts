import { copyFile, link, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILES, manifestSchema, type Calibration, type Manifest } from './format.js';
import { IndexError, REBUILD_HINT } from './errors.js';
import { acquireBuildLock, currentVersionDir, makeTempDir, publish, pruneVersions, readCurrentVersion } from './layout.js';

/**
 * The live index's manifest, when it was built with this model; otherwise an IndexError saying how
 * to build one (checked before a calibration spends minutes measuring, and again when it writes).
 */
export async function liveManifestFor(indexDir: string, model: { id: string; fingerprint: string }): Promise<{ dir: string; manifest: Manifest }> {
  const dir = await currentVersionDir(indexDir);
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, FILES.manifest), 'utf8')));
  } catch {
    throw new IndexError(`The index manifest ${join(dir, FILES.manifest)} is missing or damaged: ${REBUILD_HINT} again.`);
  }
  if (manifest.model.fingerprint !== model.fingerprint) {
    throw new IndexError(
      `The index in ${indexDir}/ was built with model ${manifest.model.id}, not ${model.id}: ` +
        `build it with this model first (EMBED_MODEL=${model.id} npm run index), then calibrate again.`,
    );
  }
  return { dir, manifest };
}

/**
 * Stores a calibration in the live index. Versions are immutable, so this publishes a new version
 * with the same files (hard links, or copies where links are not possible) and a manifest that
 * carries the calibration; a running bot picks it up like any rebuild. Refuses an index built with
 * another model: a calibration is only true of the model it was measured with.
 */
export async function writeCalibration(indexDir: string, calibration: Calibration, now: Date = new Date()): Promise<string> {
  const release = await acquireBuildLock(indexDir);
  let tempDir: string | null = null;
  try {
    const { dir, manifest } = await liveManifestFor(indexDir, calibration.model);
    tempDir = await makeTempDir(indexDir);
    for (const name of await readdir(dir)) {
      if (name === FILES.manifest) continue;
      await link(join(dir, name), join(tempDir, name)).catch(() => copyFile(join(dir, name), join(tempDir!, name)));
    }
    await writeFile(join(tempDir, FILES.manifest), JSON.stringify({ ...manifest, calibration }, null, 2));
    const before = await readCurrentVersion(indexDir);
    const version = await publish(indexDir, tempDir, now);
    tempDir = null;
    await pruneVersions(indexDir, before ? [version, before] : [version]);
    return version;
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    await release();
  }
}
