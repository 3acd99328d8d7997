/**
 * Escaping for text the bot echoes into Discord markdown.
 *
 * Paper text goes through `escapeMarkdown` (it may contain `*`, `_`, `|`… that would
 * otherwise format); text a user typed goes through `escapeUserText`, which also defuses
 * mentions and collapses newlines so nothing can start a heading, list or quote block.
 * `allowedMentions: { parse: [] }` already stops pings; defusing mentions here also stops
 * the echo from *rendering* as a highlighted mention.
 */

const ZWSP = '\u200b';

/** Every character Discord's markdown treats specially anywhere in a line. */
const INLINE_SPECIAL = /[\\*_~`|>[\]()]/g;

/** Markers that only mean something at the start of a line: headings, subtext, lists. */
const LINE_START_MARKER = /^([ \t]*)(#{1,3}|-#|[-+]|\d+(?=\.))(?=[ \t.])/gm;

/** Backslash-escapes markdown so the text renders literally (e.g. a paper title). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE_SPECIAL, (ch) => `\\${ch}`)
    .replace(LINE_START_MARKER, (_m, indent: string, marker: string) =>
      // "1." is escaped on its dot; other markers on their first character.
      /^\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
    );
}

/** `@everyone`, `@here`, and `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</cmd:id>` mention syntax. */
const MENTION = /@(everyone|here)\b|<(?=[@#/])/gi;

/** Makes text that would render as a mention inert by inserting a zero-width space. */
export function defuseMentions(text: string): string {
  return text.replace(MENTION, (m, word: string | undefined) => (word ? `@${ZWSP}${word}` : `<${ZWSP}`));
}

/**
 * For text echoed from a user (the /ask question): one line, literal markdown, no mentions.
 */
export function escapeUserText(text: string): string {
  return defuseMentions(escapeMarkdown(text.replace(/\s+/g, ' ').trim()));
}

/**
 * A URL safe to put in a markdown link or an embed's `url`: http(s) only, with the
 * characters that would end a `[text](url)` link percent-encoded. Undefined otherwise.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** `[label](url)`, or the bare label when the URL is unusable. The label must already be escaped. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
