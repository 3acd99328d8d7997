import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readShelf, renderShelf, ShelfBusyError, withShelfLock, writeShelfAtomic } from '../../src/arxiv/shelf-file.js';
import { CorpusError } from '../../src/corpus/load.js';

const line = (id: string, extra = '') =>
  `{"id":"${id}","title":"T","authors":["A"],"year":2020,"venue":null,"url":null,"code":null,"abstract":"X."${extra}}`;

describe('the shelf file under npm run fetch', () => {
  it('a missing shelf is an empty one (a fetch may start it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-'));
    expect(await readShelf(join(dir, 'papers.jsonl'))).toEqual({ text: '', papers: [], lines: new Map() });
  });

  it('untouched papers are written back exactly as they were typed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-'));
    const path = join(dir, 'papers.jsonl');
    const typed = `${line('a').replace('"title":"T"', '"title": "T"')}\n\n${line('b')}\n`;
    await writeFile(path, typed);
    const shelf = await readShelf(path);
    const added = { ...shelf.papers[1]!, id: 'c' };
    const text = renderShelf([...shelf.papers, added], shelf.lines);
    expect(text.split('\n')[0]).toBe(line('a').replace('"title":"T"', '"title": "T"'));
    expect(text.split('\n')[2]).toBe(line('c'));
  });

  it('writes atomically, leaving no temp file, and refuses if the shelf changed meanwhile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-'));
    const path = join(dir, 'papers.jsonl');
    await writeFile(path, `${line('a')}\n`);
    await writeShelfAtomic(path, `${line('a')}\n${line('b')}\n`, `${line('a')}\n`);
    expect(await readFile(path, 'utf8')).toBe(`${line('a')}\n${line('b')}\n`);
    expect(await readdir(dir)).toEqual(['papers.jsonl']);
    await expect(writeShelfAtomic(path, `${line('z')}\n`, `${line('a')}\n`)).rejects.toThrow(ShelfBusyError);
    await expect(writeShelfAtomic(path, `${line('z')}\n`, `${line('a')}\n`)).rejects.toThrow(/changed while the fetch ran/);
    expect(await readFile(path, 'utf8')).toBe(`${line('a')}\n${line('b')}\n`);
  });

  it('never writes a shelf the loader would refuse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-'));
    const path = join(dir, 'papers.jsonl');
    await expect(writeShelfAtomic(path, `${line('a')}\n${line('a')}\n`, '')).rejects.toThrow(CorpusError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('the lock refuses a second holder and is released after an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shelf-'));
    const path = join(dir, 'papers.jsonl');
    await withShelfLock(path, async () => {
      await expect(withShelfLock(path, async () => 1)).rejects.toThrow(/Another fetch is updating/);
    });
    await expect(withShelfLock(path, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withShelfLock(path, async () => 'free again')).toBe('free again');
  });
});
