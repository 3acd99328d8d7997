import dotenv from 'dotenv';
import { ConfigError } from '../config.js';
import { CorpusError } from '../corpus/load.js';
import { IndexError } from '../index/errors.js';
import { ModelLoadError } from '../embed/locate.js';
import { CollectionsMissingError } from '../calibrate/collections.js';

/** A mistake in how the command was called: exit 2 with the usage line. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Runs a CLI entry point: exit 0 on success, 2 for usage errors, 1 for operational ones, with a
 * message that says what to fix (the known errors' messages already do) and no stack trace.
 */
export function runCli(main: () => Promise<void>): void {
  // quiet: dotenv 17+ otherwise announces itself on stderr on every run.
  dotenv.config({ quiet: true });
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n${err.usage}\n`);
        process.exit(2);
      }
      if (err instanceof CorpusError) {
        process.stderr.write(`${err.message}\nNothing was built; fix the lines above and run the command again.\n`);
      } else if (err instanceof ConfigError || err instanceof IndexError || err instanceof ModelLoadError || err instanceof CollectionsMissingError) {
        process.stderr.write(`${err.message}\n`);
      } else {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      }
      process.exit(1);
    },
  );
}
