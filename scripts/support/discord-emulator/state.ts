/**
 * The emulated world: users, guilds, channels, messages, commands. Builders return full
 * API shapes (ids as snowflake strings, ISO timestamps) so discord.js parses them as it
 * would real payloads.
 */
import type {
  APIApplicationCommand,
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIMessageTopLevelComponent,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  Locale,
  MessageType,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import type { UploadedFile } from './events.js';
import { SnowflakeGenerator } from './snowflake.js';

/** Permission bits the emulator uses (same values as discord.js PermissionFlagsBits). */
export const PERMISSION = {
  CreateInstantInvite: 1n << 0n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone may do in an emulated guild: a plain member, notably without Manage Server. */
export const DEFAULT_MEMBER_PERMISSIONS =
  PERMISSION.CreateInstantInvite |
  PERMISSION.AddReactions |
  PERMISSION.ViewChannel |
  PERMISSION.SendMessages |
  PERMISSION.EmbedLinks |
  PERMISSION.AttachFiles |
  PERMISSION.ReadMessageHistory |
  PERMISSION.UseExternalEmojis |
  PERMISSION.ChangeNickname |
  PERMISSION.UseApplicationCommands |
  PERMISSION.SendMessagesInThreads;

/** Extra permissions of the bot's managed role (on top of @everyone). */
export const DEFAULT_BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS;

export interface ChannelSpec {
  id?: string;
  name: string;
  /** Discord channel type: 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: number;
  topic?: string | null;
  parentId?: string | null;
  /** Raw permission overwrites, e.g. to deny the bot SendMessages in one channel. */
  permissionOverwrites?: { id: string; type: 0 | 1; allow: string; deny: string }[];
}

export interface GuildSpec {
  id?: string;
  name: string;
  channels?: ChannelSpec[];
  ownerId?: string;
  /** @everyone permissions (bitfield). Default: a plain member without Manage Server. */
  everyonePermissions?: bigint | string;
  /** Permissions of the bot's role. */
  botPermissions?: bigint | string;
  memberCount?: number;
  /** Extra roles (no permissions of their own), for tests of role-based access such as SHELF_EDITOR_ROLE. */
  roles?: { name: string }[];
}

export interface UserSpec {
  id?: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  roles: APIRole[];
  botRoleId: string;
  channelIds: string[];
  memberCount: number;
  joinedAt: string;
  everyonePermissions: bigint;
  botPermissions: bigint;
}

export interface ChannelState {
  channel: APIChannel;
  guildId: string | null;
  deleted: boolean;
  /** Messages created with POST /channels/:id/messages, oldest first. */
  posted: APIMessage[];
}

/** Flag enums without a 0 member still accept "no flags" on the wire. */
export const NO_FLAGS = 0;

export class World {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  /** Every message the emulator knows, by id (channel posts, interaction replies, follow-ups). */
  readonly messages = new Map<string, APIMessage>();
  /** Application commands by scope: 'global' or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly botUser: APIUser;

  constructor(
    readonly applicationId: string,
    botUser: UserSpec,
  ) {
    this.botUser = this.addUser({ username: 'papershelf', ...botUser, id: botUser.id ?? applicationId, bot: true });
  }

  addUser(spec: UserSpec): APIUser {
    const id = spec.id ?? this.ids.next();
    const existing = this.users.get(id);
    if (existing && spec.username === undefined) return existing;
    const user: APIUser = {
      id,
      username: spec.username ?? `user${id.slice(-4)}`,
      discriminator: '0',
      global_name: spec.globalName ?? null,
      avatar: null,
      ...(spec.bot ? { bot: true } : {}),
      public_flags: NO_FLAGS as UserFlags,
      flags: NO_FLAGS as UserFlags,
    };
    this.users.set(id, user);
    return user;
  }

  addGuild(spec: GuildSpec): GuildState {
    const id = spec.id ?? this.ids.next();
    const owner = this.addUser({ id: spec.ownerId ?? this.ids.next(), username: 'guild-owner' });
    const everyonePermissions = BigInt(spec.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS);
    const botPermissions = BigInt(spec.botPermissions ?? DEFAULT_BOT_PERMISSIONS);
    const botRoleId = this.ids.next();
    const guild: GuildState = {
      id,
      name: spec.name,
      ownerId: owner.id,
      roles: [
        makeRole(id, '@everyone', 0, everyonePermissions, false),
        makeRole(botRoleId, this.botUser.username, 1, botPermissions, true, this.botUser.id),
        ...(spec.roles ?? []).map((r, i) => makeRole(this.ids.next(), r.name, 2 + i, 0n, false)),
      ],
      botRoleId,
      channelIds: [],
      memberCount: spec.memberCount ?? 2,
      joinedAt: new Date().toISOString(),
      everyonePermissions,
      botPermissions,
    };
    this.guilds.set(id, guild);
    for (const channel of spec.channels ?? [{ name: 'general' }]) this.addChannel(id, channel);
    return guild;
  }

  addChannel(guildId: string, spec: ChannelSpec): ChannelState {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`discord emulator: unknown guild ${guildId}`);
    const id = spec.id ?? this.ids.next();
    const type = spec.type ?? 0;
    const raw: Record<string, unknown> = {
      id,
      type,
      guild_id: guildId,
      name: spec.name,
      position: guild.channelIds.length,
      permission_overwrites: spec.permissionOverwrites ?? [],
      parent_id: spec.parentId ?? null,
      nsfw: false,
      flags: 0,
    };
    if (type === 0 || type === 5 || type === 15) {
      Object.assign(raw, { topic: spec.topic ?? null, last_message_id: null, rate_limit_per_user: 0, default_auto_archive_duration: 1440 });
    }
    if (type === 2) Object.assign(raw, { bitrate: 64000, user_limit: 0, rtc_region: null, last_message_id: null, rate_limit_per_user: 0 });
    // One cast: the channel is assembled per type above; APIChannel is a wide discriminated union.
    const state: ChannelState = { channel: raw as unknown as APIChannel, guildId, deleted: false, posted: [] };
    this.channels.set(id, state);
    guild.channelIds.push(id);
    return state;
  }

  /** A live (not deleted) channel, or undefined. */
  liveChannel(id: string): ChannelState | undefined {
    const state = this.channels.get(id);
    return state && !state.deleted ? state : undefined;
  }

  botMember(guild: GuildState): APIGuildMember {
    return this.member(guild, this.botUser, { roles: [guild.botRoleId] });
  }

  /** A guild member as Discord sends one: the same shape for the bot, REST lookups and interactions. */
  member(guild: GuildState, user: APIUser, opts: { roles?: string[]; nick?: string | null } = {}): APIGuildMember {
    return {
      user,
      nick: opts.nick ?? null,
      avatar: null,
      banner: null,
      roles: opts.roles ?? [],
      joined_at: guild.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: NO_FLAGS as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  /** Guild-wide permissions of the bot (roles only; channel overwrites are not applied). */
  botPermissions(guild: GuildState): bigint {
    return guild.everyonePermissions | guild.botPermissions;
  }

  guildCreatePayload(guild: GuildState): GatewayGuildCreateDispatchData {
    const channels = guild.channelIds.map((id) => this.channels.get(id)).filter((c): c is ChannelState => !!c && !c.deleted);
    const payload: Record<string, unknown> = {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: guild.roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_presences: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      hub_type: null,
      incidents_data: null,
      // GUILD_CREATE extras
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      member_count: guild.memberCount,
      voice_states: [],
      members: [this.botMember(guild)],
      channels: channels.map((c) => c.channel),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
    // Assembled field by field above to mirror the documented GUILD_CREATE payload.
    return payload as unknown as GatewayGuildCreateDispatchData;
  }

  commandScope(guildId: string | undefined | null): string {
    return guildId ?? 'global';
  }
}

function makeRole(id: string, name: string, position: number, permissions: bigint, managed: boolean, botId?: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: NO_FLAGS as RoleFlags,
    ...(botId ? { tags: { bot_id: botId } } : {}),
  };
}

export interface MessageInit {
  channelId: string;
  guildId: string | null;
  author: APIUser;
  body: Record<string, unknown>;
  /** Files uploaded alongside (multipart), in order. */
  files?: readonly UploadedFile[];
  type?: MessageType;
  webhookId?: string;
  applicationId?: string;
  extra?: Partial<APIMessage>;
}

/** A full message object from a message-shaped request body. */
export function buildMessage(world: World, init: MessageInit): APIMessage {
  const body = init.body;
  const message: APIMessage = {
    id: world.ids.next(),
    channel_id: init.channelId,
    author: init.author,
    content: typeof body['content'] === 'string' ? body['content'] : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body['tts'] === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: (init.files ?? []).map((file) => {
      const id = world.ids.next();
      const url = `https://cdn.discordapp.com/attachments/${init.channelId}/${id}/${encodeURIComponent(file.name)}`;
      return { id, filename: file.name, size: file.size, url, proxy_url: url, content_type: file.contentType };
    }),
    embeds: Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]).map(normalizeEmbed) : [],
    components: Array.isArray(body['components']) ? (body['components'] as APIMessageTopLevelComponent[]) : [],
    pinned: false,
    type: init.type ?? 0,
    flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
    ...(init.webhookId ? { webhook_id: init.webhookId } : {}),
    ...(init.applicationId ? { application_id: init.applicationId } : {}),
    ...(typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? { nonce: body['nonce'] } : {}),
    ...init.extra,
  };
  // guild_id is present on gateway messages; REST omits it, but discord.js tolerates both.
  world.messages.set(message.id, message);
  return message;
}

/** Applies a PATCH body to a stored message in place (Discord keeps the id, sets edited_timestamp). */
export function applyMessageEdit(message: APIMessage, body: Record<string, unknown>): APIMessage {
  if ('content' in body) message.content = typeof body['content'] === 'string' ? body['content'] : '';
  if ('embeds' in body) message.embeds = Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]).map(normalizeEmbed) : [];
  if ('components' in body) {
    message.components = Array.isArray(body['components']) ? (body['components'] as APIMessageTopLevelComponent[]) : [];
  }
  if ('attachments' in body && Array.isArray(body['attachments']) && body['attachments'].length === 0) message.attachments = [];
  // Only SUPPRESS_EMBEDS / IS_COMPONENTS_V2 are editable; ephemerality and loading are the server's.
  if (typeof body['flags'] === 'number') {
    const editable = 4 | (1 << 15);
    message.flags = ((message.flags ?? 0) & ~editable) | (body['flags'] & editable);
  }
  message.edited_timestamp = new Date().toISOString();
  return message;
}

/** Discord fills in `type: "rich"` and keeps everything else as sent. */
function normalizeEmbed(embed: APIEmbed): APIEmbed {
  return { type: 'rich' as APIEmbed['type'], ...embed };
}

export function defaultLocale(): Locale {
  return 'en-US' as Locale;
}
