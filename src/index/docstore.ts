import type { Docstore } from './format.js';

/** The docstore's fields that only the next build reads (vector reuse), never a question. */
type KeyField = 'passageKeys' | 'sentenceKeys' | 'paperKeys';

/**
 * The docstore as a loaded index holds it: every array of numbers as an Int32Array (4 bytes an
 * entry instead of a JS array's 8 or more), and without the vector keys, which only the next
 * build reads (from the file).
 */
export type LoadedDocstore = {
  readonly [K in Exclude<keyof Docstore, KeyField>]: Docstore[K] extends number[] ? Int32Array : Docstore[K];
};

const KEY_FIELDS: readonly string[] = ['passageKeys', 'sentenceKeys', 'paperKeys'] satisfies KeyField[];

/**
 * Compacts a parsed docstore. Generic over the fields: any array of integers becomes an
 * Int32Array (offsets and counts, all far below 2^31), so a field added later is compacted too.
 */
export function compactDocstore(ds: Docstore): LoadedDocstore {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ds)) {
    if (KEY_FIELDS.includes(name)) continue;
    // `papers` is never compacted, even when empty (an empty array would pass as integers).
    out[name] = name !== 'papers' && isIntegerArray(value) ? Int32Array.from(value) : value;
  }
  return out as LoadedDocstore;
}

function isIntegerArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => Number.isInteger(x) && Math.abs(x as number) < 2 ** 31);
}
