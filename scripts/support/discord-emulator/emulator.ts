/** Wires the world, the REST API and the gateway into one loopback Discord. */
import { randomBytes } from 'node:crypto';
import type { APIApplicationCommand, APIMessage, APIUser } from 'discord.js';
import { EventLog, type EmulatorEvent, type RecordedRequest } from './events.js';
import { Gateway } from './gateway.js';
import { Interactions, type InteractionHandle, type InteractOptions } from './interactions.js';
import { HttpApi, type FailureRule } from './rest.js';
import { overwriteCommands, registerRoutes } from './routes.js';
import { SnowflakeGenerator } from './snowflake.js';
import { World, type ChannelSpec, type GuildSpec, type UserSpec } from './state.js';

export interface DiscordEmulatorOptions {
  /** The bot token clients must present. Default: a random token-shaped string. */
  token?: string;
  /** Application id (also the bot user's id unless botUser.id is given). */
  applicationId?: string;
  botUser?: UserSpec;
  /** Default: one guild "papershelf test" with #general and #digests. */
  guilds?: GuildSpec[];
  /** HELLO heartbeat_interval. Default 41250 ms as on Discord; tests may shorten it. */
  heartbeatIntervalMs?: number;
  /** Time allowed for an interaction's first callback. Default 3000 ms (Discord). */
  interactionAckTimeoutMs?: number;
  /** Lifetime of an interaction token for edits and follow-ups. Default 15 min. */
  interactionTokenTtlMs?: number;
  /** Default bound of waitFor/waitForReady/response(). Default 10000 ms. */
  defaultWaitMs?: number;
  /** TCP port on 127.0.0.1. Default: an ephemeral port. */
  port?: number;
}

export interface EmulatedChannel {
  id: string;
  name: string;
  type: number;
  deleted: boolean;
}

export interface EmulatedGuild {
  id: string;
  name: string;
  channels: EmulatedChannel[];
  /** Role ids: @everyone (= guild id) and the bot's managed role. */
  everyoneRoleId: string;
  botRoleId: string;
  /** Every role of the guild, by name (the extra ones of GuildSpec.roles included). */
  roles: { id: string; name: string }[];
}

export interface DiscordEmulator {
  /** REST base to hand discord.js as `rest.api` (requests go to `${apiUrl}/v10/...`). */
  readonly apiUrl: string;
  /** What GET /gateway/bot returns. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The user interactions come from unless `user` is given. */
  readonly defaultUser: APIUser;
  readonly guilds: EmulatedGuild[];
  /** Every REST request, in arrival order (live). */
  readonly requests: readonly RecordedRequest[];
  /** Every recorded event, in order (live). */
  readonly events: readonly EmulatorEvent[];
  /** Gateway opcodes received from clients, in order (e.g. to assert RESUME, op 6, and no second IDENTIFY). */
  receivedOps(): number[];
  /** Registered application commands: global ones, or those of a guild. */
  commands(guildId?: string): APIApplicationCommand[];
  /**
   * Seeds commands as a bulk overwrite would (same validation, ids kept by name), for tests
   * that start the bot without running the register step. Accepts builder output (toJSON()).
   */
  setCommands(commands: readonly unknown[], guildId?: string): APIApplicationCommand[];
  /** Messages created in a channel via POST /channels/:id/messages, oldest first. */
  messages(channelId: string): APIMessage[];
  /** Any stored message by id (channel posts, interaction responses, follow-ups). */
  message(id: string): APIMessage | undefined;
  /** Resolves once a client has identified and got READY and every GUILD_CREATE (or has resumed). */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Dispatches INTERACTION_CREATE as if a user used a command, autocomplete, button or select. */
  interact(opts: InteractOptions): Promise<InteractionHandle>;
  waitFor(predicate: (event: EmulatorEvent) => boolean, timeoutMs?: number): Promise<EmulatorEvent>;
  /** Makes the next matching REST request(s) fail (429 with rate-limit headers, 403, 404, 5xx...). */
  failNext(rule: FailureRule): void;
  /** Closes the gateway socket (default code 4000; `terminate` for an abnormal 1006); the session stays resumable. */
  dropConnection(opts?: { code?: number; terminate?: boolean }): Promise<void>;
  /** op 9 INVALID_SESSION; `resumable: false` forces a fresh IDENTIFY. */
  invalidateSession(resumable: boolean): void;
  /** op 7 RECONNECT. */
  requestReconnect(): void;
  /** Sends any dispatch event in the active session; returns its sequence number. */
  dispatch(t: string, d: unknown): number;
  /** Adds a channel (CHANNEL_CREATE is dispatched if a client is connected). */
  addChannel(guildId: string, spec: ChannelSpec): string;
  /** Deletes a channel: CHANNEL_DELETE is dispatched; REST on it answers 404 / 10003 Unknown Channel. */
  deleteChannel(id: string): void;
  close(): Promise<void>;
}

export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const log = new EventLog();
  // A different worker id than the world's generator, so the app id never collides with later ids.
  const world = new World(options.applicationId ?? new SnowflakeGenerator(2n).next(), options.botUser ?? {});
  const token = options.token ?? fakeToken(world.applicationId);
  for (const guild of options.guilds ?? [{ name: 'papershelf test', channels: [{ name: 'general' }, { name: 'digests' }] }]) {
    world.addGuild(guild);
  }
  const defaultUser = world.addUser({ username: 'tester', globalName: 'Tester' });
  const defaultWaitMs = options.defaultWaitMs ?? 10_000;

  const api = new HttpApi(token, log);
  let baseHttp = '';
  let baseWs = '';
  const gateway = new Gateway({ world, log, token, heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250, baseUrl: () => baseWs });
  const interactions = new Interactions(
    world,
    log,
    {
      ackTimeoutMs: options.interactionAckTimeoutMs ?? 3000,
      tokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
      defaultWaitMs,
    },
    defaultUser,
    (t, d) => gateway.dispatch(t, d),
  );
  registerRoutes({ api, world, log, gateway, interactions, gatewayUrl: () => baseWs });
  api.server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  const address = await api.listen(options.port ?? 0);
  baseHttp = `http://127.0.0.1:${address.port}`;
  baseWs = `ws://127.0.0.1:${address.port}`;

  let closed = false;
  const waitForReady = async (timeoutMs = defaultWaitMs): Promise<void> => {
    if (gateway.isReady()) return;
    await log.waitFor(
      (e) => (e.kind === 'session.ready' || e.kind === 'session.resumed') && gateway.isReady(),
      timeoutMs,
      log.events.length,
      'a client to become READY',
    );
  };

  const emulator: DiscordEmulator = {
    apiUrl: `${baseHttp}/api`,
    gatewayUrl: baseWs,
    token,
    applicationId: world.applicationId,
    botUser: world.botUser,
    defaultUser,
    get guilds(): EmulatedGuild[] {
      return [...world.guilds.values()].map((guild) => ({
        id: guild.id,
        name: guild.name,
        everyoneRoleId: guild.id,
        botRoleId: guild.botRoleId,
        roles: guild.roles.map((r) => ({ id: r.id, name: r.name })),
        channels: guild.channelIds.flatMap((id) => {
          const state = world.channels.get(id);
          if (!state) return [];
          const c = state.channel;
          return [{ id, name: 'name' in c && typeof c.name === 'string' ? c.name : '', type: c.type, deleted: state.deleted }];
        }),
      }));
    },
    requests: api.requests,
    events: log.events,
    receivedOps: () => log.events.flatMap((e) => (e.kind === 'gateway.receive' ? [e.op] : [])),
    commands: (guildId) => structuredClone(world.commands.get(world.commandScope(guildId)) ?? []),
    setCommands: (commands, guildId) => structuredClone(overwriteCommands(world, world.commandScope(guildId), [...commands])),
    messages: (channelId) => structuredClone(world.channels.get(channelId)?.posted ?? []),
    message: (id) => {
      const message = world.messages.get(id);
      return message ? structuredClone(message) : undefined;
    },
    waitForReady,
    interact: async (opts) => {
      if (closed) throw new Error('discord emulator: closed');
      if (!gateway.activeSession()) await waitForReady();
      return interactions.create(opts);
    },
    waitFor: (predicate, timeoutMs = defaultWaitMs) => log.waitFor(predicate, timeoutMs),
    failNext: (rule) => api.failNext(rule),
    dropConnection: (opts) => gateway.dropConnection(opts),
    invalidateSession: (resumable) => gateway.invalidateSession(resumable),
    requestReconnect: () => gateway.requestReconnect(),
    dispatch: (t, d) => gateway.dispatch(t, d),
    addChannel: (guildId, spec) => {
      const state = world.addChannel(guildId, spec);
      if (gateway.activeSession()) gateway.dispatch('CHANNEL_CREATE', state.channel);
      return state.channel.id;
    },
    deleteChannel: (id) => {
      const state = world.liveChannel(id);
      if (!state) throw new Error(`discord emulator: unknown channel ${id}`);
      state.deleted = true;
      log.push({ kind: 'channel.delete', channelId: id });
      if (gateway.activeSession()) gateway.dispatch('CHANNEL_DELETE', state.channel);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      log.rejectAll('emulator closed');
      await gateway.close();
      await api.close();
    },
  };
  return emulator;
}

/** Token-shaped (base64 id . timestamp . hmac), so code that sanity-checks tokens accepts it. */
function fakeToken(applicationId: string): string {
  const id = Buffer.from(applicationId).toString('base64url');
  return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}
