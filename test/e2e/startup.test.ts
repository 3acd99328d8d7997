import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator.js';
import { fixtureEmbedder, fixtureEnv, REPO, tempShelf } from '../support/shelf-fixture.js';
import { buildIndex } from '../../src/index/build.js';

/** Runs an entry point to completion and returns its exit code and output. */
async function runEntry(entry: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, entry)], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('start-up and npm run register', () => {
  let emu: DiscordEmulator;
  let dir: string;
  beforeAll(async () => {
    dir = await tempShelf();
    // Built once here, so each `npm start` below loads it instead of embedding the shelf again.
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder: await fixtureEmbedder() });
    emu = await startDiscordEmulator();
  });
  afterAll(async () => {
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('without a token, npm start says how to get one and that npm run ask works without it', () => {
    const env = fixtureEnv(dir);
    delete env.DISCORD_TOKEN;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/start.ts')], {
      cwd: REPO,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(r.stderr).toMatch(/discord\.com\/developers\/applications/);
    expect(r.stderr).toMatch(/npm run ask/);
  });

  it('a token Discord refuses stops the bot with a message naming DISCORD_TOKEN', async () => {
    const r = await runEntry('src/cli/start.ts', fixtureEnv(dir, { DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: emu.apiUrl }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Discord at .* refused the token \(401 Unauthorized\)\.\n.*Reset Token.*DISCORD_TOKEN=/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // Failures said in two plain lines, the same for npm start and npm run register; no stack trace.
  const UNREACHABLE =
    /^Cannot reach Discord at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): the token was not tried\.\nCheck the network connection .* DISCORD_API_URL, then try again\.\n$/;
  const REFUSED =
    /^Discord at http:\/\/127\.0\.0\.1:\d+\/api refused the token \(401 Unauthorized\)\.\nCopy a fresh token .*DISCORD_TOKEN=\.\.\., then try again\.\n$/;

  it.each([
    ['npm start', 'src/cli/start.ts'],
    ['npm run register', 'src/cli/register.ts'],
  ])('%s with Discord unreachable says the network, not the token, is the problem', async (_name, entry) => {
    const r = await runEntry(entry, fixtureEnv(dir, { DISCORD_TOKEN: 'some-token', DISCORD_API_URL: 'http://127.0.0.1:1' }));
    expect(r.code).toBe(1);
    expect(
      r.stderr
        .split('\n')
        .filter((l) => !l.startsWith('{'))
        .join('\n'),
    ).toMatch(UNREACHABLE);
  });

  it('npm run register with a refused token prints two plain lines and exits 1', async () => {
    const r = await runEntry('src/cli/register.ts', fixtureEnv(dir, { DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: emu.apiUrl }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(REFUSED);
    expect(r.stdout).toBe('');
  });

  it('npm run register for a guild the bot is not in names DISCORD_GUILD_ID and the invite scopes', async () => {
    const env = fixtureEnv(dir, { DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DISCORD_GUILD_ID: '123456789012345678' });
    const r = await runEntry('src/cli/register.ts', env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Discord refused access to guild 123456789012345678 \(DISCORD_GUILD_ID\): Missing Access \(50001\)\.\n.*bot and applications\.commands scopes/,
    );
  });

  it('LOG_LEVEL=debug adds the stack trace', async () => {
    const r = await runEntry(
      'src/cli/register.ts',
      fixtureEnv(dir, { DISCORD_TOKEN: 'x', DISCORD_API_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'debug' }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Cannot reach Discord/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('npm run register registers the commands once, then finds them up to date', async () => {
    const env = fixtureEnv(dir, { DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DISCORD_GUILD_ID: emu.guilds[0]!.id });
    const first = await runEntry('src/cli/register.ts', env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Slash commands registered for guild \d+: \/ask \/paper \/similar/);
    expect(emu.commands(emu.guilds[0]!.id).map((c) => c.name)).toContain('ask');
    const puts = () => emu.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands')).length;
    const before = puts();
    const second = await runEntry('src/cli/register.ts', env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already up to date/);
    expect(puts()).toBe(before);
  });
});
