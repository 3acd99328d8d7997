import type { RawEntry } from './atom.js';
import type { ArxivClient } from './client.js';
import { normaliseEntry, type FetchedPaper, type Skipped } from './entry.js';
import { mergeIntoShelf } from './merge.js';
import { buildSearchQuery, excludedBy } from './query.js';
import { readShelf, renderShelf, withShelfLock, writeShelfAtomic } from './shelf-file.js';

export interface FetchRequest {
  categories: string[];
  query?: string;
  since?: Date;
  /** Explicit papers (unversioned ids); when given, the search fields are ignored. */
  ids: string[];
  /** Words or phrases that drop a searched paper (not applied to explicit ids: the operator asked for them). */
  exclude: string[];
  /** arXiv ids (unversioned) a searched paper must not be added as: papers an editor removed from the shelf. */
  skipIds?: string[];
  dryRun: boolean;
}

export interface FetchSummary {
  /** What was asked of arXiv, for the summary line. */
  asked: string;
  received: number;
  added: { id: string; title: string }[];
  updated: string[];
  unchanged: string[];
  skipped: Skipped[];
  written: boolean;
}

/** Why an explicit id did not end on the shelf: not among the entries arXiv sent back. */
function missingIds(ids: string[], fetched: FetchedPaper[], skipped: Skipped[]): Skipped[] {
  const seen = new Set([...fetched.map((f) => f.arxivId), ...skipped.map((s) => s.id)]);
  return ids.filter((id) => !seen.has(id)).map((id) => ({ id, reason: 'not found on arXiv (check the id)' }));
}

/** Turns raw entries into papers to merge and the reasons for the rest. Pure. */
export function selectEntries(entries: RawEntry[], req: FetchRequest): { fetched: FetchedPaper[]; skipped: Skipped[] } {
  const fetched: FetchedPaper[] = [];
  const skipped: Skipped[] = [];
  entries.forEach((raw, i) => {
    const r = normaliseEntry(raw, i);
    if (!r.ok) {
      skipped.push(r.skipped);
      return;
    }
    if (req.ids.length === 0) {
      if (req.skipIds?.includes(r.fetched.arxivId)) {
        skipped.push({ id: r.fetched.arxivId, reason: 'removed from the shelf with /shelf remove' });
        return;
      }
      const hit = excludedBy(`${r.fetched.paper.title} ${r.fetched.paper.abstract}`, req.exclude);
      if (hit !== null) {
        skipped.push({ id: r.fetched.arxivId, reason: `matches ARXIV_EXCLUDE "${hit}"` });
        return;
      }
    }
    fetched.push(r.fetched);
  });
  if (req.ids.length > 0) skipped.push(...missingIds(req.ids, fetched, skipped));
  return { fetched, skipped };
}

/**
 * One fetch: under the shelf lock, read the shelf, ask arXiv, merge, and write the shelf atomically
 * when it changed. Any error before the rename leaves the shelf exactly as it was.
 */
export async function fetchIntoShelf(req: FetchRequest, client: ArxivClient, corpusPath: string, now = new Date()): Promise<FetchSummary> {
  return withShelfLock(corpusPath, async () => {
    const shelf = await readShelf(corpusPath);
    let entries: RawEntry[];
    let asked: string;
    if (req.ids.length > 0) {
      asked = `id_list=${req.ids.join(',')}`;
      entries = await client.byIds(req.ids);
    } else {
      asked = buildSearchQuery({
        categories: req.categories,
        ...(req.query ? { query: req.query } : {}),
        ...(req.since ? { since: req.since, until: now } : {}),
      });
      entries = (await client.search(asked)).entries;
    }
    const { fetched, skipped } = selectEntries(entries, req);
    const merged = mergeIntoShelf(shelf.papers, fetched);
    const byId = new Map(merged.papers.map((p) => [p.id, p]));
    const written = merged.changed && !req.dryRun;
    if (written) await writeShelfAtomic(corpusPath, renderShelf(merged.papers, shelf.lines), shelf.text);
    return {
      asked,
      received: entries.length,
      added: merged.added.map((id) => ({ id, title: byId.get(id)?.title ?? '' })),
      updated: merged.updated,
      unchanged: merged.unchanged,
      skipped,
      written,
    };
  });
}

/** The summary an operator reads (also what the bot will log, one line per part). */
export function formatSummary(s: FetchSummary, dryRun: boolean): string {
  const lines = [
    `arXiv: ${s.received} entries for ${s.asked}`,
    `${dryRun ? 'Would add' : 'Added'} ${s.added.length}, ${dryRun ? 'would update' : 'updated'} ${s.updated.length} (new version), unchanged ${s.unchanged.length}, skipped ${s.skipped.length}`,
    ...s.added.map((a) => `  + ${a.id}  ${a.title}`),
    ...s.updated.map((u) => `  ~ ${u}`),
    ...s.skipped.map((k) => `  - skipped ${k.id}: ${k.reason}`),
  ];
  if (dryRun) lines.push('Dry run: the shelf was not changed.');
  return lines.join('\n');
}
