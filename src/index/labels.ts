/**
 * HNSW labels of passages. A graph updated in place gives a new passage a free label (and,
 * through hnswlib's replaceDeleted, the slot of a removed one), so a passage's label is no longer
 * its number: the index stores each passage's label in its own file (one uint32 per passage, in
 * passage order), and search maps labels back to passages.
 */

/** Passage number → label, as the file stores it. */
export function encodeLabels(labels: Uint32Array): Uint8Array {
  return new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength);
}

export function decodeLabels(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`a label file holds whole uint32s (got ${bytes.byteLength} bytes)`);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/** Labels 0..n-1: a graph built from scratch, and every index before format 3. */
export function identityLabels(count: number): Uint32Array {
  const labels = new Uint32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i;
  return labels;
}

/**
 * Label → passage number (-1 for a label no passage has). New labels fill the gaps first (see
 * planGraphUpdate), so labels stay near the graph's slot count and an array indexed by label is small.
 * Throws when two passages share a label: the file is not what a build writes.
 */
export function invertLabels(labels: Uint32Array): Int32Array {
  let max = -1;
  for (const l of labels) if (l > max) max = l;
  const passage = new Int32Array(max + 1).fill(-1);
  labels.forEach((label, i) => {
    if (passage[label] !== -1) throw new Error(`label ${label} is given to passages ${passage[label]} and ${i}`);
    passage[label] = i;
  });
  return passage;
}
