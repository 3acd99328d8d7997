import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COLLECTIONS_SOURCE, EVAL_DIR } from './collections.js';

/**
 * Whether the evaluation collections are there, and one line saying what is missing and where
 * it comes from. They are not in the repo: `npm run eval` and the tests that read them need them
 * unpacked next to the checkout, in ../shared/eval.
 */
export const COLLECTION_FILES = {
  cranfield: ['cranfield/cran.all.1400', 'cranfield/cran.qry', 'cranfield/cranqrel'],
  cisi: ['cisi/CISI.ALL', 'cisi/CISI.QRY', 'cisi/CISI.REL'],
} as const;

export type CollectionName = keyof typeof COLLECTION_FILES;

export { COLLECTIONS_SOURCE };

export function missingCollectionFiles(names: readonly CollectionName[] = ['cranfield', 'cisi'], dir = EVAL_DIR): string[] {
  return names.flatMap((n) => COLLECTION_FILES[n]).filter((f) => !existsSync(join(dir, f)));
}

/** "missing ../shared/eval/cisi/CISI.ALL (and 2 more)", relative to the working directory. */
export function describeMissing(missing: readonly string[], dir = EVAL_DIR): string {
  const first = relative(process.cwd(), join(dir, missing[0] ?? '')) || join(dir, missing[0] ?? '');
  return `missing ${first}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`;
}
