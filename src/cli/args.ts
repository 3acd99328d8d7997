/**
 * The one argument layer of every command (`npm start`, `npm run index|ask|register|import|eval|
 * bench|make-fixture-model`, and any new one): node:util parseArgs in strict mode behind a helper
 * that answers `--help` / `-h` (usage on stdout, exit 0) and turns every parse problem into a
 * UsageError (exit 2 with the usage line). Adopting it in a new command:
 *
 *   const COMMAND = { usage: 'usage: npm run x -- [--flag]', help: 'What it does.', options: { flag: { type: 'boolean' } } } as const;
 *   runCli(async () => { const { values } = parseCommandLine(COMMAND, process.argv.slice(2)); ... });
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HelpRequested, UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** One line, starting "usage: ". Printed with every usage error. */
  usage: string;
  /** What the command does and what each option means; printed by --help under the usage line. */
  help: string;
  options: O;
  /** Whether bare arguments are allowed (a question, a file). Default false. */
  positionals?: boolean;
}

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** True when `--help` or `-h` comes before any `--` separator. */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Node's parse errors, reworded: its own text suggests shell quoting that confuses more than it helps. */
function reword(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = /(--[\w-]+)/.exec(message)?.[1];
      return flag ? `${flag} ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'}` : message;
    }
    default:
      return message;
  }
}

/** Parses argv against the spec: throws HelpRequested for --help and UsageError for anything it does not know. */
export function parseCommandLine<O extends Options>(spec: CommandSpec<O>, argv: readonly string[]): Parsed<O> {
  if (asksForHelp(argv)) throw new HelpRequested(`${spec.usage}\n\n${spec.help.trim()}`);
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- allowPositionals is a runtime boolean here, which explicit type arguments (literal true) would reject
    return parseArgs({ args: [...argv], options: spec.options, allowPositionals: spec.positionals ?? false, strict: true }) as Parsed<O>;
  } catch (err) {
    throw new UsageError(reword(err), spec.usage);
  }
}

/** An option that must be a whole number within bounds, or a UsageError naming it. */
export function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number, usage: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not ${raw}.`, usage);
  return n;
}
