import { mkdtemp, cp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createEmbedder } from '../../src/embed/embedder.js';
import type { Embedder } from '../../src/embed/types.js';

import { FIXTURE_MODEL, REPO } from '../../scripts/support/fixture-env.js';

export { FIXTURE_MODEL, REPO, fixtureEnv } from '../../scripts/support/fixture-env.js';
/** The tests' ten-paper shelf: a copy, so editing corpus/papers.jsonl breaks no test. */
export const SHELF = join(REPO, 'test/fixtures/corpus/papers.jsonl');

/** A temp folder holding a copy of the ten-paper shelf. */
export async function tempShelf(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'papershelf-'));
  await cp(SHELF, join(dir, 'papers.jsonl'));
  return dir;
}

export function fixtureEmbedder(): Promise<Embedder> {
  return createEmbedder({ model: FIXTURE_MODEL, allowRemoteModels: false });
}

/** path → sha256 of every file below dir: proves a folder is byte-for-byte unchanged. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((await stat(p)).isFile())
        out[p.slice(dir.length)] = createHash('sha256')
          .update(await readFile(p))
          .digest('hex');
    }
  }
  await walk(dir);
  return out;
}
