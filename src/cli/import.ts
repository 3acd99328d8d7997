/**
 * npm run import -- <abstracts.txt> [--titles <file>] [--year <yyyy>] [--out <corpus.jsonl>] [--dry-run]
 *
 * Appends papers from the `Abstract:` text format to the shelf. The result is validated before
 * anything is written, and written atomically (temp file + rename), so a failure never leaves a
 * half-written shelf. Exit codes: 0 ok, 1 operational error, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { writeFileAtomically } from '../corpus/write-atomic.js';
import { parseSeedAbstracts, parseTitles, planImport } from '../corpus/import.js';
import { AppError, UsageError } from '../errors.js';
import { parseCommandLine } from './args.js';
import { processIo, runCli, type Io } from './run.js';

const USAGE = 'usage: npm run import -- <abstracts.txt> [--titles <file>] [--year <yyyy>] [--out <corpus.jsonl>] [--dry-run]';
const COMMAND = {
  usage: USAGE,
  help: `Adds papers from raw abstracts (one "Abstract:<text>" line per paper) to the shelf.

  --titles FILE   one title per line, in the order of the abstracts (else "Untitled: ..." placeholders)
  --year YYYY     the papers' year (default: this year, with a warning)
  --out FILE      the shelf to add to (default: CORPUS_PATH, corpus/papers.jsonl)
  --dry-run       say what would be added, write nothing

Papers already on the shelf (same id or abstract) are skipped. Validated before anything is written,
and written atomically. Exit 0 ok, 1 when a file is missing or invalid, 2 for a usage error.`,
  options: {
    titles: { type: 'string' },
    year: { type: 'string' },
    out: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
  positionals: true,
} as const;

/** Something outside the program is wrong (a file missing or unwritable): exit 1. */
class ImportFileError extends AppError {
  constructor(message: string) {
    super(`import: ${message}`, { code: 'file' });
  }
}

interface Args {
  input: string;
  titles?: string;
  year?: number;
  out?: string;
  dryRun: boolean;
}

function parseImportArgs(argv: readonly string[]): Args {
  const { values, positionals } = parseCommandLine(COMMAND, argv);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'import: missing the abstracts file' : `import: expected one abstracts file, got ${positionals.length}`,
      USAGE,
    );
  }
  let year: number | undefined;
  if (values.year !== undefined) {
    if (!/^\d{4}$/.test(values.year)) throw new UsageError(`import: --year must be a four-digit year, got "${values.year}"`, USAGE);
    year = Number(values.year);
  }
  for (const name of ['titles', 'out'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new UsageError(`import: --${name} needs a file path`, USAGE);
  }
  return { input: positionals[0]!, titles: values.titles, year, out: values.out, dryRun: values['dry-run'] ?? false };
}

/** Reads a file the user named; a failure is an operational error naming the file and what was wrong. */
async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new ImportFileError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** The shelf's text, or "" if it does not exist yet (the import creates it). */
async function readShelf(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new ImportFileError(`cannot read the shelf ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The shelf replaced atomically (readers see old or new, never half); a failure names the shelf. */
async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await writeFileAtomically(path, text);
  } catch (err) {
    throw new ImportFileError(`cannot write the shelf ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The command, callable in-process (tests) as well as from the entry point below. */
export async function importPapers(argv: readonly string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const args = parseImportArgs(argv);
  const out = args.out ?? loadConfig(env).CORPUS_PATH;
  const input = await readUserFile(args.input, 'the abstracts file');
  const titles = args.titles === undefined ? undefined : parseTitles(await readUserFile(args.titles, 'the titles file'));
  const seed = parseSeedAbstracts(input, args.input, titles, { year: args.year, titlesPath: args.titles });
  const shelf = await readShelf(out);
  const plan = planImport(shelf, out, seed.papers);

  // Warnings about papers that are skipped anyway are noise; so is any warning when nothing is added.
  const skippedWarnings = new Set(plan.skipped.flatMap((s) => seed.warningsByPaper.get(s.paper.id) ?? []));
  if (plan.added.length > 0) {
    for (const w of seed.warnings) if (!skippedWarnings.has(w)) io.err(`warning: ${w}\n`);
  }
  const skippedNote = plan.skipped.length === 0 ? '' : `; skipped ${plan.skipped.length} already on the shelf (same id or abstract)`;
  for (const p of plan.added) io.out(`  + ${p.id}  ${p.title}\n`);
  for (const s of plan.skipped) io.out(`  = ${s.paper.id}  already on the shelf as ${s.existingId}\n`);

  if (plan.added.length === 0) {
    io.out(`Nothing to add to ${out}${skippedNote}.\n`);
    return;
  }
  if (!args.dryRun) await writeAtomically(out, plan.text);
  const verb = args.dryRun ? 'Dry run: would add' : 'Added';
  io.out(`${verb} ${plural(plan.added.length, 'paper')} to ${out}${skippedNote}.\n`);
  if (!args.dryRun) io.out('Next: npm run index (to make them searchable).\n');
}

// Run only as the entry point, so tests can import importPapers without side effects.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(() => importPapers(process.argv.slice(2)));
}
