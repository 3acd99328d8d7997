import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator/emulator.js';
import { startBotProcess, type BotProcess } from '../../scripts/support/bot-process.js';
import { fixtureEmbedder, tempShelf } from '../support/shelf-fixture.js';
import { buildIndex } from '../../src/index/build.js';
import type { Embedder } from '../../src/embed/types.js';

/** A running bot meets a broken index: it says what is wrong once, without a stack, and keeps answering. */
describe('the running bot and a broken index', () => {
  let emu: DiscordEmulator;
  let bot: BotProcess;
  let dir: string;
  let embedder: Embedder;

  beforeAll(async () => {
    dir = await tempShelf();
    embedder = await fixtureEmbedder();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
    bot = await startBotProcess(emu, dir);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function stillAnswers(): Promise<void> {
    const result = await (
      await emu.interact({
        type: 'command',
        name: 'ask',
        options: { question: 'Which paper parallelizes the backward pass with cyclic reduction?' },
      })
    ).response();
    if (result.kind !== 'message') throw new Error('expected an answer');
    expect((result.message.embeds ?? []).map((e: APIEmbed) => e.description ?? '').join('\n')).toContain('DeepPCR');
  }

  it('a new version with a damaged vectors.bin is refused with its file named, and the previous one served', async () => {
    await appendFile(
      join(dir, 'papers.jsonl'),
      `${JSON.stringify({ id: 'test:extra', title: 'An extra paper', authors: ['A. Author'], year: 2026, venue: null, url: null, code: null, abstract: 'A short abstract about nothing much.' })}\n`,
    );
    const indexDir = join(dir, 'index');
    await buildIndex({
      corpusPath: join(dir, 'papers.jsonl'),
      indexDir,
      embedder,
      // Damaged after it is written, before it is published: the bot sees it the moment CURRENT names it.
      onPhase: (phase) => {
        if (phase !== 'publish') return;
        const tmp = readdirSync(indexDir).find((n) => n.startsWith('.tmp-'))!;
        const vectors = join(indexDir, tmp, 'vectors.bin');
        writeFileSync(vectors, Buffer.alloc(statSync(vectors).size, 7));
      },
    });
    const line = await bot.waitForLine(/new index could not be loaded/, 20_000);
    expect(line).toMatch(/vectors\.bin is damaged .*npm run index/);
    expect(line).not.toMatch(/"stack"/);
    await stillAnswers();
  });

  it('a CURRENT pointing outside INDEX_DIR is reported once, and the loaded index served', async () => {
    await writeFile(join(dir, 'index', 'CURRENT'), '../../../etc\n');
    // The log is JSON: the name's quotes arrive escaped.
    await bot.waitForLine(
      /still serving the loaded index: .*CURRENT names \\"\.\.\/\.\.\/\.\.\/etc\\", which is not a version folder/,
      10_000,
    );
    // The watcher polls every 2 s: two more polls, still one line.
    await new Promise((r) => setTimeout(r, 4500));
    expect(bot.lines.filter((l) => /CURRENT names/.test(l))).toHaveLength(1);
    await stillAnswers();
  }, 20_000);
});
