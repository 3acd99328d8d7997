import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Embedder } from '../../src/embed/types.js';
import type { Docstore } from '../../src/index/format.js';
import { planIndex } from '../../src/index/structure.js';

interface RawManifest {
  formatVersion: number;
  params: { passage: { size: number; stride: number } };
  files: Record<string, { bytes: number; sha256?: string }>;
}

/**
 * Rewrites a version folder as format 2 wrote it: vectors.bin holds every vector (passages,
 * sentences, papers) as float32, straight from the embedder; the docstore, graph and lexical files
 * were already the same. Returns those float32 vectors, in vector order.
 */
export async function rewriteAsFormat2(
  versionDir: string,
  embedder: Embedder,
): Promise<{ vectors: Float32Array; passages: number; sentences: number }> {
  const manifest = JSON.parse(await readFile(join(versionDir, 'manifest.json'), 'utf8')) as RawManifest;
  const ds = JSON.parse(await readFile(join(versionDir, 'docstore.json'), 'utf8')) as Docstore;
  const plan = planIndex(ds.papers, embedder.fingerprint, manifest.params.passage);
  const { passageKeys, sentenceKeys, paperKeys } = plan.docstore;
  const texts = Array.from({ length: passageKeys.length + sentenceKeys.length + paperKeys.length }, (_, i) => plan.text(i));
  const out = await embedder.embed(texts, 'passage');
  const vectors = new Float32Array(texts.length * embedder.dimension);
  out.forEach((v, i) => vectors.set(v, i * embedder.dimension));
  const bytes = new Uint8Array(vectors.buffer);
  await writeFile(join(versionDir, 'vectors.bin'), bytes);
  manifest.formatVersion = 2;
  manifest.files['vectors.bin'] = { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  await writeFile(join(versionDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { vectors, passages: passageKeys.length, sentences: sentenceKeys.length };
}
