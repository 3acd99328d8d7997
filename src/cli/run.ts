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

/**
 * Runs a CLI entry point: exit 0 on success (and after --help), 2 for usage errors, 1 for
 * operational ones, with the message of describeFailure (no stack trace unless LOG_LEVEL=debug).
 */
export function runCli(main: () => Promise<void>, options: RunOptions = {}): void {
  // quiet: dotenv 17+ otherwise announces itself on stderr on every run.
  dotenv.config({ quiet: true });
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const failure = describeFailure(err);
      if (failure.exitCode === 0) {
        process.stdout.write(`${failure.message}\n`);
      } else if (options.jsonErrors) {
        process.stdout.write(`${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`);
      } else {
        process.stderr.write(`${failure.message}\n`);
      }
      process.exit(failure.exitCode);
    },
  );
}
