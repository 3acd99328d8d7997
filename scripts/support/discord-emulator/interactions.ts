/**
 * Interactions: building INTERACTION_CREATE payloads the way Discord would for a user
 * (typed options from the registered command schema, resolved channels/users/roles, the
 * member's permissions), then the bot's side — the callback, @original edits, follow-ups —
 * with Discord's rules: one callback only (40060), 3 s to acknowledge (10062), a 15 min
 * token, and size limits checked on receipt.
 */
import { randomBytes } from 'node:crypto';
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType } from 'discord.js';
import type {
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIMessage,
  APIRole,
  APIUser,
  RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord.js';
import { ApiError, FormErrors, isRecord } from './errors.js';
import type { EventLog, InteractionActivity, UploadedFile } from './events.js';
import { validateChoices, validateMessageBody } from './limits.js';
import { applyMessageEdit, buildMessage, defaultLocale, type GuildState, type UserSpec, type World } from './state.js';

export type OptionValue = string | number | boolean;

interface InteractBase {
  /** Default: the first guild. */
  guildId?: string;
  /** Default: the guild's first text channel. */
  channelId?: string;
  /** Who interacts. Default: the emulator's default user ("tester"). */
  user?: UserSpec;
  member?: {
    /** The member's permissions in the channel (bitfield). Default: @everyone's (no Manage Server). */
    permissions?: bigint | string;
    roles?: string[];
    nick?: string | null;
  };
  locale?: string;
}

export interface CommandInteractOptions extends InteractBase {
  type: 'command';
  name: string;
  group?: string;
  subcommand?: string;
  /** Option values by name; types come from the registered command. */
  options?: Record<string, OptionValue>;
}

export interface AutocompleteInteractOptions extends InteractBase {
  type: 'autocomplete';
  name: string;
  group?: string;
  subcommand?: string;
  /** What the user has typed so far, by option name (the focused one is sent as a string). */
  options?: Record<string, OptionValue>;
  focused: string;
}

export interface ComponentInteractBase extends InteractBase {
  customId: string;
  /** The message the component is on (a message object or the id of a stored one). Default: the latest stored message carrying that custom_id. */
  message?: APIMessage | string;
}

export interface ButtonInteractOptions extends ComponentInteractBase {
  type: 'button';
}

export interface SelectInteractOptions extends ComponentInteractBase {
  type: 'select';
  values: string[];
}

export type InteractOptions = CommandInteractOptions | AutocompleteInteractOptions | ButtonInteractOptions | SelectInteractOptions;

export type InteractionResult =
  | { kind: 'message'; callbackType: number; message: APIMessage; ephemeral: boolean }
  | { kind: 'autocomplete'; choices: APIApplicationCommandOptionChoice[] }
  | { kind: 'modal'; data: unknown };

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** Interaction type: 2 command, 3 component, 4 autocomplete. */
  readonly type: number;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: APIInteraction;
  /** Everything the bot did for this interaction, in order (live). */
  readonly events: readonly InteractionActivity[];
  /** Current state of the @original response message, if there is one. */
  original(): APIMessage | null;
  followUps(): APIMessage[];
  /**
   * The settled response: the reply / updated message (after a deferral: its first edit or
   * follow-up), or the autocomplete choices. Rejects after `timeoutMs`.
   */
  response(timeoutMs?: number): Promise<InteractionResult>;
  waitFor(predicate: (activity: InteractionActivity) => boolean, timeoutMs?: number): Promise<InteractionActivity>;
}

export interface InteractionTiming {
  /** Time allowed for the initial callback (Discord: 3 s). */
  ackTimeoutMs: number;
  /** Lifetime of the interaction token for edits and follow-ups (Discord: 15 min). */
  tokenTtlMs: number;
  /** Default bound for handle.response() / waitFor(). */
  defaultWaitMs: number;
}

const InteractionType = { Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const Callback = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;
const ALLOWED_CALLBACKS: Readonly<Record<number, readonly number[]>> = {
  [InteractionType.Command]: [4, 5, 9],
  [InteractionType.Component]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};
const FLAG_EPHEMERAL = 64;
const FLAG_LOADING = 128;

interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: APIInteraction;
  guildId: string;
  channelId: string;
  user: APIUser;
  commandName: string | null;
  createdAt: number;
  callbackType: number | null;
  ephemeral: boolean;
  originalId: string | null;
  loading: boolean;
  componentMessageId: string | null;
  followupIds: string[];
  activity: InteractionActivity[];
}

interface RawOption {
  name: string;
  type: number;
  value?: OptionValue;
  focused?: boolean;
  options?: RawOption[];
}

interface Resolved {
  users: Record<string, APIUser>;
  members: Record<string, unknown>;
  channels: Record<string, unknown>;
  roles: Record<string, APIRole>;
}

export interface HttpReply {
  status: number;
  body?: unknown;
}

export class Interactions {
  private readonly byId = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();

  constructor(
    private readonly world: World,
    private readonly log: EventLog,
    private readonly timing: InteractionTiming,
    private readonly defaultUser: APIUser,
    private readonly dispatch: (t: string, d: unknown) => void,
  ) {}

  // ---------------------------------------------------------------- dispatching

  create(opts: InteractOptions): InteractionHandle {
    const guild = opts.guildId ? this.world.guilds.get(opts.guildId) : this.world.guilds.values().next().value;
    if (!guild) throw new Error(`discord emulator: unknown guild ${opts.guildId ?? '(none configured)'}`);
    // A component is clicked where its message is; other interactions default to the first text channel.
    const componentMessage = opts.type === 'button' || opts.type === 'select' ? this.componentMessage(opts) : null;
    const channelId =
      opts.channelId ??
      componentMessage?.channel_id ??
      guild.channelIds.find((id) => this.world.liveChannel(id)?.channel.type === ChannelType.GuildText);
    const channel = channelId ? this.world.liveChannel(channelId) : undefined;
    if (!channel || !channelId) throw new Error(`discord emulator: no usable channel ${channelId ?? ''} in guild ${guild.id}`);

    const user = opts.user ? this.world.addUser(opts.user) : this.defaultUser;
    const permissions = BigInt(opts.member?.permissions ?? guild.everyonePermissions).toString();
    const member = {
      ...this.world.member(guild, user, { roles: opts.member?.roles ?? [], nick: opts.member?.nick ?? null }),
      permissions,
    };
    const id = this.world.ids.next();
    // Shaped like Discord's: base64 of "interaction:<id>:<secret>", URL-safe.
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const base: Record<string, unknown> = {
      id,
      application_id: this.world.applicationId,
      token,
      version: 1,
      guild_id: guild.id,
      guild: { id: guild.id, locale: defaultLocale(), features: [] },
      channel_id: channelId,
      channel: channel.channel,
      member,
      app_permissions: this.world.botPermissions(guild).toString(),
      locale: opts.locale ?? defaultLocale(),
      guild_locale: defaultLocale(),
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };

    let type: number;
    let commandName: string | null = null;
    let componentMessageId: string | null = null;
    if (opts.type === 'command' || opts.type === 'autocomplete') {
      type = opts.type === 'command' ? InteractionType.Command : InteractionType.Autocomplete;
      commandName = opts.name;
      base['data'] = this.commandData(guild, permissions, opts);
    } else {
      type = InteractionType.Component;
      if (!componentMessage) throw new Error('unreachable: component interaction without a message');
      componentMessageId = componentMessage.id;
      base['message'] = structuredClone(componentMessage);
      base['data'] =
        opts.type === 'button'
          ? { custom_id: opts.customId, component_type: 2 }
          : { custom_id: opts.customId, component_type: 3, values: opts.values };
    }
    base['type'] = type;
    // Assembled above from the documented interaction object; APIInteraction is a wide union.
    const payload = base as unknown as APIInteraction;

    const state: InteractionState = {
      id,
      token,
      type,
      payload,
      guildId: guild.id,
      channelId,
      user,
      commandName,
      createdAt: Date.now(),
      callbackType: null,
      ephemeral: false,
      originalId: null,
      loading: false,
      componentMessageId,
      followupIds: [],
      activity: [],
    };
    this.byId.set(id, state);
    this.byToken.set(token, state);
    this.log.push({ kind: 'interaction.create', interactionId: id, interactionType: type });
    this.dispatch('INTERACTION_CREATE', payload);
    return this.handle(state);
  }

  private commandData(
    guild: GuildState,
    memberPermissions: string,
    opts: CommandInteractOptions | AutocompleteInteractOptions,
  ): Record<string, unknown> {
    const command =
      this.world.commands.get(guild.id)?.find((c) => c.name === opts.name && c.type === ApplicationCommandType.ChatInput) ??
      this.world.commands.get('global')?.find((c) => c.name === opts.name && c.type === ApplicationCommandType.ChatInput);
    const focused = opts.type === 'autocomplete' ? opts.focused : undefined;
    const resolved: Resolved = { users: {}, members: {}, channels: {}, roles: {} };
    const values = opts.options ?? {};
    if (focused !== undefined && !(focused in values)) {
      throw new Error(`discord emulator: focused option "${focused}" has no value in options`);
    }

    let schema: APIApplicationCommandOption[] | undefined = command?.options;
    const path: RawOption[] = [];
    if (opts.group !== undefined) {
      const group = schema
        ? schema.find((o) => o.name === opts.group && o.type === ApplicationCommandOptionType.SubcommandGroup)
        : undefined;
      if (schema && !group) throw new Error(`discord emulator: /${opts.name} has no subcommand group "${opts.group}"`);
      path.push({ name: opts.group, type: 2 });
      schema = group && 'options' in group ? group.options : undefined;
    }
    if (opts.subcommand !== undefined) {
      const sub = schema ? schema.find((o) => o.name === opts.subcommand && o.type === ApplicationCommandOptionType.Subcommand) : undefined;
      if (command && !sub) throw new Error(`discord emulator: /${opts.name} has no subcommand "${opts.subcommand}"`);
      path.push({ name: opts.subcommand, type: 1 });
      schema = sub && 'options' in sub ? sub.options : undefined;
    } else if (
      schema?.some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup)
    ) {
      throw new Error(`discord emulator: /${opts.name} needs a subcommand`);
    }

    const leaves: RawOption[] = [];
    for (const [name, value] of Object.entries(values)) {
      const def = schema?.find((o) => o.name === name);
      if (command && !def) throw new Error(`discord emulator: /${opts.name} has no option "${name}"`);
      const type = def?.type ?? inferOptionType(value);
      if (name === focused) {
        leaves.push({ name, type, value: String(value), focused: true });
        continue;
      }
      checkOptionValue(opts.name, name, type, value, def);
      leaves.push({ name, type, value });
      this.resolveOption(guild, memberPermissions, type, value, resolved);
    }
    if (command && opts.type === 'command') {
      for (const def of schema ?? []) {
        if ('required' in def && def.required && !(def.name in values)) {
          throw new Error(`discord emulator: /${opts.name} requires option "${def.name}"`);
        }
      }
    }

    // Nest leaves under subcommand / group, innermost last.
    let options: RawOption[] = leaves;
    for (const level of [...path].reverse()) options = [{ ...level, options }];

    const data: Record<string, unknown> = {
      id: command?.id ?? this.world.ids.next(),
      name: opts.name,
      type: 1,
      options,
    };
    if (command?.guild_id) data['guild_id'] = command.guild_id;
    const hasResolved = [resolved.users, resolved.members, resolved.channels, resolved.roles].some((r) => Object.keys(r).length > 0);
    if (hasResolved) data['resolved'] = resolved;
    return data;
  }

  private resolveOption(guild: GuildState, memberPermissions: string, type: number, value: OptionValue, resolved: Resolved): void {
    const id = String(value);
    if (type === 7) {
      const channel = this.world.channels.get(id);
      if (!channel) throw new Error(`discord emulator: channel option refers to unknown channel ${id}`);
      const c = channel.channel;
      resolved.channels[id] = {
        id,
        type: c.type,
        name: 'name' in c ? c.name : null,
        permissions: memberPermissions,
        ...('parent_id' in c ? { parent_id: c.parent_id } : {}),
      };
    } else if (type === 6 || type === 9) {
      const role = guild.roles.find((r) => r.id === id);
      if (type === 9 && role) {
        resolved.roles[id] = role;
        return;
      }
      const user = this.world.users.get(id) ?? this.world.addUser({ id });
      resolved.users[id] = user;
      resolved.members[id] = {
        roles: [],
        nick: null,
        avatar: null,
        joined_at: guild.joinedAt,
        premium_since: null,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
        permissions: guild.everyonePermissions.toString(),
      };
    } else if (type === 8) {
      const role = guild.roles.find((r) => r.id === id);
      if (!role) throw new Error(`discord emulator: role option refers to unknown role ${id}`);
      resolved.roles[id] = role;
    } else if (type === 11) {
      throw new Error('discord emulator: attachment options are not emulated');
    }
  }

  private componentMessage(opts: ButtonInteractOptions | SelectInteractOptions): APIMessage {
    let message: APIMessage | undefined;
    if (typeof opts.message === 'string') {
      message = this.world.messages.get(opts.message);
      if (!message) throw new Error(`discord emulator: unknown message ${opts.message}`);
    } else if (opts.message) {
      message = this.world.messages.get(opts.message.id) ?? opts.message;
      this.world.messages.set(message.id, message);
    } else {
      const all = [...this.world.messages.values()].reverse();
      message = all.find((m) => findCustomIds(m.components).includes(opts.customId));
      if (!message) throw new Error(`discord emulator: no stored message has a component with custom_id "${opts.customId}"`);
    }
    if (!findCustomIds(message.components).includes(opts.customId)) {
      throw new Error(`discord emulator: message ${message.id} has no component with custom_id "${opts.customId}"`);
    }
    return message;
  }

  // ---------------------------------------------------------------- the bot's side (REST)

  /** POST /interactions/:id/:token/callback */
  callback(id: string, token: string, query: Record<string, string>, body: unknown): HttpReply {
    const state = this.byId.get(id);
    if (!state || state.token !== token) throw new ApiError(404, 10062);
    if (state.callbackType !== null) throw new ApiError(400, 40060);
    if (Date.now() - state.createdAt > this.timing.ackTimeoutMs) throw new ApiError(404, 10062);
    if (!isRecord(body) || typeof body['type'] !== 'number') {
      const errors = new FormErrors();
      errors.required(['type']);
      errors.throwIfAny();
      throw new ApiError(400, 50035);
    }
    const type = body['type'];
    if (!(ALLOWED_CALLBACKS[state.type] ?? []).includes(type)) {
      const errors = new FormErrors();
      errors.add(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `Interaction response type ${type} is not valid for interaction type ${state.type}`,
      );
      errors.throwIfAny();
    }
    const data = isRecord(body['data']) ? body['data'] : {};
    let message: APIMessage | null = null;
    let choices: APIApplicationCommandOptionChoice[] | null = null;

    switch (type) {
      case Callback.ChannelMessageWithSource: {
        validateMessageBody(data, ['data'], { creating: true });
        message = this.newResponseMessage(state, data, 0);
        state.originalId = message.id;
        break;
      }
      case Callback.DeferredChannelMessageWithSource: {
        validateMessageBody(data, ['data'], { creating: false });
        const flags = (typeof data['flags'] === 'number' ? data['flags'] : 0) & FLAG_EPHEMERAL;
        message = this.newResponseMessage(state, { content: '', flags }, FLAG_LOADING);
        state.originalId = message.id;
        state.loading = true;
        break;
      }
      case Callback.DeferredUpdateMessage:
        state.originalId = state.componentMessageId;
        break;
      case Callback.UpdateMessage: {
        validateMessageBody(data, ['data'], { creating: false });
        const target = state.componentMessageId ? this.world.messages.get(state.componentMessageId) : undefined;
        if (!target) throw new ApiError(404, 10008);
        message = applyMessageEdit(target, data);
        state.originalId = target.id;
        break;
      }
      case Callback.AutocompleteResult: {
        validateChoices(data, ['data']);
        choices = Array.isArray(data['choices']) ? (data['choices'] as APIApplicationCommandOptionChoice[]) : [];
        break;
      }
      case Callback.Modal: {
        const errors = new FormErrors();
        const customId = data['custom_id'];
        if (typeof customId !== 'string' || customId.length === 0) errors.required(['data', 'custom_id']);
        else if (customId.length > 100) errors.maxLength(['data', 'custom_id'], 100);
        if (typeof data['title'] === 'string' && data['title'].length > 45) errors.maxLength(['data', 'title'], 45);
        errors.throwIfAny();
        break;
      }
      default:
        break;
    }
    state.callbackType = type;
    this.record(state, {
      kind: 'interaction.callback',
      interactionId: state.id,
      callbackType: type,
      data: body['data'] ?? null,
      message: message ? structuredClone(message) : null,
      choices: choices ? structuredClone(choices) : null,
    });

    if (query['with_response'] !== 'true') return { status: 204 };
    // The shape discord.js 14.28 reads for `withResponse: true` (InteractionCallbackResponse).
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id: state.id,
        type: state.type,
        ...(state.originalId ? { response_message_id: state.originalId } : {}),
        response_message_loading: state.loading,
        response_message_ephemeral: state.ephemeral,
      },
      ...(message ? { resource: { type, message: structuredClone(message) } } : {}),
    };
    return { status: 200, body: result };
  }

  /** GET /webhooks/:app/:token/messages/:message */
  getMessage(appId: string, token: string, messageId: string): HttpReply {
    const state = this.byWebhook(appId, token);
    return { status: 200, body: this.messageOf(state, messageId) };
  }

  /** PATCH /webhooks/:app/:token/messages/:message */
  editMessage(appId: string, token: string, messageId: string, body: unknown): HttpReply {
    const state = this.byWebhook(appId, token);
    const message = this.messageOf(state, messageId);
    const data = isRecord(body) ? body : {};
    validateMessageBody(data, [], { creating: false });
    const original = message.id === state.originalId;
    applyMessageEdit(message, data);
    if (original && state.loading) this.finishLoading(state, message);
    this.record(state, {
      kind: 'interaction.edit',
      interactionId: state.id,
      messageId: message.id,
      original,
      data: body,
      message: structuredClone(message),
    });
    return { status: 200, body: message };
  }

  /** DELETE /webhooks/:app/:token/messages/:message */
  deleteMessage(appId: string, token: string, messageId: string): HttpReply {
    const state = this.byWebhook(appId, token);
    const message = this.messageOf(state, messageId);
    const original = message.id === state.originalId;
    this.world.messages.delete(message.id);
    if (original) state.originalId = null;
    else state.followupIds = state.followupIds.filter((m) => m !== message.id);
    this.record(state, { kind: 'interaction.delete', interactionId: state.id, messageId: message.id, original });
    return { status: 204 };
  }

  /** POST /webhooks/:app/:token — a follow-up message. */
  followUp(appId: string, token: string, body: unknown, files: UploadedFile[]): HttpReply {
    const state = this.byWebhook(appId, token);
    if (state.callbackType === null) throw new ApiError(404, 10015);
    const data = isRecord(body) ? body : {};
    validateMessageBody(data, [], { creating: true, fileCount: files.length });
    let message: APIMessage;
    const original = state.originalId ? this.world.messages.get(state.originalId) : undefined;
    if (state.loading && original) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking..." message.
      message = applyMessageEdit(original, data);
      message.edited_timestamp = null;
      this.finishLoading(state, message);
    } else {
      const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
      message = buildMessage(this.world, {
        channelId: state.channelId,
        guildId: state.guildId,
        author: this.world.botUser,
        body: { ...data, flags },
        files,
        type: state.type === InteractionType.Command ? 20 : 0,
        webhookId: this.world.applicationId,
        applicationId: this.world.applicationId,
        extra: this.interactionMetadata(state),
      });
      state.followupIds.push(message.id);
    }
    this.record(state, { kind: 'interaction.followup', interactionId: state.id, data: body, message: structuredClone(message) });
    return { status: 200, body: message };
  }

  // ---------------------------------------------------------------- helpers

  private finishLoading(state: InteractionState, message: APIMessage): void {
    state.loading = false;
    message.flags = (message.flags ?? 0) & ~FLAG_LOADING;
  }

  private newResponseMessage(state: InteractionState, data: Record<string, unknown>, extraFlags: number): APIMessage {
    const flags = (typeof data['flags'] === 'number' ? data['flags'] : 0) | extraFlags;
    state.ephemeral = (flags & FLAG_EPHEMERAL) !== 0;
    return buildMessage(this.world, {
      channelId: state.channelId,
      guildId: state.guildId,
      author: this.world.botUser,
      body: { ...data, flags },
      type: state.type === InteractionType.Command ? 20 : 0,
      webhookId: this.world.applicationId,
      applicationId: this.world.applicationId,
      extra: this.interactionMetadata(state),
    });
  }

  private interactionMetadata(state: InteractionState): Partial<APIMessage> {
    const owners = { '0': state.guildId };
    // Typed loosely: the metadata union differs per interaction type.
    const metadata: Record<string, unknown> = { id: state.id, type: state.type, user: state.user, authorizing_integration_owners: owners };
    if (state.componentMessageId) metadata['interacted_message_id'] = state.componentMessageId;
    const extra: Record<string, unknown> = { interaction_metadata: metadata };
    if (state.commandName) extra['interaction'] = { id: state.id, type: state.type, name: state.commandName, user: state.user };
    return extra;
  }

  private byWebhook(appId: string, token: string): InteractionState {
    const state = this.byToken.get(token);
    if (appId !== this.world.applicationId || !state) throw new ApiError(404, 10015);
    if (Date.now() - state.createdAt > this.timing.tokenTtlMs) throw new ApiError(401, 50027);
    return state;
  }

  private messageOf(state: InteractionState, messageId: string): APIMessage {
    const id = messageId === '@original' ? state.originalId : messageId;
    const owned = id !== null && (id === state.originalId || state.followupIds.includes(id));
    const message = owned && id ? this.world.messages.get(id) : undefined;
    if (!message) throw new ApiError(404, 10008);
    return message;
  }

  private record(state: InteractionState, activity: InteractionActivity): void {
    state.activity.push(activity);
    this.log.push(activity);
  }

  private handle(state: InteractionState): InteractionHandle {
    const log = this.log;
    const world = this.world;
    const timing = this.timing;
    const waitFor = async (
      predicate: (a: InteractionActivity) => boolean,
      timeoutMs = timing.defaultWaitMs,
    ): Promise<InteractionActivity> => {
      const event = await log.waitFor(
        (e) => isActivity(e) && e.interactionId === state.id && predicate(e),
        timeoutMs,
        0,
        `activity on interaction ${state.id} (${state.commandName ?? 'component'})`,
      );
      if (!isActivity(event)) throw new Error('unreachable');
      return event;
    };
    return {
      id: state.id,
      token: state.token,
      type: state.type,
      payload: state.payload,
      events: state.activity,
      original: () => {
        const message = state.originalId ? world.messages.get(state.originalId) : undefined;
        return message ? structuredClone(message) : null;
      },
      followUps: () =>
        state.followupIds.flatMap((id) => {
          const message = world.messages.get(id);
          return message ? [structuredClone(message)] : [];
        }),
      response: async (timeoutMs = timing.defaultWaitMs): Promise<InteractionResult> => {
        const deadline = Date.now() + timeoutMs;
        const callback = await waitFor((a) => a.kind === 'interaction.callback', timeoutMs);
        if (callback.kind !== 'interaction.callback') throw new Error('unreachable');
        const type = callback.callbackType;
        if (type === Callback.AutocompleteResult) return { kind: 'autocomplete', choices: callback.choices ?? [] };
        if (type === Callback.Modal) return { kind: 'modal', data: callback.data };
        if ((type === Callback.ChannelMessageWithSource || type === Callback.UpdateMessage) && callback.message) {
          return { kind: 'message', callbackType: type, message: callback.message, ephemeral: state.ephemeral };
        }
        // Deferred: settled by the first edit of @original or the follow-up that replaces it.
        const settled = await waitFor(
          (a) => (a.kind === 'interaction.edit' && a.original) || (a.kind === 'interaction.followup' && a.message.id === state.originalId),
          Math.max(1, deadline - Date.now()),
        );
        if (settled.kind !== 'interaction.edit' && settled.kind !== 'interaction.followup') throw new Error('unreachable');
        return { kind: 'message', callbackType: type, message: settled.message, ephemeral: state.ephemeral };
      },
      waitFor,
    };
  }
}

function isActivity(event: { kind: string }): event is InteractionActivity {
  return event.kind.startsWith('interaction.') && event.kind !== 'interaction.create';
}

function inferOptionType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function checkOptionValue(
  command: string,
  name: string,
  type: number,
  value: OptionValue,
  def: APIApplicationCommandOption | undefined,
): void {
  const fail = (what: string): never => {
    throw new Error(`discord emulator: /${command} option "${name}" ${what} (got ${JSON.stringify(value)})`);
  };
  if (type === 3 && typeof value !== 'string') fail('must be a string');
  if (type === 4 && !(typeof value === 'number' && Number.isInteger(value))) fail('must be an integer');
  if (type === 10 && typeof value !== 'number') fail('must be a number');
  if (type === 5 && typeof value !== 'boolean') fail('must be a boolean');
  if ((type === 6 || type === 7 || type === 8 || type === 9) && typeof value !== 'string') fail('must be an id string');
  if (def && 'choices' in def && Array.isArray(def.choices) && def.choices.length > 0) {
    const allowed: unknown[] = def.choices.map((c: { value: unknown }) => c.value);
    if (!allowed.includes(value)) fail(`must be one of ${JSON.stringify(allowed)}`);
  }
  if (def && 'min_value' in def && typeof def.min_value === 'number' && typeof value === 'number' && value < def.min_value)
    fail(`must be ≥ ${def.min_value}`);
  if (def && 'max_value' in def && typeof def.max_value === 'number' && typeof value === 'number' && value > def.max_value)
    fail(`must be ≤ ${def.max_value}`);
  if (def && 'min_length' in def && typeof def.min_length === 'number' && typeof value === 'string' && value.length < def.min_length)
    fail(`must be at least ${def.min_length} long`);
  if (def && 'max_length' in def && typeof def.max_length === 'number' && typeof value === 'string' && value.length > def.max_length)
    fail(`must be at most ${def.max_length} long`);
}

/** custom_ids of every component in a message (rows, v2 containers, accessories). */
export function findCustomIds(components: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isRecord(node)) return;
    if (typeof node['custom_id'] === 'string') ids.push(node['custom_id']);
    walk(node['components']);
    walk(node['accessory']);
  };
  walk(components);
  return ids;
}
