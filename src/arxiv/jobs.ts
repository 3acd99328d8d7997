/**
 * Shelf changes the bot hands to a child process (src/cli/shelf-job.ts), so fetching, parsing and
 * embedding never run on the event loop that answers /ask. The job goes in as one JSON argument,
 * the outcome comes back as one JSON line on stdout. Pure.
 */
import { z } from 'zod';
import type { FetchSummary } from './fetch.js';

export type ShelfJob =
  /** The configured daily fetch; `skipIds` are arXiv ids an editor removed, not to be added back. */
  | { kind: 'fetch'; skipIds: string[] }
  /** One paper by arXiv id (unversioned), for /shelf add. */
  | { kind: 'add'; arxivId: string }
  /** One paper off the shelf by shelf id, for /shelf remove. */
  | { kind: 'remove'; paperId: string };

const jobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fetch'), skipIds: z.array(z.string()) }),
  z.object({ kind: z.literal('add'), arxivId: z.string().min(1) }),
  z.object({ kind: z.literal('remove'), paperId: z.string().min(1) }),
]);

/** What a fetch did, as the bot logs and shows it. */
export interface JobFetchSummary {
  asked: string;
  received: number;
  added: { id: string; title: string }[];
  updated: string[];
  unchanged: number;
  skipped: { id: string; reason: string }[];
}

export type ShelfJobOutcome =
  | {
      ok: true;
      fetch: JobFetchSummary | null;
      /** For a removal: the paper taken off (null when it was not on the shelf). */
      removed: { id: string; title: string } | null;
      /** The index build's summary line, or null when the shelf did not change. */
      built: string | null;
    }
  | { ok: false; error: { code: string; message: string } };

const summarySchema = z.object({
  asked: z.string(),
  received: z.number(),
  added: z.array(z.object({ id: z.string(), title: z.string() })),
  updated: z.array(z.string()),
  unchanged: z.number(),
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
});

const outcomeSchema = z.union([
  z.object({
    ok: z.literal(true),
    fetch: summarySchema.nullable(),
    removed: z.object({ id: z.string(), title: z.string() }).nullable(),
    built: z.string().nullable(),
  }),
  z.object({ ok: z.literal(false).optional(), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export function parseJob(text: string | undefined): ShelfJob | null {
  if (text === undefined) return null;
  try {
    const parsed = jobSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The outcome on the last JSON line of a job's stdout; null when there is none (the child died). */
export function parseOutcome(stdout: string): ShelfJobOutcome | null {
  const lines = stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  const last = lines.at(-1);
  if (last === undefined) return null;
  try {
    const parsed = outcomeSchema.safeParse(JSON.parse(last));
    if (!parsed.success) return null;
    const o = parsed.data;
    return 'fetch' in o ? o : { ok: false, error: o.error };
  } catch {
    return null;
  }
}

export function jobSummary(s: FetchSummary): JobFetchSummary {
  return {
    asked: s.asked,
    received: s.received,
    added: s.added,
    updated: s.updated,
    unchanged: s.unchanged.length,
    skipped: s.skipped,
  };
}

/** One line for the bot's log and /shelf status: "added 4, updated 1, unchanged 10, skipped 1 (…)". */
export function oneLine(s: JobFetchSummary): string {
  const skipped =
    s.skipped.length === 0
      ? ''
      : ` (${s.skipped
          .slice(0, 3)
          .map((k) => `${k.id}: ${k.reason}`)
          .join('; ')}${s.skipped.length > 3 ? '; …' : ''})`;
  return `added ${s.added.length}, updated ${s.updated.length}, unchanged ${s.unchanged}, skipped ${s.skipped.length}${skipped}`;
}
