import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * SHA-256 of index files, recorded in the manifest at build time and checked at load: a
 * truncated, overwritten or bit-flipped file is refused instead of served. SHA-256 because it is
 * hardware-accelerated in node's OpenSSL, faster than MD5 or BLAKE2 (`npm run bench` reports the cost as part of index load).
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams a file through SHA-256, for files a native library reads itself (the HNSW graph). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
