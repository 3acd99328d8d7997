import type { Answer, AnswerItem, CitedPaper } from './types.js';
import { shortAuthors } from './display.js';

/** The --json shape of `npm run ask`: stable, scripts depend on it. */
export interface AnswerJson {
  abstained: boolean;
  results: { paperId: string; title: string; quote: string; keySentence: string; score: number }[];
  timings: Record<string, number>;
}

export function answerJson(a: Answer): AnswerJson {
  return {
    abstained: a.abstained,
    results: a.items.map((i) => ({
      paperId: i.paper.id,
      title: i.paper.title,
      quote: i.quote,
      keySentence: i.keySentence,
      score: i.score,
    })),
    timings: a.timings,
  };
}

/** The abstention, worded once for the terminal and Discord. */
export const ABSTAIN_TEXT = 'Nothing on the shelf answers that question.';

/** The terminal's citation: "Title. Authors (Year). URL". */
export function citationLine(p: CitedPaper): string {
  return `${p.title}. ${shortAuthors(p.authors)} (${p.year})${p.url ? `. ${p.url}` : ''}`;
}

/** Quote with the key sentence marked: ANSI bold on a terminal, **…** otherwise. */
export function markedQuote(item: AnswerItem, bold: boolean): string {
  const [open, close] = bold ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  return `${item.quote.slice(0, item.keyStart)}${open}${item.keySentence}${close}${item.quote.slice(item.keyEnd)}`;
}

/** The answer as a person reads it in a terminal. */
export function formatAnswerText(a: Answer, opts: { bold: boolean; mode: string }): string {
  const lines: string[] = [];
  if (a.abstained) {
    // A terminal user may have no bot yet: point at the shelf file, not at a Discord command.
    lines.push(`${ABSTAIN_TEXT} Try other words, or see which papers it holds in CORPUS_PATH (default corpus/papers.jsonl).`);
  } else {
    for (const item of a.items) {
      lines.push(`[${item.n}] “${markedQuote(item, opts.bold)}”`, '');
    }
    for (const item of a.items) lines.push(`[${item.n}] ${citationLine(item.paper)}`);
  }
  lines.push('', `(${opts.mode} search, ${Math.round(a.timings.total ?? 0)} ms)`);
  return `${lines.join('\n')}\n`;
}
