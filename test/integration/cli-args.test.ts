/**
 * The one argument layer, through every command's real entry point: --help prints the usage and
 * exits 0 before doing anything else; an unknown flag exits 2 with the usage line.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEnv, REPO, tempShelf } from '../support/shelf-fixture.js';

const COMMANDS: Array<[name: string, entry: string, usage: string]> = [
  ['start', 'src/cli/start.ts', 'usage: npm start'],
  ['index', 'src/cli/build-index.ts', 'usage: npm run index'],
  ['ask', 'src/cli/ask.ts', 'usage: npm run ask'],
  ['register', 'src/cli/register.ts', 'usage: npm run register'],
  ['import', 'src/cli/import.ts', 'usage: npm run import'],
  ['eval', 'scripts/eval.ts', 'usage: npm run eval'],
  ['bench', 'scripts/bench.ts', 'usage: npm run bench'],
  ['make-fixture-model', 'scripts/make-fixture-model.ts', 'usage: npm run make-fixture-model'],
];

async function run(entry: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, entry), ...args], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('every command: --help and unknown flags', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  // All runs at once (each is mostly tsx start-up), against a temp shelf so a flag ignored by mistake harms nothing.
  let results: Map<string, { help: Awaited<ReturnType<typeof run>>; bogus: Awaited<ReturnType<typeof run>> }>;
  beforeAll(async () => {
    dir = await tempShelf();
    env = fixtureEnv(dir);
    delete env.DISCORD_TOKEN;
    const runs = await Promise.all(
      COMMANDS.map(
        async ([name, entry]) => [name, { help: await run(entry, ['--help'], env), bogus: await run(entry, ['--bogus'], env) }] as const,
      ),
    );
    results = new Map(runs);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(COMMANDS)('%s --help prints the usage on stdout and exits 0', (name, _entry, usage) => {
    const { help } = results.get(name)!;
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.startsWith(usage)).toBe(true);
    expect(help.stdout.split('\n').length).toBeGreaterThan(2);
    expect(help.stderr).toBe('');
  });

  it.each(COMMANDS)('%s --bogus exits 2 naming the flag, with the usage line', (name, _entry, usage) => {
    const { bogus } = results.get(name)!;
    expect(bogus.code, bogus.stderr).toBe(2);
    expect(bogus.stderr.startsWith(`unknown option --bogus\n${usage}`)).toBe(true);
    expect(bogus.stderr.trim().split('\n')).toHaveLength(2);
    expect(bogus.stdout).toBe('');
  });

  it('--help did not build an index', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'index'))).toBe(false);
  });
});
