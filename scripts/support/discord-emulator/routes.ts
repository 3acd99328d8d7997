/** REST v10 route handlers over the emulated world. */
import type { APIApplicationCommand, APIMessage } from 'discord.js';
import { ApiError, isRecord } from './errors.js';
import type { EventLog } from './events.js';
import type { Gateway } from './gateway.js';
import type { Interactions } from './interactions.js';
import { validateCommands, validateMessageBody } from './limits.js';
import type { HttpApi, HttpReply, RouteContext } from './rest.js';
import { applyMessageEdit, buildMessage, PERMISSION, type ChannelState, type World } from './state.js';

export interface RouteDeps {
  api: HttpApi;
  world: World;
  log: EventLog;
  gateway: Gateway;
  interactions: Interactions;
  gatewayUrl: () => string;
}

const ADMINISTRATOR = 1n << 3n;
const TEXT_CHANNEL_TYPES = new Set([0, 2, 5, 13]);

const ok = (body: unknown): HttpReply => ({ status: 200, body });
const noContent = (): HttpReply => ({ status: 204 });
const param = (ctx: RouteContext, name: string): string => ctx.params[name] ?? '';

export function registerRoutes(deps: RouteDeps): void {
  const { api, world, log, gateway, interactions } = deps;

  // ---- gateway discovery and identity
  api.route('GET', '/gateway', () => ok({ url: deps.gatewayUrl() }), { auth: false });
  api.route('GET', '/gateway/bot', () =>
    ok({
      url: deps.gatewayUrl(),
      shards: 1,
      // reset_after is in ms; discord.js caches this response for that long.
      session_start_limit: {
        total: 1000,
        remaining: Math.max(0, 1000 - gateway.identifyCount),
        reset_after: 86_400_000,
        max_concurrency: 1,
      },
    }),
  );
  api.route('GET', '/users/@me', () => ok(world.botUser));
  api.route('GET', '/users/:user', (ctx) => {
    const user = world.users.get(param(ctx, 'user'));
    if (!user) throw new ApiError(404, 10013);
    return ok(user);
  });
  const application = (): HttpReply =>
    ok({
      id: world.applicationId,
      name: world.botUser.username,
      icon: null,
      description: 'papershelf (emulated)',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: world.users.get([...world.guilds.values()][0]?.ownerId ?? '') ?? world.botUser,
      bot: world.botUser,
      approximate_guild_count: world.guilds.size,
      integration_types_config: { '0': {} },
      tags: [],
    });
  api.route('GET', '/applications/@me', application);
  api.route('GET', '/oauth2/applications/@me', application);

  // ---- application commands (global and per guild)
  const scopeOf = (ctx: RouteContext): string => {
    if (param(ctx, 'app') !== world.applicationId) throw new ApiError(403, 50001);
    const guildId = ctx.params['guild'];
    if (guildId !== undefined && !world.guilds.has(guildId)) throw new ApiError(403, 50001);
    return world.commandScope(guildId);
  };
  const listCommands = (ctx: RouteContext): HttpReply => ok(world.commands.get(scopeOf(ctx)) ?? []);
  const putCommands = (ctx: RouteContext): HttpReply => ok(overwriteCommands(world, scopeOf(ctx), ctx.body));
  const createCommand = (ctx: RouteContext): HttpReply => {
    const scope = scopeOf(ctx);
    const [input] = validateCommands([ctx.body]);
    if (!input) throw new ApiError(400, 50035);
    const list = world.commands.get(scope) ?? [];
    const command = storeCommand(world, scope, input, list);
    world.commands.set(scope, [...list.filter((c) => c.id !== command.id), command]);
    return { status: list.some((c) => c.id === command.id) ? 200 : 201, body: command };
  };
  const findCommand = (ctx: RouteContext): { scope: string; command: APIApplicationCommand } => {
    const scope = scopeOf(ctx);
    const command = (world.commands.get(scope) ?? []).find((c) => c.id === param(ctx, 'command'));
    if (!command) throw new ApiError(404, 10063);
    return { scope, command };
  };
  for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    api.route('GET', base, listCommands);
    api.route('PUT', base, putCommands);
    api.route('POST', base, createCommand);
    api.route('GET', `${base}/:command`, (ctx) => ok(findCommand(ctx).command));
    api.route('PATCH', `${base}/:command`, (ctx) => {
      const { scope, command } = findCommand(ctx);
      const merged = { ...command, ...(isRecord(ctx.body) ? ctx.body : {}) };
      const [input] = validateCommands([merged]);
      if (!input) throw new ApiError(400, 50035);
      const updated = storeCommand(world, scope, input, [command]);
      world.commands.set(
        scope,
        (world.commands.get(scope) ?? []).map((c) => (c.id === updated.id ? updated : c)),
      );
      return ok(updated);
    });
    api.route('DELETE', `${base}/:command`, (ctx) => {
      const { scope, command } = findCommand(ctx);
      world.commands.set(
        scope,
        (world.commands.get(scope) ?? []).filter((c) => c.id !== command.id),
      );
      return noContent();
    });
  }

  // ---- interactions: callback and the interaction webhook (no bot auth, the token is the credential)
  api.route(
    'POST',
    '/interactions/:id/:token/callback',
    (ctx) => interactions.callback(param(ctx, 'id'), param(ctx, 'token'), ctx.query, ctx.body),
    { auth: false },
  );
  api.route('POST', '/webhooks/:app/:token', (ctx) => interactions.followUp(param(ctx, 'app'), param(ctx, 'token'), ctx.body, ctx.files), {
    auth: false,
  });
  api.route(
    'GET',
    '/webhooks/:app/:token/messages/:message',
    (ctx) => interactions.getMessage(param(ctx, 'app'), param(ctx, 'token'), param(ctx, 'message')),
    { auth: false },
  );
  api.route(
    'PATCH',
    '/webhooks/:app/:token/messages/:message',
    (ctx) => interactions.editMessage(param(ctx, 'app'), param(ctx, 'token'), param(ctx, 'message'), ctx.body),
    { auth: false },
  );
  api.route(
    'DELETE',
    '/webhooks/:app/:token/messages/:message',
    (ctx) => interactions.deleteMessage(param(ctx, 'app'), param(ctx, 'token'), param(ctx, 'message')),
    { auth: false },
  );

  // ---- channels and messages
  const channelOf = (ctx: RouteContext): ChannelState => {
    const channel = world.liveChannel(param(ctx, 'channel'));
    if (!channel) throw new ApiError(404, 10003);
    return channel;
  };
  const messageOf = (ctx: RouteContext, channel: ChannelState): APIMessage => {
    const message = world.messages.get(param(ctx, 'message'));
    if (!message || message.channel_id !== channel.channel.id) throw new ApiError(404, 10008);
    return message;
  };
  const requireBotPermission = (channel: ChannelState, bit: bigint): void => {
    const permissions = botChannelPermissions(world, channel);
    if ((permissions & PERMISSION.ViewChannel) === 0n) throw new ApiError(403, 50001);
    if ((permissions & bit) === 0n) throw new ApiError(403, 50013);
  };

  api.route('GET', '/channels/:channel', (ctx) => {
    const channel = channelOf(ctx);
    requireBotPermission(channel, PERMISSION.ViewChannel);
    return ok(channel.channel);
  });
  api.route('GET', '/channels/:channel/messages', (ctx) => {
    const channel = channelOf(ctx);
    requireBotPermission(channel, PERMISSION.ReadMessageHistory);
    const limit = Math.min(100, Number(ctx.query['limit'] ?? 50) || 50);
    const all = [...world.messages.values()].filter((m) => m.channel_id === channel.channel.id && !((m.flags ?? 0) & 64));
    return ok(all.reverse().slice(0, limit)); // newest first, like Discord
  });
  api.route('POST', '/channels/:channel/messages', (ctx) => {
    const channel = channelOf(ctx);
    if (!TEXT_CHANNEL_TYPES.has(channel.channel.type)) throw new ApiError(400, 50008, 'Cannot send messages in a non-text channel');
    requireBotPermission(channel, PERMISSION.SendMessages);
    const body = isRecord(ctx.body) ? ctx.body : {};
    validateMessageBody(body, [], { creating: true, fileCount: ctx.files.length });
    // Ephemeral exists only for interaction responses; Discord ignores the bit here.
    const flags = (typeof body['flags'] === 'number' ? body['flags'] : 0) & ~64;
    const message = buildMessage(world, {
      channelId: channel.channel.id,
      guildId: channel.guildId,
      author: world.botUser,
      body: { ...body, flags },
      files: ctx.files,
    });
    if (isRecord(body['message_reference'])) {
      message.message_reference = { channel_id: channel.channel.id, ...body['message_reference'] };
      message.type = 19;
    }
    channel.posted.push(message);
    log.push({ kind: 'message.create', channelId: channel.channel.id, message: structuredClone(message) });
    return ok(message);
  });
  api.route('GET', '/channels/:channel/messages/:message', (ctx) => {
    const channel = channelOf(ctx);
    return ok(messageOf(ctx, channel));
  });
  api.route('PATCH', '/channels/:channel/messages/:message', (ctx) => {
    const channel = channelOf(ctx);
    const message = messageOf(ctx, channel);
    if (message.author.id !== world.botUser.id) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
    const body = isRecord(ctx.body) ? ctx.body : {};
    validateMessageBody(body, [], { creating: false });
    applyMessageEdit(message, body);
    log.push({ kind: 'message.update', channelId: channel.channel.id, message: structuredClone(message) });
    return ok(message);
  });
  api.route('DELETE', '/channels/:channel/messages/:message', (ctx) => {
    const channel = channelOf(ctx);
    const message = messageOf(ctx, channel);
    world.messages.delete(message.id);
    channel.posted = channel.posted.filter((m) => m.id !== message.id);
    log.push({ kind: 'message.delete', channelId: channel.channel.id, messageId: message.id });
    return noContent();
  });
  api.route('POST', '/channels/:channel/typing', (ctx) => {
    channelOf(ctx);
    return noContent();
  });

  // ---- guilds (what discord.js may fetch for permission checks)
  const guildOf = (ctx: RouteContext) => {
    const guild = world.guilds.get(param(ctx, 'guild'));
    if (!guild) throw new ApiError(404, 10004);
    return guild;
  };
  api.route('GET', '/guilds/:guild', (ctx) => {
    const payload: Record<string, unknown> = { ...world.guildCreatePayload(guildOf(ctx)) };
    for (const key of [
      'joined_at',
      'large',
      'unavailable',
      'member_count',
      'voice_states',
      'members',
      'channels',
      'threads',
      'presences',
      'stage_instances',
      'guild_scheduled_events',
      'soundboard_sounds',
    ]) {
      delete payload[key];
    }
    return ok(payload);
  });
  api.route('GET', '/guilds/:guild/channels', (ctx) => {
    const guild = guildOf(ctx);
    return ok(
      guild.channelIds.flatMap((id) => {
        const channel = world.liveChannel(id);
        return channel ? [channel.channel] : [];
      }),
    );
  });
  api.route('GET', '/guilds/:guild/roles', (ctx) => ok(guildOf(ctx).roles));
  api.route('GET', '/guilds/:guild/members/:user', (ctx) => {
    const guild = guildOf(ctx);
    const userId = param(ctx, 'user');
    if (userId === world.botUser.id || userId === '@me') return ok(world.botMember(guild));
    const user = world.users.get(userId);
    if (!user) throw new ApiError(404, 10007, 'Unknown Member');
    return ok(world.member(guild, user));
  });
}

/** Bulk overwrite of a scope ('global' or a guild id), as PUT .../commands does. */
export function overwriteCommands(world: World, scope: string, body: unknown): APIApplicationCommand[] {
  const previous = world.commands.get(scope) ?? [];
  const stored = validateCommands(body).map((input) => storeCommand(world, scope, input, previous));
  world.commands.set(scope, stored);
  return stored;
}

/** Stores one validated command definition, keeping the id of a same-named existing one (as Discord does). */
function storeCommand(
  world: World,
  scope: string,
  input: Record<string, unknown>,
  previous: readonly APIApplicationCommand[],
): APIApplicationCommand {
  const type = typeof input['type'] === 'number' ? input['type'] : 1;
  const name = String(input['name']);
  const existing = previous.find((c) => c.name === name && (c.type as number) === type);
  const command: Record<string, unknown> = {
    id: existing?.id ?? world.ids.next(),
    application_id: world.applicationId,
    version: world.ids.next(),
    type,
    name,
    name_localizations: input['name_localizations'] ?? null,
    description: type === 1 && typeof input['description'] === 'string' ? input['description'] : '',
    description_localizations: input['description_localizations'] ?? null,
    default_member_permissions: input['default_member_permissions'] ?? null,
    nsfw: input['nsfw'] ?? false,
  };
  if (Array.isArray(input['options'])) command['options'] = input['options'];
  if (scope === 'global') {
    command['integration_types'] = input['integration_types'] ?? [0];
    command['contexts'] = input['contexts'] ?? null;
    command['dm_permission'] = input['dm_permission'] ?? true;
  } else {
    command['guild_id'] = scope;
  }
  // Assembled from a validated definition; the cast narrows the loose record to the API shape.
  return command as unknown as APIApplicationCommand;
}

/** The bot's permissions in a channel: roles, then @everyone / role / member overwrites. */
export function botChannelPermissions(world: World, channel: ChannelState): bigint {
  const guild = channel.guildId ? world.guilds.get(channel.guildId) : undefined;
  if (!guild) return 0n;
  let permissions = world.botPermissions(guild);
  if ((permissions & ADMINISTRATOR) !== 0n) return ~0n;
  const overwrites = 'permission_overwrites' in channel.channel ? (channel.channel.permission_overwrites ?? []) : [];
  const apply = (allow: string, deny: string): void => {
    permissions = (permissions & ~BigInt(deny)) | BigInt(allow);
  };
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) apply(everyone.allow, everyone.deny);
  const role = overwrites.find((o) => o.id === guild.botRoleId);
  if (role) apply(role.allow, role.deny);
  const member = overwrites.find((o) => o.id === world.botUser.id);
  if (member) apply(member.allow, member.deny);
  return permissions;
}
