/** Small formatting pieces shared by the renderers: authors, citations, buttons. */
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import type { CitedPaper } from '../../answer/types.js';
import { shortAuthors } from '../../answer/display.js';
import { escapeMarkdown, maskedLink, safeUrl } from '../escape.js';
import { LIMITS, type MessageRow } from '../limits.js';
import { truncate } from './cut.js';

/** The accent colour of the bot's embeds. */
export const ACCENT = 0x3b82c4;

/** Longest title shown in a citation line, so five citations and their quotes fit one embed. */
const CITATION_TITLE_MAX = 160;

/** The answer layer's short author list ("A, B, C et al."), escaped for markdown. */
export function formatAuthors(authors: readonly string[]): string {
  return escapeMarkdown(shortAuthors(authors));
}

/** "[n] Title — Authors, Year · [link](…) · [code](…)", escaped, of bounded length. */
export function citationLine(n: number, paper: CitedPaper): string {
  const title = truncate(escapeMarkdown(paper.title), CITATION_TITLE_MAX);
  const links = [
    ['link', paper.url],
    ['code', paper.code],
  ]
    .flatMap(([label, url]) => (label && safeUrl(url) ? [` · ${maskedLink(label, url)}`] : []))
    .join('');
  return `[${n}] ${title} — ${formatAuthors(paper.authors)}, ${paper.year}${links}`;
}

export type ButtonStyleWithId = APIButtonComponentWithCustomId['style'];

export function button(label: string, customId: string, style: ButtonStyleWithId = ButtonStyle.Secondary): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label: truncate(label, LIMITS.buttonLabel), custom_id: customId };
}

/** Buttons laid out five to a row, in order. */
export function rowsOf(buttons: readonly APIButtonComponentWithCustomId[]): MessageRow[] {
  const rows: MessageRow[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
}
