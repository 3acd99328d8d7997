import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCorpus } from '../corpus/load.js';
import { writeFileAtomically } from '../corpus/write-atomic.js';
import { paperToLine } from '../corpus/schema.js';
import type { Paper } from '../corpus/types.js';
import { AppError } from '../errors.js';

/** Another fetch holds the shelf, or the shelf changed under us: exit 1 with what to do. */
export class ShelfBusyError extends AppError {
  constructor(message: string) {
    super(message, { code: 'shelf' });
  }
}

export interface ShelfText {
  /** The file's text as read ('' for a shelf that does not exist yet). */
  text: string;
  papers: Paper[];
  /** The original line of each paper, so papers a fetch does not touch are written back byte for byte. */
  lines: Map<Paper, string>;
}

/** Reads the shelf; a missing or empty file is an empty shelf (a fetch may start one). Bad lines throw CorpusError. */
export async function readShelf(path: string): Promise<ShelfText> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', papers: [], lines: new Map() };
    throw err;
  }
  if (text.trim() === '') return { text, papers: [], lines: new Map() };
  const papers = parseCorpus(text, path);
  const raw = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  return { text, papers, lines: new Map(papers.map((p, i) => [p, raw[i]!])) };
}

/** The shelf text for a merged list: untouched papers keep their line, changed and new ones are rendered. */
export function renderShelf(papers: Paper[], lines: Map<Paper, string>): string {
  return `${papers.map((p) => lines.get(p) ?? paperToLine(p)).join('\n')}\n`;
}

/**
 * Replaces the shelf atomically: write a temp file in the same folder, fsync, rename. A crash at any
 * point leaves either the old shelf or the new one. Refuses if the file changed since `expected`
 * was read (someone edited it during the fetch), so no edit is lost.
 */
export async function writeShelfAtomic(path: string, text: string, expected: string): Promise<void> {
  parseCorpus(text, path); // never write a shelf the loader would refuse
  let current = '';
  try {
    current = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (current !== expected) {
    throw new ShelfBusyError(`${path} changed while the fetch ran (edited by hand?); nothing was written. Run the fetch again.`);
  }
  await writeFileAtomically(path, text);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding `<shelf>.lock` (created exclusively, holding our pid). A second fetch is refused
 * with a message naming the holder; a lock left by a process that no longer exists is taken over.
 */
export async function withShelfLock<T>(shelfPath: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${shelfPath}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  for (let tries = 0; ; tries++) {
    try {
      const h = await open(lock, 'wx');
      await h.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await h.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw err;
      let holder: { pid?: unknown; since?: unknown } = {};
      try {
        holder = JSON.parse(await readFile(lock, 'utf8')) as typeof holder;
      } catch {
        // An unreadable lock is treated as held: better refuse than corrupt the shelf.
      }
      if (typeof holder.pid === 'number' && !alive(holder.pid)) {
        await unlink(lock).catch(() => {});
        continue;
      }
      throw new ShelfBusyError(
        `Another fetch is updating ${shelfPath} (${typeof holder.pid === 'number' ? `pid ${holder.pid}` : 'unknown process'}` +
          `${typeof holder.since === 'string' ? `, since ${holder.since}` : ''}); wait for it to finish and run this again. ` +
          `If no fetch is running, delete ${lock}.`,
      );
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}
