import type { Pooling } from './types.js';

/** A token-level output: [batch, sequence, width] floats, row-major. */
export interface HiddenStates {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * Pools token vectors into one vector per text and (optionally) L2-normalises it, writing each row
 * straight into its own Float32Array.
 *
 * Why not transformers.js' mean_pooling: it walks the tensor dimension-major and converts every mask
 * element from BigInt once per dimension, which dominated embedding time with small models (profile
 * `npm run bench`'s embed phase). This walks tokens in memory order and reads each mask value once.
 */
export function poolHiddenStates(
  hidden: HiddenStates,
  mask: ArrayLike<bigint | number>,
  pooling: Pooling,
  normalize: boolean,
): Float32Array[] {
  const [batch = 0, seq = 0, dim = 0] = hidden.dims;
  const src = hidden.data;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const base = b * seq * dim;
    let row: Float32Array;
    if (pooling === 'cls') {
      row = src.slice(base, base + dim);
    } else {
      row = new Float32Array(dim);
      let count = 0;
      for (let t = 0; t < seq; t++) {
        if (Number(mask[b * seq + t]) === 0) continue; // padding
        count++;
        const off = base + t * dim;
        for (let k = 0; k < dim; k++) row[k]! += src[off + k]!;
      }
      if (count > 0) for (let k = 0; k < dim; k++) row[k]! /= count;
    }
    if (normalize) normalizeInPlace(row);
    rows.push(row);
  }
  return rows;
}

/** L2-normalises; a zero vector (e.g. an empty text under the fixture model) stays zero, not NaN. */
export function normalizeInPlace(v: Float32Array): void {
  let sq = 0;
  for (let k = 0; k < v.length; k++) sq += v[k]! * v[k]!;
  if (sq === 0) return;
  const inv = 1 / Math.sqrt(sq);
  for (let k = 0; k < v.length; k++) v[k]! *= inv;
}
