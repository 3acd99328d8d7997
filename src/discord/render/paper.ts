/** /paper: a paper card with the full abstract. */
import { ButtonStyle, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { ShownPaper } from '../../answer/types.js';
import { UNKNOWN_AUTHORS } from '../../answer/display.js';
import { escapeMarkdown, maskedLink, safeUrl } from '../escape.js';
import { enforceMessageLimits, LIMITS, type MessagePayload } from '../limits.js';
import { splitIntoChunks, truncate } from './cut.js';
import { ACCENT, button, rowsOf } from './format.js';

export interface RenderPaperCardOptions {
  similarButtonId?: string;
}

/** Room for the author list on a card; beyond it the list ends "and N more". */
const AUTHORS_MAX = 600;

/** Discord requires a field name; continuation fields of the abstract have nothing to say there. */
const BLANK = '\u200b';

/** All authors, or as many as fit followed by "and N more". Escaped. */
export function formatAuthorList(authors: readonly string[], max = AUTHORS_MAX): string {
  const [first, ...others] = authors.map(escapeMarkdown);
  if (first === undefined) return UNKNOWN_AUTHORS;
  const all = [first, ...others].join(', ');
  if (all.length <= max) return all;
  const room = max - ' and 99999 more'.length;
  let head = truncate(first, room);
  let shown = 1;
  for (const name of others) {
    if (head.length + 2 + name.length > room) break;
    head += `, ${name}`;
    shown += 1;
  }
  return `${head} and ${authors.length - shown} more`;
}

function headerLines(paper: ShownPaper): string {
  const lines = [`**Authors:** ${formatAuthorList(paper.authors)}`];
  lines.push(paper.venue ? `**Year:** ${paper.year} · **Venue:** ${escapeMarkdown(paper.venue)}` : `**Year:** ${paper.year}`);
  const links = [
    ['paper', paper.url],
    ['code', paper.code],
  ].flatMap(([label, url]) => (label && safeUrl(url) ? [maskedLink(label, url)] : []));
  if (links.length > 0) lines.push(`**Links:** ${links.join(' · ')}`);
  return lines.join('\n');
}

/**
 * The abstract laid out as the rest of the description, then continuation fields, split at
 * sentence or word boundaries. The 6000-character message total (enforced last) is what
 * finally bounds a very long abstract.
 */
function layoutAbstract(header: string, abstract: string): Pick<APIEmbed, 'description' | 'fields'> {
  if (abstract.length === 0) return { description: header };
  const separator = '\n\n';
  const [first = '', ...rest] = splitIntoChunks(abstract, LIMITS.embedDescription - header.length - separator.length);
  const fields: APIEmbedField[] = splitIntoChunks(rest.join(' '), LIMITS.fieldValue)
    .slice(0, LIMITS.fieldsPerEmbed)
    .map((value) => ({ name: BLANK, value }));
  const description = header + separator + first;
  return fields.length > 0 ? { description, fields } : { description };
}

export function renderPaperCard(paper: ShownPaper, opts: RenderPaperCardOptions = {}): MessagePayload {
  const url = safeUrl(paper.url);
  const embed: APIEmbed = {
    title: truncate(escapeMarkdown(paper.title), LIMITS.embedTitle),
    color: ACCENT,
    ...layoutAbstract(headerLines(paper), escapeMarkdown(paper.abstract.trim())),
    footer: { text: paper.id },
  };
  if (url) embed.url = url;
  const buttons = opts.similarButtonId ? [button('Similar papers', opts.similarButtonId, ButtonStyle.Primary)] : [];
  return enforceMessageLimits({ embeds: [embed], components: rowsOf(buttons) });
}
