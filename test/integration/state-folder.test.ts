import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDigestStore } from '../../src/digest/store.js';
import { fixtureEnv, REPO } from '../support/shelf-fixture.js';

/**
 * Root ignores file permissions, so as root the bot runs as `nobody` here: the permission cases
 * are then real, not simulated.
 */
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** `npm start`'s entry point with DATABASE_PATH set; resolves with exit code and stderr. */
async function start(databasePath: string, dir: string): Promise<{ code: number | null; stderr: string }> {
  const env = fixtureEnv(dir, {
    DATABASE_PATH: databasePath,
    DISCORD_TOKEN: 'never-used',
    DISCORD_API_URL: 'http://127.0.0.1:9/api',
    HOME: dir,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/start.ts')], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...asUser,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

function expectClear(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('the state folder (DATABASE_PATH) at start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'papershelf-state-'));
    await chmod(dir, 0o755);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a folder that cannot be created is named, with the permission to give', async () => {
    const locked = join(dir, 'locked');
    await mkdir(locked, { mode: 0o555 });
    await chmod(locked, 0o555);
    const r = await start(join(locked, 'data', 'papershelf.db'), dir);
    expectClear(
      r,
      /cannot create the folder .*locked\/data for DATABASE_PATH \((EACCES|EPERM): permission denied\)\. Create it and give the bot's user write access/,
    );
  }, 30_000);

  it('a path through a file is named as such', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    const r = await start(join(dir, 'a-file', 'papershelf.db'), dir);
    expectClear(r, /cannot create the folder .*a-file for DATABASE_PATH \((ENOTDIR|EEXIST): a part of the path is a file, not a folder\)/);
  }, 30_000);

  it('a read-only database names the permissions to give', async () => {
    const folder = join(dir, 'ro');
    await mkdir(folder);
    const file = join(folder, 'papershelf.db');
    openDigestStore(file).close();
    await chmod(file, 0o444);
    await chmod(folder, 0o555);
    const before = (await stat(file)).mtimeMs;
    const r = await start(file, dir);
    expectClear(
      r,
      /digest database .*ro\/papershelf\.db is read-only for the bot's user: give it write permission on the file and on its folder/,
    );
    expect((await stat(file)).mtimeMs).toBe(before);
  }, 30_000);

  it('a damaged database is refused at start, naming the file and what to do, and left as it was', async () => {
    // Writable by the bot's user: only the damage is in the way.
    const folder = join(dir, 'damaged');
    await mkdir(folder);
    await chmod(folder, 0o777);
    const file = join(folder, 'damaged.db');
    const store = openDigestStore(file);
    for (let i = 0; i < 200; i++) {
      store.upsertSubscription({
        guildId: 'g1',
        channelId: `c${i}`,
        time: '09:00',
        tz: 'UTC',
        topics: 'x'.repeat(200),
        createdBy: 'u1',
        now: 0,
      });
    }
    store.close();
    // Garbage over the third page (a table's b-tree page), the header left intact.
    const handle = await open(file, 'r+');
    await handle.write(Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 2);
    await handle.close();
    await chmod(file, 0o666);
    const bytes = await readFile(file);
    const r = await start(file, dir);
    expectClear(
      r,
      /digest database .*damaged\.db is damaged \(PRAGMA quick_check: .+\)\. Stop the bot, move the file aside .*restore it from a backup/,
    );
    expect((await readFile(file)).equals(bytes)).toBe(true);
  }, 30_000);
});
