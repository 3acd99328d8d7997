/** Short plain-text replies: errors, rate limits, "busy", "expired". */
import { MessageFlags } from 'discord.js';
import { escapeMarkdown } from '../escape.js';
import { enforceMessageLimits, type EphemeralPayload, type MessagePayload } from '../limits.js';

/** An ephemeral apology carrying the ref that the log line of the failure also carries. */
export function renderError(ref: string): EphemeralPayload {
  return enforceMessageLimits({
    content: `Something went wrong (ref ${escapeMarkdown(ref)}). Please try again; if it keeps happening, tell whoever runs the bot this ref.`,
    flags: MessageFlags.Ephemeral,
  });
}

/**
 * A notice in the bot's own words (markdown allowed, so it must not contain unescaped user
 * text). Ephemeral notices only work for `reply`/`followUp`.
 */
export function renderNotice(text: string, ephemeral: true): EphemeralPayload;
export function renderNotice(text: string, ephemeral: false): MessagePayload;
export function renderNotice(text: string, ephemeral: boolean): MessagePayload | EphemeralPayload;
export function renderNotice(text: string, ephemeral: boolean): MessagePayload | EphemeralPayload {
  return ephemeral ? enforceMessageLimits({ content: text, flags: MessageFlags.Ephemeral }) : enforceMessageLimits({ content: text });
}
