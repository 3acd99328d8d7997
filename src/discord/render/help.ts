/** /help: what the bot is, what is on the shelf, and its commands. */
import type { CitedPaper } from '../../answer/types.js';
import { escapeMarkdown, maskedLink } from '../escape.js';
import { enforceMessageLimits, LIMITS, type MessagePayload } from '../limits.js';
import { truncate } from './cut.js';
import { ACCENT } from './format.js';

export interface HelpInfo {
  paperCount: number;
  newest: CitedPaper[];
  model: string;
  searchMode: string;
  commands: { name: string; description: string }[];
}

/** Longest newest-paper title, so a handful of them fit one field. */
const NEWEST_TITLE_MAX = 120;

function linesWithin(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

export function renderHelp(info: HelpInfo): MessagePayload {
  const papers = info.paperCount === 1 ? '1 paper' : `${info.paperCount} papers`;
  const fields = [];
  const commands = info.commands.map((c) => `\`/${c.name}\` — ${escapeMarkdown(c.description)}`);
  if (commands.length > 0) fields.push({ name: 'Commands', value: linesWithin(commands, LIMITS.fieldValue) });
  const newest = info.newest.map((p) => {
    const title = truncate(escapeMarkdown(p.title), NEWEST_TITLE_MAX);
    return `${maskedLink(title, p.url)} (${p.year})`;
  });
  if (newest.length > 0) fields.push({ name: 'Newest on the shelf', value: linesWithin(newest, LIMITS.fieldValue) });
  fields.push({ name: 'Search', value: `${escapeMarkdown(info.searchMode)} · model ${escapeMarkdown(info.model)}` });
  return enforceMessageLimits({
    embeds: [
      {
        title: 'papershelf',
        description: `A research assistant over a shelf of ${papers}. Ask a question with \`/ask\` and get the passages that answer it, quoted and cited; look a paper up with \`/paper\`.`,
        color: ACCENT,
        fields,
      },
    ],
  });
}
