import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import { startDiscordEmulator } from '../support/discord-emulator.js';
import { startBotProcess } from '../support/bot-process.js';
import { benchQueries } from './queries.js';
import { DEFAULT_SEED } from './corpus.js';
import type { BotPathReport } from './report.js';
import { summarize } from './stats.js';

/**
 * The bot path: the real bot process on the largest benchmark shelf, driven through the loopback
 * Discord API; each /ask is timed from the INTERACTION_CREATE dispatch to the final message.
 * Questions go one at a time (each from its own user, so the rate limit stays out of it): this
 * measures latency, not throughput.
 */
export async function measureBotPath(ctx: { workDir: string }, asks = 200): Promise<BotPathReport> {
  const shelves = (await readdir(ctx.workDir)).filter((n) => /^shelf-\d+$/.test(n));
  const largest = shelves.sort((a, b) => Number(b.slice(6)) - Number(a.slice(6)))[0];
  if (!largest) throw new Error(`no benchmark shelf in ${ctx.workDir}`);
  const dir = join(ctx.workDir, largest);
  const { papers } = await loadCorpus(join(dir, 'papers.jsonl'));
  const questions = benchQueries(papers, asks, DEFAULT_SEED + 7).map((q) => q.slice(0, 300).padEnd(3, '?'));

  const emu = await startDiscordEmulator();
  const bot = await startBotProcess(emu, dir).catch(async (err: unknown) => {
    await emu.close();
    throw err;
  });
  try {
    // Warm-up, untimed: the first answers pay for JIT compilation, as on any fresh process.
    for (let i = 0; i < 5; i++)
      await (
        await emu.interact({
          type: 'command',
          name: 'ask',
          options: { question: questions[i]! },
          user: { id: `8000000000000000${i}`, username: `w${i}` },
        })
      ).response(30_000);
    const samples: number[] = [];
    for (let i = 0; i < questions.length; i++) {
      const user = { id: `81${String(i).padStart(16, '0')}`, username: `b${i}` };
      const t0 = performance.now();
      const handle = await emu.interact({ type: 'command', name: 'ask', options: { question: questions[i]! }, user });
      const result = await handle.response(30_000);
      samples.push(performance.now() - t0);
      if (result.kind !== 'message') throw new Error(`/ask ${i} got ${result.kind}, not a message`);
    }
    const { p50, p99 } = summarize(samples);
    return { status: 'measured', papers: papers.length, asks: samples.length, p50Ms: p50, p99Ms: p99 };
  } finally {
    await bot.stop('SIGTERM');
    await emu.close();
  }
}
