import { REST, Routes } from 'discord.js';
import { loadConfig } from '../config.js';
import { allCommands } from '../discord/commands/index.js';
import { syncCommands } from '../discord/register.js';
import { runCli, UsageError } from './run.js';

/** `npm run register`: registers the slash commands without starting the bot. */
runCli(async () => {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new UsageError('DISCORD_TOKEN is not set.', 'Put the bot token in .env as DISCORD_TOKEN=..., then run: npm run register');
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const result = await syncCommands(rest, app.id, config.DISCORD_GUILD_ID, allCommands.map((c) => c.data));
  const where = config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'all guilds (global commands can take up to an hour to appear)';
  process.stdout.write(`Slash commands ${result === 'updated' ? 'registered' : 'already up to date'} for ${where}: ${allCommands.map((c) => `/${c.data.name}`).join(' ')}\n`);
});
