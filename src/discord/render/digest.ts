/** Daily digests: the post itself, /digest list, and the time stamps they show. */
import { MessageFlags, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { PreparedDigest } from '../../digest/prepare.js';
import { escapeMarkdown, escapeUserText, maskedLink, safeUrl } from '../escape.js';
import { enforceMessageLimits, LIMITS, type EphemeralPayload, type MessagePayload } from '../limits.js';
import { truncate } from './cut.js';
import { ACCENT, formatAuthors } from './format.js';

/** A Discord timestamp: every reader sees it in their own zone (F: full date and time, R: relative). */
export function discordTimestamp(epochMs: number, style: 'F' | 'R' = 'F'): string {
  return `<t:${Math.floor(epochMs / 1000)}:${style}>`;
}

const TITLES: Record<PreparedDigest['kind'], string> = {
  new: 'New on the shelf',
  archive: 'From the archive',
  empty: 'The shelf is empty',
};

const ARCHIVE_NOTE = 'Nothing new since the last digest, so here is a paper from the shelf this channel has not seen yet.';

function entryField(n: number, entry: PreparedDigest['entries'][number]): APIEmbedField {
  const { paper } = entry;
  const link = safeUrl(paper.url) ? ` · ${maskedLink('link', paper.url)}` : '';
  const byline = `${formatAuthors(paper.authors)}, ${paper.year}${link}`;
  const quoteRoom = LIMITS.fieldValue - byline.length - '\n> “”'.length;
  return {
    name: truncate(`${n}. ${escapeMarkdown(paper.title)}`, LIMITS.fieldName),
    value: `${byline}\n> “${truncate(escapeMarkdown(entry.keySentence.trim()), quoteRoom)}”`,
  };
}

/** The digest post: one field per paper (title; authors, year, link; the key sentence). */
export function renderDigest(digest: PreparedDigest): MessagePayload {
  const lines: string[] = [];
  if (digest.topics) lines.push(`Topics: ${escapeUserText(digest.topics)}`);
  if (digest.kind === 'archive') lines.push(ARCHIVE_NOTE);
  const embed: APIEmbed = {
    title: TITLES[digest.kind],
    color: ACCENT,
    fields: digest.entries.map((entry, i) => entryField(i + 1, entry)),
    footer: { text: 'papershelf daily digest' },
  };
  if (lines.length > 0) embed.description = lines.join('\n');
  return enforceMessageLimits({ embeds: [embed] });
}

/**
 * /digest preview: the digest exactly as it would be posted, privately, under one line saying when
 * (nextAt null: the subscription is paused).
 */
export function renderDigestPreview(digest: PreparedDigest, channelId: string, nextAt: number | null): EphemeralPayload {
  const post = renderDigest(digest);
  const when = nextAt === null ? 'paused: subscribe again to resume' : `due ${discordTimestamp(nextAt)}`;
  return enforceMessageLimits({
    content: `Preview of the next digest in <#${channelId}> (${when}):`,
    embeds: post.embeds,
    flags: MessageFlags.Ephemeral,
  });
}

export interface DigestListItem {
  channelId: string;
  time: string;
  tz: string;
  topics: string | null;
  pausedReason: string | null;
  lastResult: string | null;
  /** Null when paused. */
  nextAt: number | null;
}

/** /digest list: this server's subscriptions, their next post (or why they are paused), their last result. */
export function renderDigestList(items: readonly DigestListItem[]): EphemeralPayload {
  if (items.length === 0) {
    return enforceMessageLimits({
      content: 'No daily digests in this server yet. Start one with `/digest subscribe`.',
      flags: MessageFlags.Ephemeral,
    });
  }
  const fields = items.map((item) => {
    const status =
      item.pausedReason || item.nextAt === null
        ? `**Paused:** ${escapeMarkdown(item.pausedReason ?? 'paused')}`
        : `**Next:** ${discordTimestamp(item.nextAt)} (${discordTimestamp(item.nextAt, 'R')})`;
    const value = [
      `<#${item.channelId}>${item.topics ? ` · topics: ${escapeUserText(item.topics)}` : ''}`,
      status,
      `**Last:** ${item.lastResult ? escapeMarkdown(item.lastResult) : 'nothing posted yet'}`,
    ].join('\n');
    return { name: `Every day at ${item.time} (${escapeMarkdown(item.tz)})`, value };
  });
  const count = items.length === 1 ? '1 subscription' : `${items.length} subscriptions`;
  return enforceMessageLimits({
    embeds: [{ title: 'Daily digests in this server', color: ACCENT, fields, footer: { text: count } }],
    flags: MessageFlags.Ephemeral,
  });
}
