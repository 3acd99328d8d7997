import { COLLECTIONS_SOURCE, describeMissing, missingCollectionFiles, type CollectionName } from '../../src/calibrate/availability.js';

/**
 * For tests that read the evaluation collections (not in the repo): true when they are there;
 * otherwise false, after saying once which test is skipped, what is missing and where it comes from.
 */
export function collectionsPresent(test: string, names: readonly CollectionName[]): boolean {
  const missing = missingCollectionFiles(names);
  if (missing.length === 0) return true;
  console.warn(`${test}: skipped, ${describeMissing(missing)}. ${COLLECTIONS_SOURCE}`);
  return false;
}
