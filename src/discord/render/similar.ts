/** /similar: the nearest papers by meaning, one key sentence each. */
import type { CitedPaper } from '../../answer/types.js';
import type { Paper } from '../../corpus/types.js';
import { escapeMarkdown, safeUrl } from '../escape.js';
import { enforceMessageLimits, LIMITS, type MessagePayload } from '../limits.js';
import { truncate } from './cut.js';
import { ACCENT, asIs, citationLine, type Readable } from './format.js';

export interface Neighbour {
  paper: CitedPaper;
  keySentence: string;
  score: number;
}

const NONE = 'No other paper on the shelf is close to this one yet.';

export function renderSimilar(
  paper: Paper | CitedPaper,
  neighbours: readonly Neighbour[],
  opts: { readable?: Readable } = {},
): MessagePayload {
  const readable = opts.readable ?? asIs;
  const title = truncate(`Similar to: ${escapeMarkdown(readable(paper.title))}`, LIMITS.embedTitle);
  const separator = '\n\n';
  const perItem = Math.floor((LIMITS.embedDescription - separator.length * neighbours.length) / Math.max(neighbours.length, 1));
  const description =
    neighbours.length === 0
      ? NONE
      : neighbours
          .map((neighbour, i) => {
            const citation = citationLine(i + 1, neighbour.paper, readable);
            const quoteRoom = perItem - citation.length - '\n> “”'.length;
            return `${citation}\n> “${truncate(escapeMarkdown(neighbour.keySentence.trim()), quoteRoom)}”`;
          })
          .join(separator);
  const url = safeUrl(paper.url);
  return enforceMessageLimits({ embeds: [{ title, description, color: ACCENT, ...(url ? { url } : {}) }] });
}
