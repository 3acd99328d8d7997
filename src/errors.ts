/**
 * The one base of every error a user or operator can cause and fix, and the one mapping from an
 * error to what the process prints and the code it exits with (used by every CLI through runCli
 * and by the bot's start-up in cli/start.ts).
 */

export interface AppErrorOptions {
  /** Process exit code: 1 for an operational problem (the default), 2 for a usage mistake. */
  exitCode?: number;
  /** Stable machine-readable name, the `code` of `--json` errors (e.g. "index", "usage"). */
  code?: string;
  /** A second line saying what to do next, printed after the message. */
  hint?: string;
  cause?: unknown;
}

/** An error whose message is written for the person who has to fix it: no stack trace needed. */
export class AppError extends Error {
  readonly exitCode: number;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.code = options.code ?? 'error';
    this.hint = options.hint;
  }
}

/** A mistake in how a command was called: exit 2, with the usage line. */
export class UsageError extends AppError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, { exitCode: 2, code: 'usage', hint: usage });
  }
}

/** `--help`: not a failure, but it ends the command the same way (text printed, then exit 0). */
export class HelpRequested extends AppError {
  constructor(readonly text: string) {
    super(text, { exitCode: 0, code: 'help' });
  }
}

/** What a failed command prints and exits with. */
export interface Failure {
  exitCode: number;
  code: string;
  /** One or two plain lines; a stack trace only in debug mode, or for an error nobody anticipated. */
  message: string;
}

/** LOG_LEVEL=debug (or trace) asks for stack traces; read raw, since the config itself may be what failed. */
export function wantsStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  const level = env.LOG_LEVEL?.trim().toLowerCase();
  return level === 'debug' || level === 'trace';
}

export function describeFailure(err: unknown, debug = wantsStackTraces()): Failure {
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof AppError) {
    const message = err.hint === undefined ? err.message : `${err.message}\n${err.hint}`;
    return { exitCode: err.exitCode, code: err.code, message: err instanceof HelpRequested ? message : `${message}${stack}` };
  }
  const what = err instanceof Error ? err.message : String(err);
  return {
    exitCode: 1,
    code: 'internal',
    message: debug ? `unexpected error: ${what}${stack}` : `unexpected error: ${what}\n(run with LOG_LEVEL=debug to see where it happened)`,
  };
}
