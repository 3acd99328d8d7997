import { basename } from 'node:path';
import dotenv from 'dotenv';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { loadIndex } from './index/load.js';
import { readCurrentVersion } from './index/layout.js';
import { watchIndex } from './index/watch.js';
import { Shelf } from './answer/shelf.js';
import { openEmbedder } from './cli/open-embedder.js';
import { buildWithProgress } from './cli/build-with-progress.js';
import { ButtonStore } from './discord/button-store.js';
import { RateLimiter } from './discord/rate-limit.js';
import { WorkQueue } from './discord/work-queue.js';
import { allCommands, buttons } from './discord/commands/index.js';
import { startBot } from './discord/bot.js';
import { createDigestScheduler } from './discord/commands/digest.js';
import { openDigestStore } from './digest/store.js';
import { digestTiming } from './digest/timing.js';
import { AppError, describeFailure } from './errors.js';
import { parseCommandLine } from './cli/args.js';
import { explainDiscordFailure, INVITE_HINT } from './discord/connect-errors.js';
import type { BotContext, AskState } from './discord/context.js';

/** How long shutdown waits for answers in flight before closing anyway. */
const DRAIN_MS = 10_000;

const NO_TOKEN = `DISCORD_TOKEN is not set.
Create a bot at https://discord.com/developers/applications (New Application → Bot → Reset Token),
put the token in .env as DISCORD_TOKEN=..., and ${INVITE_HINT}.
Without a token you can still try the shelf: npm run index, then npm run ask -- "your question".`;

const COMMAND = {
  usage: 'usage: npm start',
  help: `Starts the Discord bot: builds the index if there is none, loads the model, logs in, brings the
slash commands up to date and logs one line saying what it loaded. Configured by the environment
or .env (see .env.example): DISCORD_TOKEN is required. Stops cleanly on Ctrl-C or SIGTERM.
Exit 1 with a message naming the cause and the fix when it cannot start.`,
  options: {},
} as const;

async function main(): Promise<void> {
  parseCommandLine(COMMAND, process.argv.slice(2));
  dotenv.config({ quiet: true });
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new AppError(NO_TOKEN, { code: 'config' });
  const log = createLogger({ level: config.LOG_LEVEL, ...(config.LOG_FORMAT ? { format: config.LOG_FORMAT } : {}) });
  // One failed promise somewhere must not take the bot down for everyone.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection (kept running)'));

  // The index first (built now if there is none yet), then the model, then Discord.
  const hasIndex = (await readCurrentVersion(config.INDEX_DIR)) !== null;
  const embedder = await openEmbedder(config, (m) => log.warn(m));
  if (!hasIndex) {
    log.info(`no index in ${config.INDEX_DIR}/ yet: building it from ${config.CORPUS_PATH}`);
    log.info(await buildWithProgress(config, embedder));
  }
  const shelf = new Shelf(await loadIndex(config.INDEX_DIR), embedder);
  if (shelf.warning) log.warn(shelf.warning);

  const digests = openDigestStore(config.DATABASE_PATH);
  const timing = digestTiming({ clockOffsetMs: config.TEST_CLOCK_OFFSET_MS, ...(config.TEST_DIGEST_RETRY_MS ? { retryDelaysMs: config.TEST_DIGEST_RETRY_MS } : {}) });
  // Before any digest is scheduled: a claim the last run never confirmed is not posted again.
  const unconfirmed = digests.resolveUnconfirmed(timing.now());
  if (unconfirmed.length > 0) log.warn({ unconfirmed }, 'digests claimed but never confirmed before the last stop; not posted again to avoid duplicates');

  const ctx: BotContext = {
    config,
    log,
    shelf,
    asks: new ButtonStore<AskState>(),
    limiter: new RateLimiter(),
    queue: new WorkQueue({ concurrency: 1, maxQueued: 50 }),
    digests,
    timing,
    scheduler: null,
    closing: false,
  };
  // Signals are handled from here on, so a stop during log-in is still a clean one.
  let bot: Awaited<ReturnType<typeof startBot>> | null = null;
  let watcher: ReturnType<typeof watchIndex> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing answers in flight');
    ctx.closing = true;
    watcher?.close();
    // Lets a digest post in flight finish, so it is confirmed rather than left "unconfirmed".
    await ctx.scheduler?.stop();
    const drained = await ctx.queue.drain(DRAIN_MS);
    if (!drained) log.warn('answers still running after the grace period; closing anyway');
    await bot?.client.destroy();
    digests.close();
    log.info('bye');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  bot = await startBot(ctx, allCommands, buttons).catch((err: unknown) => {
    throw explainDiscordFailure(err, config.DISCORD_API_URL, config.DISCORD_GUILD_ID);
  });

  ctx.scheduler = createDigestScheduler(ctx, bot.client);
  ctx.scheduler.start();

  // The version actually loaded, so a build published since start-up is picked up, not taken as known.
  watcher = watchIndex(config.INDEX_DIR, basename(shelf.current.dir), async (version) => {
    try {
      const next = await loadIndex(config.INDEX_DIR);
      shelf.swap(next);
      log.info({ version }, `loaded new index: ${next.papers.length} papers, ${next.manifest.counts.passages} passages`);
      if (shelf.warning) log.warn(shelf.warning);
    } catch (err) {
      log.error({ err, version }, 'new index could not be loaded; still serving the previous one');
    }
  });

  const index = shelf.current;
  log.info(
    `papershelf ready: ${index.papers.length} papers, ${index.manifest.counts.passages} passages, model ${config.EMBED_MODEL}, ` +
      `${shelf.mode} search, ${bot.client.guilds.cache.size} guilds (commands ${bot.commandsSync})`,
  );


}

// The same mapping as every CLI: a known error's own message, a stack trace only with LOG_LEVEL=debug.
main().catch((err: unknown) => {
  const failure = describeFailure(err);
  if (failure.exitCode === 0) {
    process.stdout.write(`${failure.message}\n`);
    process.exit(0);
  }
  process.stderr.write(`${failure.code === 'internal' ? 'papershelf could not start: ' : ''}${failure.message}\n`);
  process.exit(failure.exitCode);
});
