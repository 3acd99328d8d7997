import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { paperProblems } from './schema.js';
import type { Paper } from './types.js';
import { AppError } from '../errors.js';

/** A corpus an operator must fix; every problem names the file and line. */
export class CorpusError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Corpus problem: ${problems[0]}`
        : `${problems.length} corpus problems:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      { code: 'corpus', hint: 'Nothing was built; fix the lines above and run the command again.' },
    );
  }
}

/**
 * Why JSON.parse failed, without the echo of the line V8 adds (`, "…" is not valid JSON`, or
 * `"…"... is not valid JSON` when it cuts the line short), and with any control or non-ASCII
 * character of the offending token escaped: a binary line must not be written back to a terminal.
 */
export function shortJsonReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reason = message
    .replace(/, ".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return reason.length > 100 ? `${reason.slice(0, 97)}...` : reason;
}

/**
 * Validates every line of a corpus and returns its papers, or throws one CorpusError listing all
 * bad lines (`displayPath:line: field: message`). Blank lines are skipped; a UTF-8 BOM is tolerated.
 */
export function parseCorpus(text: string, displayPath: string): Paper[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const papers: Paper[] = [];
  const problems: string[] = [];
  const lineOfId = new Map<string, number>();

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const at = `${displayPath}:${lineNo}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${at}: invalid JSON: ${shortJsonReason(err)}`);
      return;
    }
    const { paper, problems: lineProblems } = paperProblems(value);
    for (const p of lineProblems) problems.push(`${at}: ${p}`);
    // Check duplicates even on otherwise-bad lines so one pass reports everything.
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '') {
      const first = lineOfId.get(id);
      if (first !== undefined) problems.push(`${at}: id: duplicate of line ${first}`);
      else lineOfId.set(id, lineNo);
    }
    if (paper && problems.length === 0) papers.push(paper);
  });

  if (problems.length > 0) throw new CorpusError(problems);
  if (papers.length === 0) {
    throw new CorpusError([`${displayPath}: no papers (add one JSON object per line, or run npm run import)`]);
  }
  return papers;
}

/** Reads and validates the shelf. A missing or unreadable file is a CorpusError saying how to fix it. */
export async function loadCorpus(path: string): Promise<{ papers: Paper[]; text: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CorpusError([
        `${path}: no such file. Create it with one JSON paper per line ` +
          `(see README, "The shelf: adding papers", or \`npm run import -- <abstracts.txt>\`), or set CORPUS_PATH to your shelf.`,
      ]);
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new CorpusError([`${path}: cannot read the corpus (${reason}); check the path in CORPUS_PATH.`]);
  }
  return { papers: parseCorpus(text, path), text };
}

/** sha256 (hex) of the corpus text: the index records it to notice a changed shelf. */
export function corpusHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
