import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotContext } from './context.js';
import type { ButtonRoute, SlashCommand } from './command.js';
import { createRouter } from './router.js';
import { syncCommands } from './register.js';

export interface RunningBot {
  client: Client<true>;
  commandsSync: 'updated' | 'unchanged';
}

/** A discord.js client that talks to DISCORD_API_URL (Discord, a REST proxy, or a test emulator). */
export function createClient(apiUrl: string): Client {
  return new Client({
    // Slash commands, buttons and autocomplete need no privileged intents.
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiUrl },
    allowedMentions: { parse: [] },
  });
}

/** Logs in, waits for READY, then brings the registered slash commands up to date. */
export async function startBot(
  ctx: BotContext,
  commands: readonly SlashCommand[],
  buttons: readonly ButtonRoute[],
): Promise<RunningBot> {
  const { config, log } = ctx;
  const client = createClient(config.DISCORD_API_URL);
  const route = createRouter(ctx, commands, buttons);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'gateway resumed'));

  const ready = once(client, Events.ClientReady);
  await client.login(config.DISCORD_TOKEN);
  await ready;
  const c = client as Client<true>;
  const commandsSync = await syncCommands(
    c.rest,
    c.application.id,
    config.DISCORD_GUILD_ID,
    commands.map((cmd) => cmd.data),
  );
  return { client: c, commandsSync };
}
