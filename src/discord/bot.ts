import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotContext } from './context.js';
import type { ButtonRoute, SlashCommand } from './command.js';
import { createRouter } from './router.js';
import { syncCommands } from './register.js';
import { InFlight } from './in-flight.js';

export interface RunningBot {
  client: Client<true>;
  commandsSync: 'updated' | 'unchanged';
  /** Interactions still being answered, replies to Discord included; shutdown waits for them. */
  inFlight: InFlight;
}

export interface BotHooks {
  /**
   * The gateway closed for good (discord.js does not reconnect after these codes). Without a
   * gateway no interaction ever arrives again, so the process should stop and let its
   * supervisor restart it or alert; `message` says what happened and what fixes it.
   */
  onGatewayLost(code: number, message: string): void;
}

/**
 * What each close code that discord.js gives up on means to an operator. These are the only codes
 * on which it emits ShardDisconnect; any other close is resumed or re-identified by discord.js.
 */
export function gatewayLostMessage(code: number): string {
  const fix: Record<number, string> = {
    4004: 'authentication failed: the token was reset or revoked. Put the current token in DISCORD_TOKEN and start the bot again',
    4010: 'invalid shard. Start the bot again; if it persists, check the shard settings',
    4011: 'sharding required: the bot is in too many guilds for one gateway connection',
    4012: 'invalid API version: update papershelf (npm ci) and start the bot again',
    4013: 'invalid intents. Start the bot again; if it persists, report it',
    4014: 'disallowed intents: enable the intents the bot asks for under Bot → Privileged Gateway Intents in the Developer Portal',
  };
  return `Discord closed the gateway with code ${code} and will not take the bot back: ${fix[code] ?? 'unrecoverable close'}. Exiting.`;
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
  hooks: BotHooks,
): Promise<RunningBot> {
  const { config, log } = ctx;
  const client = createClient(config.DISCORD_API_URL);
  const route = createRouter(ctx, commands, buttons);
  const inFlight = new InFlight();
  client.on(Events.InteractionCreate, (interaction) => inFlight.track(route(interaction)));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  // discord.js emits ShardDisconnect only for closes it will not recover from (4004, 4010–4014).
  client.on(Events.ShardDisconnect, (event) => hooks.onGatewayLost(event.code, gatewayLostMessage(event.code)));
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
  return { client: c, commandsSync, inFlight };
}
