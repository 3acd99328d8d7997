import { z } from 'zod';
import type { Paper } from './types.js';

/**
 * The zod schema of one line of corpus/papers.jsonl. Messages are written for an operator fixing
 * the file by hand: each is reported as `path:line: field: message`.
 */

/** zod calls these for type errors; a missing key arrives as input undefined. */
const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : expected;

const requiredText = z
  .string({ error: typeError('expected a string') })
  .refine((s) => s.trim() !== '', { error: 'must not be empty' });

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Absent or "" means "no link": both become null so hand-written lines stay short. */
const optionalUrl = z.preprocess(
  (v) => (v === undefined || v === '' ? null : v),
  z
    .string({ error: 'expected an http(s) URL or null' })
    .refine(isHttpUrl, { error: 'expected an http(s) URL or null' })
    .nullable(),
);

const optionalText = z.preprocess(
  (v) => (v === undefined || v === '' ? null : v),
  z.string({ error: 'expected a string or null' }).nullable(),
);

/**
 * The longest abstract accepted, in characters. Real arXiv abstracts are under 2,000 (arXiv caps
 * them at 1,920); ten times that leaves room for other sources while keeping a paper's passages,
 * and so the work one question can cost, bounded (a 10 MB "abstract" became 61,105 passages).
 */
export const MAX_ABSTRACT_CHARS = 20_000;

export const paperSchema = z.object({
  id: z
    .string({ error: typeError('expected a string such as "arxiv:2309.16318"') })
    .min(1, { error: 'must not be empty' })
    .regex(/^\S+$/, { error: 'must not contain spaces' }),
  title: requiredText,
  authors: z.array(
    z.string({ error: 'expected array of strings' }).refine((s) => s.trim() !== '', {
      error: 'author names must not be empty',
    }),
    { error: typeError('expected array of strings') },
  ),
  year: z
    .number({ error: typeError('expected an integer year such as 2023') })
    .int({ error: 'expected an integer year such as 2023' })
    .min(1000, { error: 'expected a four-digit year' })
    .max(9999, { error: 'expected a four-digit year' }),
  venue: optionalText,
  url: optionalUrl,
  code: optionalUrl,
  abstract: requiredText.refine((s) => s.length <= MAX_ABSTRACT_CHARS, {
    error: (issue) =>
      `is ${typeof issue.input === 'string' ? issue.input.length.toLocaleString('en-US') : '?'} characters; the limit is ${MAX_ABSTRACT_CHARS.toLocaleString('en-US')} (real abstracts are under 2,000): shorten it`,
  }),
  // Set by npm run fetch for arXiv papers (v2 → 2); hand-written lines may leave it out.
  version: z
    .number({ error: 'expected the arXiv version as a whole number such as 2' })
    .int({ error: 'expected the arXiv version as a whole number such as 2' })
    .min(1, { error: 'expected the arXiv version as a whole number such as 2' })
    .optional(),
});

// A compile-time check that the schema produces exactly a Paper.
type SchemaPaper = z.infer<typeof paperSchema>;
const _sameShape: (p: SchemaPaper) => Paper = (p) => p;
void _sameShape;

/** The problems of one parsed JSON value, as `field: message` strings (one per field). */
export function paperProblems(value: unknown): { paper: Paper | null; problems: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { paper: null, problems: ['expected a JSON object (one paper per line)'] };
  }
  const parsed = paperSchema.safeParse(value);
  if (parsed.success) return { paper: parsed.data, problems: [] };
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '(line)');
    if (seen.has(field)) continue; // the first problem of a field is enough to fix it
    seen.add(field);
    problems.push(`${field}: ${issue.message}`);
  }
  return { paper: null, problems };
}

/** One corpus line for a paper, fields in the documented order. */
export function paperToLine(p: Paper): string {
  const ordered: Paper = {
    id: p.id,
    title: p.title,
    authors: p.authors,
    year: p.year,
    venue: p.venue,
    url: p.url,
    code: p.code,
    abstract: p.abstract,
    ...(p.version !== undefined ? { version: p.version } : {}),
  };
  return JSON.stringify(ordered);
}
