import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LoadProbe } from './load-probe.js';

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
}

/** Runs a command to completion, timing it from spawn to exit. */
export function runChild(
  cmd: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}

export interface CliEnv {
  corpusPath: string;
  indexDir: string;
  model: string;
}

/** `npm run index` as an operator runs it: a fresh process that loads the model, then builds. */
export async function runIndexCli(repo: string, env: CliEnv): Promise<ChildResult> {
  const result = await runChild('npx', ['tsx', 'src/cli/build-index.ts'], {
    cwd: repo,
    timeoutMs: 10 * 60_000,
    env: {
      ...process.env,
      CORPUS_PATH: env.corpusPath,
      INDEX_DIR: env.indexDir,
      EMBED_MODEL: env.model,
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  if (result.code !== 0) throw new Error(`npm run index failed (exit ${result.code}):\n${result.stderr}`);
  return result;
}

/** Loads the index in a fresh node process, then runs the queries there; returns load time, memory and query timings. */
export async function probeLoad(
  repo: string,
  indexDir: string,
  probe: { model: string; queries: number; seed: number },
): Promise<LoadProbe> {
  const args = [
    // The probe collects the load's garbage before reading the resident memory a serving bot keeps.
    '--expose-gc',
    '--import',
    'tsx',
    join(repo, 'scripts/bench/load-probe.ts'),
    indexDir,
    probe.model,
    String(probe.queries),
    String(probe.seed),
  ];
  const result = await runChild(process.execPath, args, { cwd: repo, env: process.env, timeoutMs: 10 * 60_000 });
  if (result.code !== 0) throw new Error(`load probe failed (exit ${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as LoadProbe;
}
