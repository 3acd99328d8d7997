/** /ask: an Answer as one embed of quoted, cited passages. */
import type { Answer, AnswerItem } from '../../answer/types.js';
import { ABSTAIN_TEXT } from '../../answer/text.js';
import { escapeMarkdown, escapeUserText } from '../escape.js';
import { enforceMessageLimits, LIMITS, type MessagePayload } from '../limits.js';
import { truncate, truncateStart } from './cut.js';
import { ACCENT, button, citationLine, rowsOf } from './format.js';

export interface RenderAnswerOptions {
  /** 1-based page of results this message shows. */
  page: number;
  pageCount?: number;
  searchMs: number;
  moreButtonId?: string;
  abstractButtonIds?: { paperId: string; customId: string }[];
}

const ITEM_SEPARATOR = '\n\n';

const ABSTAINED = `${ABSTAIN_TEXT} Try rephrasing it, or browse the shelf with \`/paper\`.`;

/**
 * The quote in curly quotes with the key sentence in bold, shortened to `max` around the key
 * sentence: context before and after gives way first, the key sentence last.
 */
export function formatQuote(item: Pick<AnswerItem, 'quote' | 'keyStart' | 'keyEnd'>, max: number): string {
  const { quote, keyStart, keyEnd } = item;
  const frame = '“”'.length;
  const rawKey = quote.slice(keyStart, keyEnd);
  if (!(keyStart >= 0 && keyEnd <= quote.length && rawKey.trim().length > 0)) {
    return `“${truncate(escapeMarkdown(quote.trim()), max - frame)}”`;
  }
  // Whitespace inside `**…**` stops Discord from rendering the bold, so keep it outside.
  const lead = rawKey.length - rawKey.trimStart().length;
  const trail = rawKey.length - rawKey.trimEnd().length;
  let pre = escapeMarkdown(quote.slice(0, keyStart + lead).trimStart());
  const keyText = escapeMarkdown(rawKey.trim());
  let post = escapeMarkdown(quote.slice(keyEnd - trail).trimEnd());

  const bold = '****'.length;
  const key = truncate(keyText, Math.max(max - frame - bold, 1));
  const room = Math.max(max - frame - bold - key.length, 0);
  if (pre.length + post.length > room) {
    // Share the room evenly, giving either side's unused share to the other.
    const half = Math.floor(room / 2);
    const preRoom = post.length < room - half ? room - post.length : Math.min(pre.length, half);
    pre = truncateStart(pre, preRoom);
    post = truncate(post, room - pre.length);
  }
  return `“${pre}**${key}**${post}”`;
}

function itemBlock(item: AnswerItem, max: number): string {
  const citation = citationLine(item.n, item.paper);
  const prefix = `**[${item.n}]** `;
  const quote = formatQuote(item, max - prefix.length - citation.length - 1);
  return `${prefix}${quote}\n${citation}`;
}

function footerText(opts: RenderAnswerOptions): string {
  const searched = `Searched in ${Math.round(opts.searchMs)} ms`;
  const pageCount = opts.pageCount ?? opts.page;
  return pageCount > 1 ? `Page ${opts.page} of ${pageCount} · ${searched.toLowerCase()}` : searched;
}

export function renderAnswer(answer: Answer, opts: RenderAnswerOptions): MessagePayload {
  const title = truncate(escapeUserText(answer.question), LIMITS.embedTitle);
  const footer = { text: footerText(opts) };

  if (answer.abstained || answer.items.length === 0) {
    return enforceMessageLimits({ embeds: [{ title, description: ABSTAINED, color: ACCENT, footer }] });
  }

  const count = answer.items.length;
  const perItem = Math.floor((LIMITS.embedDescription - ITEM_SEPARATOR.length * (count - 1)) / count);
  const description = answer.items.map((item) => itemBlock(item, perItem)).join(ITEM_SEPARATOR);

  const numberOf = new Map(answer.items.map((item) => [item.paper.id, item.n]));
  const buttons = (opts.abstractButtonIds ?? []).flatMap(({ paperId, customId }) => {
    const n = numberOf.get(paperId);
    return n === undefined ? [] : [button(`Full abstract: [${n}]`, customId)];
  });
  if (opts.moreButtonId) buttons.push(button('More results', opts.moreButtonId));

  return enforceMessageLimits({
    embeds: [{ title, description, color: ACCENT, footer }],
    components: rowsOf(buttons),
  });
}
