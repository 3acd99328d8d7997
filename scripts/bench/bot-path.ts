import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.js';
import { startDiscordEmulator } from '../support/discord-emulator.js';
import { startBotProcess } from '../support/bot-process.js';
import { benchQueries } from './queries.js';
import { DEFAULT_SEED } from './corpus.js';
import type { BotPathReport } from './report.js';
import { summarize } from './stats.js';
import { warmupAndTimed } from './serve.js';

/** Untimed first questions: the first answers pay for JIT compilation, as on any fresh process. */
const WARMUPS = 5;

/** Where the bot runs: a benchmark shelf folder (papers.jsonl, index/) and the model its index was built with. */
export interface BotPathContext {
  shelfDir: string;
  model: string;
}

/**
 * The bot path: the real bot process on a benchmark shelf, driven through the loopback Discord
 * API; each /ask is timed from the INTERACTION_CREATE dispatch to the final message. Questions go
 * one at a time (each from its own user, so the rate limit stays out of it): this measures
 * latency, not throughput. The warm-up questions are not among the timed ones.
 */
export async function measureBotPath(ctx: BotPathContext, asks = 200): Promise<BotPathReport> {
  const dir = ctx.shelfDir;
  const { papers } = await loadCorpus(join(dir, 'papers.jsonl'));
  const all = benchQueries(papers, 3 * (asks + WARMUPS), DEFAULT_SEED + 7).map((q) => q.slice(0, 300).padEnd(3, '?'));
  const { warmup, timed: questions } = warmupAndTimed(all, WARMUPS, asks);

  const emu = await startDiscordEmulator();
  // The shelf's own model: with another one the bot would answer lexically and time less work.
  const bot = await startBotProcess(emu, dir, { EMBED_MODEL: ctx.model }).catch(async (err: unknown) => {
    await emu.close();
    throw err;
  });
  try {
    for (let i = 0; i < warmup.length; i++)
      await (
        await emu.interact({
          type: 'command',
          name: 'ask',
          options: { question: warmup[i]! },
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
