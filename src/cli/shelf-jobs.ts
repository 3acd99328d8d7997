import { spawn, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOutcome, type ShelfJob, type ShelfJobOutcome } from '../arxiv/jobs.js';
import type { Logger } from '../log.js';

/** Node flags that load code (tsx's loader, preloads): the only ones a child must share with the bot. */
const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The bot's Node flags a child should run with: its loaders, nothing else. Flags such as
 * `--eval` or `--inspect` would make every child run the parent's code or fight over a port.
 */
export function childNodeArgs(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const name = arg.split('=')[0]!;
    if (!LOADER_FLAGS.has(name)) continue;
    if (arg.includes('=')) out.push(arg);
    else if (i + 1 < execArgv.length) out.push(arg, execArgv[++i]!);
  }
  return out;
}

/** A daily fetch of a busy week's categories plus its embedding; past this the child is stopped. */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export interface ShelfJobRunnerOptions {
  log: Logger;
  /** Called after a job changed the index, before its outcome is handed back (the bot loads the new index). */
  onIndexChanged: () => Promise<void>;
  timeoutMs?: number;
  /** The child's entry point; default: shelf-job beside this file (.ts under tsx, .js when compiled). */
  script?: string;
  /** Node flags of the child; default: the bot's own (tsx's loader under tsx, none when compiled). */
  nodeArgs?: string[];
  /** The child's environment; default: the bot's (its configuration, .env included). */
  env?: NodeJS.ProcessEnv;
}

const CLOSING: ShelfJobOutcome = { ok: false, error: { code: 'closing', message: 'the bot is shutting down; try again once it is back' } };

/**
 * Runs shelf jobs one at a time, each in a child process (the bot's own Node, with its loader
 * flags, so it works under tsx and compiled alike). The child holds the shelf lock, so a
 * concurrent `npm run fetch` gets a clear "another fetch" message rather than a torn shelf.
 */
export class ShelfJobRunner {
  private queue: Promise<unknown> = Promise.resolve();
  private child: ChildProcess | null = null;
  private current: ShelfJob | null = null;
  private closed = false;
  private readonly script: string;

  constructor(private readonly opts: ShelfJobRunnerOptions) {
    const here = fileURLToPath(import.meta.url);
    this.script = opts.script ?? fileURLToPath(new URL(`./shelf-job${extname(here)}`, import.meta.url));
  }

  /** The job running now, if any (for /shelf status). */
  get running(): ShelfJob | null {
    return this.current;
  }

  run(job: ShelfJob): Promise<ShelfJobOutcome> {
    const next = this.queue.then(() => this.runOne(job));
    this.queue = next.catch(() => {});
    return next;
  }

  /** Stops a job in flight and refuses new ones (shutdown): the shelf is written atomically, so it is left as before or whole. */
  stop(): void {
    this.closed = true;
    this.child?.kill('SIGTERM');
  }

  private async runOne(job: ShelfJob): Promise<ShelfJobOutcome> {
    if (this.closed) return CLOSING;
    this.current = job;
    try {
      const outcome = await this.spawn(job);
      if (outcome.ok && outcome.built !== null) await this.opts.onIndexChanged();
      return outcome;
    } finally {
      this.current = null;
    }
  }

  private spawn(job: ShelfJob): Promise<ShelfJobOutcome> {
    const { log } = this.opts;
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [...(this.opts.nodeArgs ?? childNodeArgs(process.execArgv)), this.script, JSON.stringify(job)],
        {
          env: this.opts.env ?? process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      this.child = child;
      let stdout = '';
      const stderr: string[] = [];
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => {
        for (const line of d.toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          stderr.push(line);
          if (stderr.length > 20) stderr.shift();
          log.debug({ job: job.kind }, line);
        }
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const finish = (outcome: ShelfJobOutcome) => {
        clearTimeout(timer);
        this.child = null;
        resolve(outcome);
      };
      child.on('error', (err) =>
        finish({ ok: false, error: { code: 'internal', message: `could not start the shelf job: ${err.message}` } }),
      );
      child.on('close', (code, signal) => {
        const outcome = parseOutcome(stdout);
        if (outcome) return finish(outcome);
        if (this.closed) return finish(CLOSING);
        const why = timedOut
          ? `it ran longer than ${(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s and was stopped`
          : `it exited with ${signal ?? `code ${code}`}`;
        const tail = stderr.slice(-3).join(' | ');
        finish({ ok: false, error: { code: 'internal', message: `the shelf job (${job.kind}) failed: ${why}${tail ? `: ${tail}` : ''}` } });
      });
    });
  }
}
