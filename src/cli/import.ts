/**
 * npm run import -- <abstracts.txt> [--titles <file>] [--year <yyyy>] [--out <corpus.jsonl>] [--dry-run]
 *
 * Appends papers from the `Abstract:` text format to the shelf. The result is validated before
 * anything is written, and written atomically (temp file + rename), so a failure never leaves a
 * half-written shelf. Exit codes: 0 ok, 1 operational error, 2 usage error.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { parseSeedAbstracts, parseTitles, planImport } from '../corpus/import.js';
import { CorpusError } from '../corpus/load.js';

const USAGE =
  'usage: npm run import -- <abstracts.txt> [--titles <file>] [--year <yyyy>] [--out <corpus.jsonl>] [--dry-run]';

class UsageError extends Error {}
/** Something outside the program is wrong (a file missing or unwritable): exit 1. */
class OperationalError extends Error {}

interface Args {
  input: string;
  titles?: string;
  year?: number;
  out?: string;
  dryRun: boolean;
  help: boolean;
}

function parseCommandLine(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        titles: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { input: '', dryRun: false, help: true };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'missing the abstracts file' : `expected one abstracts file, got ${positionals.length}`,
    );
  }
  let year: number | undefined;
  if (values.year !== undefined) {
    if (!/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be a four-digit year, got "${values.year}"`);
    year = Number(values.year);
  }
  for (const name of ['titles', 'out'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new UsageError(`--${name} needs a file path`);
  }
  return {
    input: positionals[0]!,
    titles: values.titles,
    year,
    out: values.out,
    dryRun: values['dry-run'] ?? false,
    help: false,
  };
}

/** Reads a file the user named; a failure is an operational error naming the file and what was wrong. */
async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new OperationalError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** The shelf's text, or "" if it does not exist yet (the import creates it). */
async function readShelf(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new OperationalError(`cannot read the shelf ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Temp file in the same directory, flushed, then renamed over the target: readers see old or new, never half. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw new OperationalError(`cannot write the shelf ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`import: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }

  try {
    // Like the other commands, .env supplies CORPUS_PATH (quietly: stdout is the command's report).
    if (args.out === undefined) dotenv.config({ quiet: true });
    const out = args.out ?? loadConfig().CORPUS_PATH;
    const input = await readUserFile(args.input, 'the abstracts file');
    const titles = args.titles === undefined ? undefined : parseTitles(await readUserFile(args.titles, 'the titles file'));
    const seed = parseSeedAbstracts(input, args.input, titles, { year: args.year, titlesPath: args.titles });
    const shelf = await readShelf(out);
    const plan = planImport(shelf, out, seed.papers);

    // Warnings about papers that are skipped anyway are noise; so is any warning when nothing is added.
    const skippedWarnings = new Set(plan.skipped.flatMap((s) => seed.warningsByPaper.get(s.paper.id) ?? []));
    if (plan.added.length > 0) {
      for (const w of seed.warnings) if (!skippedWarnings.has(w)) console.error(`warning: ${w}`);
    }
    const skippedNote =
      plan.skipped.length === 0 ? '' : `; skipped ${plan.skipped.length} already on the shelf (same id or abstract)`;
    for (const p of plan.added) console.log(`  + ${p.id}  ${p.title}`);
    for (const s of plan.skipped) console.log(`  = ${s.paper.id}  already on the shelf as ${s.existingId}`);

    if (plan.added.length === 0) {
      console.log(`Nothing to add to ${out}${skippedNote}.`);
      return 0;
    }
    if (!args.dryRun) await writeAtomically(out, plan.text);
    const verb = args.dryRun ? 'Dry run: would add' : 'Added';
    console.log(`${verb} ${plural(plan.added.length, 'paper')} to ${out}${skippedNote}.`);
    if (!args.dryRun) console.log('Next: npm run index (to make them searchable).');
    return 0;
  } catch (err) {
    if (err instanceof CorpusError || err instanceof ConfigError || err instanceof OperationalError) {
      console.error(`import: ${err.message}`);
      return 1;
    }
    console.error('import: unexpected error:', err);
    return 1;
  }
}

// Run only as the entry point, so tests can import main without side effects.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
