import dotenv from 'dotenv';
import { describeFailure } from '../errors.js';

export { UsageError } from '../errors.js';

export interface RunOptions {
  /** Failures as one JSON object on stdout, `{"error": {"code", "message"}}`, for commands called with --json. */
  jsonErrors?: boolean;
}

/** True when argv asks for JSON output (before any `--`), so even a usage error is reported as JSON. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

/** Where a command writes: the process's stdout and stderr, or a test's buffers. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Runs a command and returns its exit code: 0 on success (and after --help), 2 for usage errors,
 * 1 for operational ones, having written describeFailure's message (no stack trace unless
 * LOG_LEVEL=debug) to stderr, or to stdout as one JSON object with `jsonErrors`.
 */
export async function execute(main: () => Promise<void>, io: Io = processIo, options: RunOptions = {}): Promise<number> {
  try {
    await main();
    return 0;
  } catch (err) {
    const failure = describeFailure(err);
    if (failure.exitCode === 0) io.out(`${failure.message}\n`);
    else if (options.jsonErrors) io.out(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
    else io.err(`${failure.message}\n`);
    return failure.exitCode;
  }
}

/** A CLI entry point: .env read, the command run through execute, the process ended with its exit code. */
export function runCli(main: () => Promise<void>, options: RunOptions = {}): void {
  // quiet: dotenv 17+ otherwise announces itself on stderr on every run.
  dotenv.config({ quiet: true });
  void execute(main, processIo, options).then((code) => process.exit(code));
}
