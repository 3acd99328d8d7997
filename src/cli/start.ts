import dotenv from 'dotenv';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { loadIndex } from '../index/load.js';
import { readCurrentVersion } from '../index/layout.js';
import { watchIndex } from '../index/watch.js';
import { IndexError } from '../index/errors.js';
import { Librarian } from '../answer/librarian.js';
import { openEmbedder } from './open-embedder.js';
import { buildWithProgress } from './build-with-progress.js';
import { ButtonStore } from '../discord/button-store.js';
import { RateLimiter } from '../discord/rate-limit.js';
import { WorkQueue } from '../discord/work-queue.js';
import { allCommands, buttons } from '../discord/commands/registry.js';
import { startBot } from '../discord/bot.js';
import { createDigestScheduler } from '../discord/commands/digest.js';
import { openDigestStore } from '../digest/store.js';
import { digestTiming } from '../digest/timing.js';
import { AppError, describeFailure } from '../errors.js';
import { parseCommandLine } from './args.js';
import { explainDiscordFailure, INVITE_HINT } from '../discord/connect-errors.js';
import type { BotContext, AskState } from '../discord/context.js';
import { ShelfJobRunner } from './shelf-jobs.js';
import { DailyFetch } from '../discord/daily-fetch.js';
import { follows } from '../arxiv/daily.js';

/**
 * How long shutdown waits for answers in flight before closing anyway: under `docker stop`'s
 * 10 s grace (then SIGKILL), and long enough for a reply Discord holds back with a 429.
 */
const DRAIN_MS = 8_000;

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

  // State first: a DATABASE_PATH that cannot be written or a damaged database fails in a second, not after an index build.
  const digests = openDigestStore(config.DATABASE_PATH);
  // Then the index (built now if there is none yet), then the model, then Discord.
  const hasIndex = (await readCurrentVersion(config.INDEX_DIR)) !== null;
  const embedder = await openEmbedder(config, (m) => log.warn(m));
  if (!hasIndex) {
    log.info(`no index in ${config.INDEX_DIR}/ yet: building it from ${config.CORPUS_PATH}`);
    log.info(await buildWithProgress(config, embedder));
  }
  const librarian = new Librarian(await loadIndex(config.INDEX_DIR), embedder);
  if (librarian.warning) log.warn(librarian.warning);

  const timing = digestTiming({
    clockOffsetMs: config.TEST_CLOCK_OFFSET_MS,
    ...(config.TEST_DIGEST_RETRY_MS ? { retryDelaysMs: config.TEST_DIGEST_RETRY_MS } : {}),
  });
  // Before any digest is scheduled: a claim the last run never confirmed is not posted again.
  const unconfirmed = digests.resolveUnconfirmed(timing.now());
  if (unconfirmed.length > 0)
    log.warn({ unconfirmed }, 'digests claimed but never confirmed before the last stop; not posted again to avoid duplicates');

  // One way to load a new index, whoever notices it: the folder watcher, or a shelf job that just built it.
  let reloading: Promise<void> = Promise.resolve();
  const reloadIndex = (): Promise<void> => {
    const next = reloading.then(async () => {
      const version = await readCurrentVersion(config.INDEX_DIR);
      if (version === null || version === librarian.snapshot().version) return;
      try {
        librarian.swap(await loadIndex(config.INDEX_DIR));
        const loaded = librarian.snapshot();
        log.info({ version }, `loaded new index: ${loaded.paperCount} papers, ${loaded.passageCount} passages`);
        if (librarian.warning) log.warn(librarian.warning);
      } catch (err) {
        if (err instanceof IndexError)
          log.error({ version }, `new index could not be loaded; still serving the previous one. ${err.message}`);
        else log.error({ err, version }, 'new index could not be loaded; still serving the previous one');
      }
    });
    reloading = next.catch(() => {});
    return next;
  };
  // Fetching and embedding run in a child process, so /ask keeps answering meanwhile.
  const shelfJobs = new ShelfJobRunner({ log, onIndexChanged: reloadIndex });
  const dailyFetch = follows(config)
    ? new DailyFetch({ jobs: shelfJobs, store: digests, log, now: timing.now, time: config.FETCH_TIME })
    : null;

  const ctx: BotContext = {
    config,
    log,
    librarian,
    asks: new ButtonStore<AskState>(),
    limiter: new RateLimiter(),
    queue: new WorkQueue({ concurrency: 1, maxQueued: 50 }),
    digests,
    timing,
    scheduler: null,
    shelfJobs,
    dailyFetch,
    closing: false,
  };
  // Signals are handled from here on, so a stop during log-in is still a clean one.
  let bot: Awaited<ReturnType<typeof startBot>> | null = null;
  let watcher: ReturnType<typeof watchIndex> | null = null;
  let stopping = false;
  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down: finishing answers in flight');
    ctx.closing = true;
    watcher?.close();
    // A fetch in flight is stopped (the shelf is written atomically: left as before, or whole).
    shelfJobs.stop();
    await dailyFetch?.stop();
    // Lets a digest post in flight finish, so it is confirmed rather than left "unconfirmed".
    await ctx.scheduler?.stop();
    // Every interaction until its reply has left for Discord, not just the search queue: a reply
    // held back by a 429 is retried by discord.js, and exiting before that would lose it.
    const settled = (await bot?.inFlight.settle(DRAIN_MS)) ?? true;
    if (!settled) log.warn(`${bot?.inFlight.size ?? 0} answers still on their way after ${DRAIN_MS / 1000} s; closing anyway`);
    await ctx.queue.drain(0);
    await bot?.client.destroy();
    digests.close();
    log.info('bye');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const hooks = {
    // A supervisor can restart or alert on a non-zero exit; a bot left disconnected would answer nothing, silently.
    onGatewayLost: (code: number, message: string) => {
      log.error({ code }, message);
      void stop(`gateway closed with ${code}`, 1);
    },
  };
  bot = await startBot(ctx, allCommands, buttons, hooks).catch((err: unknown) => {
    throw explainDiscordFailure(err, config.DISCORD_API_URL, config.DISCORD_GUILD_ID);
  });

  ctx.scheduler = createDigestScheduler(ctx, bot.client);
  ctx.scheduler.start();
  dailyFetch?.start();

  // The version actually loaded, so a build published since start-up is picked up, not taken as known.
  // A broken index gets its own message (file and fix), not a stack; a bad CURRENT is said once, not every poll.
  let lastWatchError = '';
  watcher = watchIndex(
    config.INDEX_DIR,
    librarian.snapshot().version,
    async () => {
      await reloadIndex();
      lastWatchError = '';
    },
    {
      onError: (err) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message === lastWatchError) return;
        lastWatchError = message;
        log.error(`still serving the loaded index: ${message}`);
      },
    },
  );

  const served = librarian.snapshot();
  log.info(
    `papershelf ready: ${served.paperCount} papers, ${served.passageCount} passages, model ${config.EMBED_MODEL}, ` +
      `${librarian.mode} search, ${bot.client.guilds.cache.size} guilds (commands ${bot.commandsSync})`,
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
