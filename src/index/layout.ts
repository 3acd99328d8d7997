import { mkdir, readFile, readdir, rename, rm, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CURRENT_POINTER } from './format.js';
import { IndexError, REBUILD_HINT } from './errors.js';

/**
 * INDEX_DIR holds version folders (v-<time>-<rand>) and a CURRENT file naming the live one.
 * Publishing writes CURRENT.tmp and renames it over CURRENT: readers see the old or the new
 * version, never a mix, and a build that dies before the rename changes nothing.
 */

const TMP_PREFIX = '.tmp-';
const VERSION_PREFIX = 'v-';
const LOCK = '.build.lock';

/** What publish() writes: `v-`, then letters, digits and dashes; no dot or slash, so never a path out of INDEX_DIR. */
const VERSION_NAME = /^v-[0-9A-Za-z-]{1,64}$/;

/**
 * The live version named by INDEX_DIR/CURRENT, or null when there is none yet. A CURRENT that
 * names anything but a version folder (`../../../etc`, garbage) is refused, never followed.
 */
export async function readCurrentVersion(indexDir: string): Promise<string | null> {
  let name: string;
  try {
    name = (await readFile(join(indexDir, CURRENT_POINTER), 'utf8')).trim();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
  if (name === '') return null;
  if (!VERSION_NAME.test(name)) {
    const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
    throw new IndexError(`${join(indexDir, CURRENT_POINTER)} names ${shown}, which is not a version folder of this index: ${REBUILD_HINT} again.`);
  }
  return name;
}

/** The version folders in INDEX_DIR, newest first (names start with the build time). */
export async function listVersions(indexDir: string): Promise<string[]> {
  const entries = await readdir(indexDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && VERSION_NAME.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

export async function currentVersionDir(indexDir: string): Promise<string> {
  const version = await readCurrentVersion(indexDir);
  if (version === null) throw new IndexError(`No index in ${indexDir}/: ${REBUILD_HINT}.`);
  return join(indexDir, version);
}

export async function makeTempDir(indexDir: string): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const dir = join(indexDir, `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

/** Moves a finished temp folder into place and points CURRENT at it. Returns the version name. */
export async function publish(indexDir: string, tempDir: string, builtAt: Date): Promise<string> {
  const stamp = builtAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const version = `${VERSION_PREFIX}${stamp}-${randomBytes(3).toString('hex')}`;
  await rename(tempDir, join(indexDir, version));
  const pointerTmp = join(indexDir, `${CURRENT_POINTER}.tmp-${process.pid}`);
  await writeFile(pointerTmp, `${version}\n`);
  await rename(pointerTmp, join(indexDir, CURRENT_POINTER));
  return version;
}

/**
 * Removes leftovers: temp folders of dead builds, and versions older than the live one and its
 * predecessor (a bot may still be reading the predecessor while it reloads).
 */
export async function pruneVersions(indexDir: string, keep: readonly string[]): Promise<void> {
  const entries = await readdir(indexDir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const stale =
      (entry.name.startsWith(TMP_PREFIX) && !isOwnedByLiveProcess(entry.name)) ||
      (entry.name.startsWith(VERSION_PREFIX) && !keep.includes(entry.name));
    if (stale) await rm(join(indexDir, entry.name), { recursive: true, force: true });
  }
}

function isOwnedByLiveProcess(tempName: string): boolean {
  const pid = Number(tempName.slice(TMP_PREFIX.length).split('-')[0]);
  return Number.isInteger(pid) && pid !== process.pid && isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One build at a time per INDEX_DIR; a lock left by a dead process is taken over. */
export async function acquireBuildLock(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const path = join(indexDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (err) {
      if (!isExists(err)) throw err;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder) && holder !== process.pid) {
        throw new IndexError(`Another index build (pid ${holder}) is running in ${indexDir}/; wait for it to finish.`);
      }
      await rm(path, { force: true });
    }
  }
  throw new IndexError(`Could not take the build lock ${path}; remove it if no build is running.`);
}

export function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

function isExists(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EEXIST';
}
