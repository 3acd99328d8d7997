import { REST, Routes } from 'discord.js';
import { loadConfig } from '../config.js';
import { allCommands } from '../discord/commands/registry.js';
import { syncCommands } from '../discord/register.js';
import { explainDiscordFailure } from '../discord/connect-errors.js';
import { parseCommandLine } from './args.js';
import { runCli, UsageError } from './run.js';

const COMMAND = {
  usage: 'usage: npm run register',
  help: `Registers the bot's slash commands with Discord without starting the bot, only when they changed
(npm start does the same at every start). Needs DISCORD_TOKEN; with DISCORD_GUILD_ID set, in that
server only (instant), otherwise globally (can take up to an hour to appear).
Exit 0 when registered or already up to date; 1 when Discord cannot be reached, refuses the token
or lacks access (the message says which); 2 without DISCORD_TOKEN.`,
  options: {},
} as const;

/** `npm run register`: registers the slash commands without starting the bot. */
runCli(async () => {
  parseCommandLine(COMMAND, process.argv.slice(2));
  const config = loadConfig();
  if (!config.DISCORD_TOKEN)
    throw new UsageError('DISCORD_TOKEN is not set.', 'Put the bot token in .env as DISCORD_TOKEN=..., then run: npm run register');
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  try {
    const app = (await rest.get(Routes.currentApplication())) as { id: string };
    const result = await syncCommands(
      rest,
      app.id,
      config.DISCORD_GUILD_ID,
      allCommands.map((c) => c.data),
    );
    const where = config.DISCORD_GUILD_ID
      ? `guild ${config.DISCORD_GUILD_ID}`
      : 'all guilds (global commands can take up to an hour to appear)';
    process.stdout.write(
      `Slash commands ${result === 'updated' ? 'registered' : 'already up to date'} for ${where}: ${allCommands.map((c) => `/${c.data.name}`).join(' ')}\n`,
    );
  } catch (err) {
    throw explainDiscordFailure(err, config.DISCORD_API_URL, config.DISCORD_GUILD_ID);
  }
});
