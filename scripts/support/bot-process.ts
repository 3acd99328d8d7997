import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { DiscordEmulator } from './discord-emulator/emulator.js';
import { fixtureEnv, REPO } from './fixture-env.js';

/** The real bot (`src/cli/start.ts`) as a child process, pointed at a loopback Discord. */
export interface BotProcess {
  child: ChildProcess;
  /** Every line the bot wrote (stdout and stderr), live. */
  lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export interface BotProcessOptions {
  /**
   * 'npm-start' runs the production command (`npm start`: the compiled bot under npm) as the leader
   * of its own process group, so a test can signal the group as systemd or a terminal's Ctrl-C
   * does, or npm alone as `docker stop` does. Default: `src/cli/start.ts` through tsx, quicker to start.
   */
  command?: 'tsx' | 'npm-start';
}

export async function startBotProcess(
  emu: DiscordEmulator,
  dir: string,
  extraEnv: Record<string, string> = {},
  opts: BotProcessOptions = {},
): Promise<BotProcess> {
  const npmStart = opts.command === 'npm-start';
  const [command, args] = npmStart
    ? ['npm', ['start', '--silent']]
    : [process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/start.ts')]];
  const child = spawn(command, args, {
    cwd: REPO,
    detached: npmStart,
    env: fixtureEnv(dir, {
      DISCORD_TOKEN: emu.token,
      DISCORD_API_URL: emu.apiUrl,
      DISCORD_GUILD_ID: emu.guilds[0]!.id,
      LOG_LEVEL: 'info',
      ...extraEnv,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (process.env.BOT_LOG) process.stderr.write(`[bot] ${line}\n`);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const bot: BotProcess = {
    child,
    lines,
    waitForLine(pattern, timeoutMs = 30_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`bot never logged ${pattern}; last lines:\n${lines.slice(-15).join('\n')}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
  await bot.waitForLine(/papershelf ready/, 60_000);
  return bot;
}
