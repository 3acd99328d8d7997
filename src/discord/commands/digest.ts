/**
 * /digest subscribe | unsubscribe | list | preview, and the Discord side of the digest scheduler
 * (which guilds this process serves, how a digest is posted, what a failure's code is).
 */
import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type PermissionsBitField,
  type SlashCommandChannelOption,
} from 'discord.js';
import { DigestPostError, DigestScheduler } from '../../digest/scheduler.js';
import { nextSlot } from '../../digest/slots.js';
import { prepareDigest, type PreparedDigest } from '../../digest/prepare.js';
import type { Subscription } from '../../digest/store.js';
import { DigestInputError, parseTimeOfDay, searchTimeZones, validateTimeZone, type TimeOfDay } from '../../digest/time.js';
import { escapeUserText } from '../escape.js';
import { fitChoices, type MessagePayload } from '../limits.js';
import { renderNotice } from '../render.js';
import { discordTimestamp, renderDigest, renderDigestList, renderDigestPreview } from '../render/digest.js';
import type { BotContext } from '../context.js';
import type { SlashCommand } from '../command.js';
import { digestPostFailure } from '../post-failure.js';

const DEFAULT_TIME = '09:00';
const DEFAULT_ZONE = 'UTC';
const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
/** What the bot needs in a channel to post a digest there. */
const NEEDED: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

const channelOption = (what: string) => (o: SlashCommandChannelOption) =>
  o
    .setName('channel')
    .setDescription(`${what} (default: this channel)`)
    .addChannelTypes(...POSTABLE);

export const digest: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('Daily paper digests in a channel (Manage Server)')
    // Hidden from members without Manage Server; execute() checks again, since server admins can override this.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription('Post a digest in a channel every day, or change its settings')
        .addChannelOption(channelOption('Where to post'))
        .addStringOption((o) => o.setName('time').setDescription(`Local time of day, HH:MM (default ${DEFAULT_TIME})`).setMaxLength(16))
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription(`IANA time zone such as Europe/Paris (default ${DEFAULT_ZONE})`)
            .setAutocomplete(true)
            .setMaxLength(64),
        )
        .addStringOption((o) =>
          o.setName('topics').setDescription('What this channel cares about: ranks the new papers').setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s.setName('unsubscribe').setDescription('Stop the daily digest in a channel').addChannelOption(channelOption('Which channel')),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's digests: next post and last result"))
    .addSubcommand((s) =>
      s
        .setName('preview')
        .setDescription('Show privately what the next digest in a channel would post')
        .addChannelOption(channelOption('Which channel')),
    )
    .toJSON(),

  async execute(interaction, ctx) {
    if (!interaction.inGuild()) {
      await interaction.reply(renderNotice('Digests work in servers only.', true));
      return;
    }
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
      await interaction.reply(renderNotice('Only members with the **Manage Server** permission can manage digests.', true));
      return;
    }
    const channelId = interaction.options.getChannel('channel', false, POSTABLE)?.id ?? interaction.channelId;
    switch (interaction.options.getSubcommand()) {
      case 'subscribe':
        return subscribe(interaction, ctx, channelId);
      case 'unsubscribe':
        return unsubscribe(interaction, ctx, channelId);
      case 'list':
        return list(interaction, ctx);
      default:
        return preview(interaction, ctx, channelId);
    }
  },

  async autocomplete(interaction: AutocompleteInteraction) {
    const zones = searchTimeZones(interaction.options.getFocused());
    await interaction.respond(fitChoices(zones.map((zone) => ({ name: zone, value: zone }))));
  },
};

/** When a subscription posts next; null while it is paused. */
function nextPostAt(ctx: BotContext, sub: Subscription, now = ctx.timing.now()): number | null {
  if (sub.pausedReason) return null;
  return nextSlot(now, sub.time, sub.tz, ctx.digests.lastLoggedDay(sub.channelId), sub.updatedAt).slotAt;
}

/**
 * Why the bot could not post in the channel, or null when it can (or cannot tell: then the first
 * post will say). The interaction carries the bot's permissions in the channel it was used in.
 */
function cannotPost(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, channelId: string): string | null {
  const channel = interaction.guild?.channels.cache.get(channelId);
  if (channel && !(POSTABLE as readonly ChannelType[]).includes(channel.type)) {
    return `Digests can only be posted in text or announcement channels; pick one with the \`channel\` option.`;
  }
  const me = interaction.guild?.members.me;
  let permissions: Readonly<PermissionsBitField> | null = null;
  if (channelId === interaction.channelId) permissions = interaction.appPermissions;
  else if (channel && me) permissions = channel.permissionsFor(me);
  if (!permissions) return null;
  const missing = NEEDED.filter(([bit]) => !permissions.has(bit)).map(([, name]) => name);
  if (missing.length === 0) return null;
  return `I cannot post in <#${channelId}>: I am missing ${missing.join(', ')} there. Grant them, then subscribe again.`;
}

async function subscribe(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext, channelId: string): Promise<void> {
  let time: TimeOfDay;
  let tz: string;
  try {
    time = parseTimeOfDay(interaction.options.getString('time') ?? DEFAULT_TIME);
    tz = validateTimeZone(interaction.options.getString('timezone') ?? DEFAULT_ZONE);
  } catch (err) {
    if (!(err instanceof DigestInputError)) throw err;
    await interaction.reply(renderNotice(escapeUserText(err.message), true));
    return;
  }
  const refusal = cannotPost(interaction, channelId);
  if (refusal) {
    await interaction.reply(renderNotice(refusal, true));
    return;
  }
  const existed = ctx.digests.getSubscription(channelId) !== null;
  const sub = ctx.digests.upsertSubscription({
    guildId: interaction.guildId,
    channelId,
    time,
    tz,
    topics: interaction.options.getString('topics'),
    createdBy: interaction.user.id,
    now: ctx.timing.now(),
  });
  ctx.scheduler?.wake();
  // Subscribing un-pauses, so there is always a next post.
  const next = nextSlot(ctx.timing.now(), sub.time, sub.tz, ctx.digests.lastLoggedDay(channelId), sub.updatedAt).slotAt;
  const topics = sub.topics ? `, ranked for “${escapeUserText(sub.topics)}”` : '';
  await interaction.reply(
    renderNotice(
      `${existed ? 'Updated' : 'Subscribed'} <#${channelId}>: a digest every day at **${sub.time}** (${escapeUserText(sub.tz)})${topics}. ` +
        `Next post: ${discordTimestamp(next)} (${discordTimestamp(next, 'R')}).`,
      true,
    ),
  );
}

async function unsubscribe(interaction: ChatInputCommandInteraction, ctx: BotContext, channelId: string): Promise<void> {
  const removed = ctx.digests.removeSubscription(channelId);
  ctx.scheduler?.wake();
  await interaction.reply(
    renderNotice(removed ? `Unsubscribed <#${channelId}>: no more daily digests there.` : `<#${channelId}> has no daily digest.`, true),
  );
}

async function list(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, ctx: BotContext): Promise<void> {
  const now = ctx.timing.now();
  const items = ctx.digests.listSubscriptions(interaction.guildId).map((sub) => ({ ...sub, nextAt: nextPostAt(ctx, sub, now) }));
  await interaction.reply(renderDigestList(items));
}

async function preview(interaction: ChatInputCommandInteraction, ctx: BotContext, channelId: string): Promise<void> {
  const sub = ctx.digests.getSubscription(channelId);
  if (!sub) {
    await interaction.reply(renderNotice(`<#${channelId}> has no daily digest; start one with \`/digest subscribe\`.`, true));
    return;
  }
  const prepared = await prepareDigest(ctx.librarian, ctx.digests, sub, ctx.timing.now());
  await interaction.reply(renderDigestPreview(prepared, channelId, nextPostAt(ctx, sub)));
}

/** The scheduler wired to this Discord client: only the guilds this process (its shards) serves. */
export function createDigestScheduler(ctx: BotContext, client: Client<true>): DigestScheduler<PreparedDigest> {
  return new DigestScheduler<PreparedDigest>({
    store: ctx.digests,
    log: ctx.log,
    serves: (guildId) => client.guilds.cache.has(guildId),
    prepare: async (sub, now) => {
      const prepared = await prepareDigest(ctx.librarian, ctx.digests, sub, now);
      return prepared.kind === 'empty' ? null : prepared;
    },
    post: (sub, prepared) => post(client, sub.channelId, renderDigest(prepared)),
    now: ctx.timing.now,
    retryDelaysMs: ctx.timing.retryDelaysMs,
  });
}

async function post(client: Client<true>, channelId: string, payload: MessagePayload): Promise<string> {
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new DigestPostError(`channel ${channelId} is not one the bot can post in`, true);
    return (await channel.send(payload)).id;
  } catch (err) {
    if (!(err instanceof DiscordAPIError)) throw err;
    throw digestPostFailure(err.status, typeof err.code === 'number' ? err.code : undefined, err.message);
  }
}
