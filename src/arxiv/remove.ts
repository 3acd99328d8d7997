import type { Paper } from '../corpus/types.js';
import { AppError } from '../errors.js';
import { readShelf, renderShelf, withShelfLock, writeShelfAtomic } from './shelf-file.js';

/**
 * Takes one paper off the shelf, under the shelf lock, written atomically (every other line byte
 * for byte). Returns the paper removed, or null when it was not on the shelf (nothing written).
 */
export async function removeFromShelf(corpusPath: string, paperId: string): Promise<Paper | null> {
  return withShelfLock(corpusPath, async () => {
    const shelf = await readShelf(corpusPath);
    const gone = shelf.papers.find((p) => p.id === paperId);
    if (!gone) return null;
    const kept = shelf.papers.filter((p) => p !== gone);
    // The index (and the bot) need at least one paper; an empty shelf is an operator's edit, not a command's.
    if (kept.length === 0)
      throw new AppError(`${paperId} is the last paper on the shelf; add another before removing it.`, { code: 'shelf' });
    await writeShelfAtomic(corpusPath, renderShelf(kept, shelf.lines), shelf.text);
    return gone;
  });
}
