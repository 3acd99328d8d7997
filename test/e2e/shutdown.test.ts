import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import type { APIEmbed } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator/emulator.js';
import { startBotProcess, type BotProcess } from '../../scripts/support/bot-process.js';
import { fixtureEmbedder, tempShelf } from '../support/shelf-fixture.js';
import { buildIndex } from '../../src/index/build.js';

/** True while any process of the group led by `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The production start command (`npm start`: npm → sh → node dist/cli/start.js) stopped the ways
 * supervisors stop it, while every reply is held back by a 429: all answers must still arrive.
 */
describe('stopping npm start', () => {
  let emu: DiscordEmulator;
  let dir: string;
  let users = 0;

  beforeAll(async () => {
    dir = await tempShelf();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder: await fixtureEmbedder() });
    // A long acknowledgement window: what is under test is the stop, not Discord's 3 s.
    emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000, interactionAckTimeoutMs: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function stopWhileRepliesAreHeld(signal: NodeJS.Signals, target: 'group' | 'npm'): Promise<BotProcess> {
    const bot = await startBotProcess(emu, dir, {}, { command: 'npm-start' });
    const pgid = bot.child.pid!;
    try {
      const seen = emu.requests.length;
      const held = () => emu.requests.slice(seen).filter((r) => r.injected).length;
      emu.failNext({ method: 'POST', route: '/interactions/:id/:token/callback', status: 429, retryAfter: 2, times: 10 });
      const handles = await Promise.all(
        Array.from({ length: 10 }, () => {
          const id = `73000000000000${String(++users).padStart(4, '0')}`;
          return emu.interact({
            type: 'command',
            name: 'ask',
            options: { question: 'Can active learning make models fairer?' },
            user: { id, username: `u${users}` },
          });
        }),
      );
      // Every answer is computed and its reply refused once: all ten are now on their way to Discord.
      await until(() => held() === 10, 10_000, 'ten replies held by a 429');
      const exited = once(bot.child, 'exit');
      if (target === 'group') process.kill(-pgid, signal);
      else bot.child.kill(signal);

      const results = await Promise.all(handles.map((h) => h.response(15_000)));
      for (const r of results) {
        if (r.kind !== 'message') throw new Error(`expected an answer, got ${r.kind}`);
        expect((r.message.embeds ?? []).map((e: APIEmbed) => e.description ?? '').join('\n')).toContain(
          'Can Active Learning Preemptively Mitigate Fairness Issues?',
        );
      }
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(bot.lines.some((l) => l.includes('"msg":"bye"'))).toBe(true);
      // Nothing left behind: not npm, not a shell, not the bot.
      await until(() => !groupAlive(pgid), 5000, 'the process group to exit');
      return bot;
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  }

  it('SIGTERM to the process group (systemd) delivers every answer held by a 429, then exits 0', async () => {
    const bot = await stopWhileRepliesAreHeld('SIGTERM', 'group');
    expect(bot.lines.some((l) => /"reason":"SIGTERM".*shutting down/.test(l))).toBe(true);
  }, 90_000);

  it('SIGINT to the process group (Ctrl-C) delivers every answer held by a 429, then exits 0', async () => {
    const bot = await stopWhileRepliesAreHeld('SIGINT', 'group');
    expect(bot.lines.some((l) => /"reason":"SIGINT".*shutting down/.test(l))).toBe(true);
  }, 90_000);

  it('SIGTERM to npm alone (docker stop) reaches the bot, delivers every answer and leaves no orphan', async () => {
    await stopWhileRepliesAreHeld('SIGTERM', 'npm');
  }, 90_000);

  it('a gateway close with 4004 (token revoked) logs one clear error and exits non-zero', async () => {
    const bot = await startBotProcess(emu, dir);
    const exited = once(bot.child, 'exit');
    await emu.dropConnection({ code: 4004 });
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
    const errors = bot.lines.filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/code 4004 .*authentication failed.*DISCORD_TOKEN/);
    expect(bot.lines.join('\n')).not.toMatch(/\n\s+at /);
  }, 60_000);
});
