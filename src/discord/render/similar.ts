/** /similar: the nearest papers by meaning, one key sentence each. */
import type { CitedPaper } from '../../answer/types.js';
import { escapeMarkdown, safeUrl } from '../escape.js';
import { enforceMessageLimits, LIMITS, type MessagePayload } from '../limits.js';
import { truncate } from './cut.js';
import { ACCENT, citationLine } from './format.js';

export interface Neighbour {
  paper: CitedPaper;
  keySentence: string;
  score: number;
}

const NONE = 'No other paper on the shelf is close to this one yet.';

export function renderSimilar(paper: CitedPaper, neighbours: readonly Neighbour[]): MessagePayload {
  const title = truncate(`Similar to: ${escapeMarkdown(paper.title)}`, LIMITS.embedTitle);
  const separator = '\n\n';
  const perItem = Math.floor((LIMITS.embedDescription - separator.length * neighbours.length) / Math.max(neighbours.length, 1));
  const description =
    neighbours.length === 0
      ? NONE
      : neighbours
          .map((neighbour, i) => {
            const citation = citationLine(i + 1, neighbour.paper);
            const quoteRoom = perItem - citation.length - '\n> “”'.length;
            return `${citation}\n> “${truncate(escapeMarkdown(neighbour.keySentence.trim()), quoteRoom)}”`;
          })
          .join(separator);
  const url = safeUrl(paper.url);
  return enforceMessageLimits({ embeds: [{ title, description, color: ACCENT, ...(url ? { url } : {}) }] });
}
