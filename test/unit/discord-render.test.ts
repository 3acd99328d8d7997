import { readFileSync } from 'node:fs';
import type { InteractionEditReplyOptions, InteractionReplyOptions, InteractionUpdateOptions, MessageCreateOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, CitedPaper } from '../../src/answer/types.js';
import type { Paper } from '../../src/corpus/types.js';
import { shownPaper } from '../../src/answer/display.js';
import { embedLength, LIMITS, type MessagePayload } from '../../src/discord/limits.js';
import {
  formatAuthorList,
  formatAuthors,
  formatQuote,
  renderAnswer,
  renderError,
  renderHelp,
  renderNotice,
  renderPaperCard,
  renderSimilar,
} from '../../src/discord/render.js';
import { countBoldMarkers } from '../../src/discord/render/cut.js';

const paper: Paper = {
  id: 'arxiv:2310.13040',
  title: 'Robust multimodal models have outlier features and encode more concepts',
  authors: ['Jonathan Crabbé', 'Pau Rodríguez', 'Vaishaal Shankar', 'Luca Zappella', 'Arno Blaas'],
  year: 2023,
  venue: 'arXiv preprint',
  url: 'https://arxiv.org/abs/2310.13040',
  code: 'https://github.com/apple/ml-robust-features',
  abstract:
    'What distinguishes robust models from non-robust ones? This question has gained traction with the appearance of large-scale multimodal models, such as CLIP. We prune up to $80 \\%$ of directions.',
};

const { abstract: _abstract, ...cited } = paper;
const citedPaper: CitedPaper = cited;

function item(n: number, overrides: Partial<AnswerItem> = {}): AnswerItem {
  const quote = 'Context sentence before. The key sentence answers the question. A sentence after.';
  const keySentence = 'The key sentence answers the question.';
  const keyStart = quote.indexOf(keySentence);
  return {
    n,
    paper: { ...citedPaper, id: `p${n}` },
    quote,
    keySentence,
    keyStart,
    keyEnd: keyStart + keySentence.length,
    score: 1 / n,
    ...overrides,
  };
}

function answer(items: AnswerItem[], question = 'What makes models robust?'): Answer {
  return { question, abstained: false, items, timings: { total: 12 } };
}

/** Every limit, checked independently of the code under test. */
function expectWithinLimits(p: MessagePayload): void {
  expect(p.allowedMentions).toEqual({ parse: [] });
  expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(p.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const e of p.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  }
  expect(p.components.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
  for (const row of p.components) expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
}

function labels(p: MessagePayload): string[] {
  return p.components.flatMap((r) => r.components.map((c) => ('label' in c ? (c.label ?? '') : '')));
}

describe('renderAnswer', () => {
  it('quotes each item with the key sentence in bold and cites it', () => {
    const out = renderAnswer(answer([item(1), item(2)]), { page: 1, searchMs: 42.4 });
    const embed = out.embeds[0];
    expect(embed?.title).toBe('What makes models robust?');
    expect(embed?.description).toContain('**[1]** “Context sentence before. **The key sentence answers the question.** A sentence after.”');
    expect(embed?.description).toContain(
      '[1] Robust multimodal models have outlier features and encode more concepts — Jonathan Crabbé, Pau Rodríguez, Vaishaal Shankar et al., 2023 · [link](https://arxiv.org/abs/2310.13040) · [code](https://github.com/apple/ml-robust-features)',
    );
    expect(embed?.description).toContain('[2] ');
    expect(embed?.footer?.text).toBe('Searched in 42 ms');
    expect(out.components).toEqual([]);
    expectWithinLimits(out);
  });

  it('shows the page when there are several', () => {
    const out = renderAnswer(answer([item(6)]), { page: 2, pageCount: 3, searchMs: 5 });
    expect(out.embeds[0]?.footer?.text).toBe('Page 2 of 3 · searched in 5 ms');
  });

  it('escapes the question so it cannot ping or format', () => {
    const out = renderAnswer(answer([item(1)], '@everyone **why** <@123> [x](https://evil)'), { page: 1, searchMs: 1 });
    const title = out.embeds[0]?.title ?? '';
    expect(title).not.toMatch(/@everyone|<@1|(^|[^\\])\*\*/);
    expect(title).toContain('\\[x\\]');
  });

  it('says plainly when nothing on the shelf answers, and points at /paper', () => {
    const out = renderAnswer({ ...answer([]), abstained: true }, { page: 1, searchMs: 3, moreButtonId: 'ask:more:x' });
    expect(out.embeds[0]?.description).toMatch(/Nothing on the shelf answers that question/);
    expect(out.embeds[0]?.description).toContain('`/paper`');
    expect(out.components).toEqual([]);
  });

  it('adds "Full abstract" buttons for shown items and "More results", five to a row', () => {
    const items = [1, 2, 3, 4, 5].map((n) => item(n));
    const out = renderAnswer(answer(items), {
      page: 1,
      searchMs: 1,
      moreButtonId: 'ask:more:abc',
      abstractButtonIds: [
        ...items.map((i) => ({ paperId: i.paper.id, customId: `ask:abs:${i.n}` })),
        { paperId: 'not-shown', customId: 'x' },
      ],
    });
    expect(labels(out)).toEqual([
      'Full abstract: [1]',
      'Full abstract: [2]',
      'Full abstract: [3]',
      'Full abstract: [4]',
      'Full abstract: [5]',
      'More results',
    ]);
    expect(out.components.map((r) => r.components.length)).toEqual([5, 1]);
    const ids = out.components.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).toEqual(['ask:abs:1', 'ask:abs:2', 'ask:abs:3', 'ask:abs:4', 'ask:abs:5', 'ask:more:abc']);
  });

  it('fits five very long quotes and titles into one embed, keeping every key sentence bold', () => {
    const long = 'word '.repeat(600);
    const key = 'This is the key sentence that matters most.';
    const quote = `${long}${key} ${long}`;
    const items = [1, 2, 3, 4, 5].map((n) =>
      item(n, {
        quote,
        keySentence: key,
        keyStart: long.length,
        keyEnd: long.length + key.length,
        paper: { ...citedPaper, id: `p${n}`, title: 'T'.repeat(400), authors: ['A'.repeat(300)] },
      }),
    );
    const out = renderAnswer(answer(items, 'q'.repeat(500)), { page: 1, searchMs: 1 });
    expectWithinLimits(out);
    const description = out.embeds[0]?.description ?? '';
    for (let n = 1; n <= 5; n += 1) expect(description).toContain(`**[${n}]**`);
    expect(description.split(`**${key}**`)).toHaveLength(6);
    expect(countBoldMarkers(description) % 2).toBe(0);
  });
});

describe('formatQuote', () => {
  const quote = 'Before one. Before two. The key sentence. After one. After two.';
  const keyStart = quote.indexOf('The key');
  const keyEnd = keyStart + 'The key sentence.'.length;

  it('bolds the key sentence and shortens context around it first', () => {
    expect(formatQuote({ quote, keyStart, keyEnd }, 200)).toBe('“Before one. Before two. **The key sentence.** After one. After two.”');
    const short = formatQuote({ quote, keyStart, keyEnd }, 45);
    expect(short.length).toBeLessThanOrEqual(45);
    expect(short).toContain('**The key sentence.**');
    expect(short).toMatch(/^“….*…”$/);
  });

  it('keeps whitespace outside the bold markers', () => {
    const q = 'a  key  b';
    expect(formatQuote({ quote: q, keyStart: 1, keyEnd: 7 }, 100)).toBe('“a  **key**  b”');
  });

  it('falls back to a plain quote when the key offsets are unusable', () => {
    expect(formatQuote({ quote: 'plain *text*', keyStart: 5, keyEnd: 99 }, 100)).toBe('“plain \\*text\\*”');
  });
});

describe('formatAuthors and formatAuthorList', () => {
  it('uses et al. past three authors in citations', () => {
    expect(formatAuthors([])).toBe('Unknown authors');
    expect(formatAuthors(['A', 'B', 'C'])).toBe('A, B, C');
    expect(formatAuthors(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
  });

  it('lists everyone on a card unless the list is huge', () => {
    expect(formatAuthorList(['A', 'B'])).toBe('A, B');
    const many = Array.from({ length: 500 }, (_, i) => `Author ${i}`);
    const list = formatAuthorList(many, 100);
    expect(list.length).toBeLessThanOrEqual(100);
    expect(list).toMatch(/^Author 0, Author 1, .* and \d+ more$/);
  });
});

describe('renderPaperCard', () => {
  it('shows title linked to the paper, authors, year, venue, links, abstract, id and a Similar button', () => {
    const out = renderPaperCard(paper, { similarButtonId: 'paper:similar:abc' });
    const embed = out.embeds[0];
    expect(embed?.title).toBe(paper.title);
    expect(embed?.url).toBe(paper.url);
    expect(embed?.description).toContain('**Authors:** Jonathan Crabbé, Pau Rodríguez, Vaishaal Shankar, Luca Zappella, Arno Blaas');
    expect(embed?.description).toContain('**Year:** 2023 · **Venue:** arXiv preprint');
    expect(embed?.description).toContain(
      '**Links:** [paper](https://arxiv.org/abs/2310.13040) · [code](https://github.com/apple/ml-robust-features)',
    );
    expect(embed?.description).toContain('What distinguishes robust models from non-robust ones?');
    expect(embed?.footer?.text).toBe('arxiv:2310.13040');
    expect(labels(out)).toEqual(['Similar papers']);
    expectWithinLimits(out);
  });

  it('lays out a shown paper as it is: LaTeX was made readable by the answer layer', () => {
    const out = renderPaperCard(shownPaper(paper));
    expect(out.embeds[0]?.description).toContain('up to 80% of directions');
    expect(out.components).toEqual([]);
  });

  it('omits missing venue, code and url', () => {
    const out = renderPaperCard({ ...paper, venue: null, code: null, url: null });
    const d = out.embeds[0]?.description ?? '';
    expect(d).toContain('**Year:** 2023\n');
    expect(d).not.toContain('Venue');
    expect(d).not.toContain('Links');
    expect(out.embeds[0]?.url).toBeUndefined();
  });

  it('splits a long abstract over the description and fields without breaking words', () => {
    const sentences = Array.from({ length: 150 }, (_, i) => `Sentence ${i} of a long abstract.`);
    const abstract = sentences.join(' ');
    const out = renderPaperCard({ ...paper, abstract });
    expectWithinLimits(out);
    const embed = out.embeds[0];
    expect(embed?.fields?.length).toBeGreaterThan(0);
    const shown = [embed?.description?.split('\n\n')[1] ?? '', ...(embed?.fields ?? []).map((f) => f.value)].join(' ');
    expect(shown.split(/\s+/)).toEqual(abstract.split(/\s+/));
  });

  it('stays within limits for an abstract longer than a message can hold', () => {
    const out = renderPaperCard({ ...paper, abstract: 'word '.repeat(3000), authors: Array.from({ length: 300 }, () => 'Someone') });
    expectWithinLimits(out);
    const last = out.embeds[0]?.fields?.at(-1)?.value ?? out.embeds[0]?.description ?? '';
    expect(last.endsWith('…')).toBe(true);
  });

  it('escapes markdown in paper text and ignores a non-http url', () => {
    const out = renderPaperCard({ ...paper, title: 'A* search with _tricks_', url: 'javascript:alert(1)' });
    expect(out.embeds[0]?.title).toBe('A\\* search with \\_tricks\\_');
    expect(out.embeds[0]?.url).toBeUndefined();
  });
});

describe('renderSimilar', () => {
  it('lists neighbours with a key sentence each', () => {
    const neighbours = [1, 2].map((n) => ({
      paper: { ...citedPaper, id: `n${n}`, title: `Neighbour ${n}` },
      keySentence: `Key sentence ${n}.`,
      score: 0.9 / n,
    }));
    const out = renderSimilar(paper, neighbours);
    const d = out.embeds[0]?.description ?? '';
    expect(out.embeds[0]?.title).toBe(`Similar to: ${paper.title}`);
    expect(d).toContain('[1] Neighbour 1 — ');
    expect(d).toContain('> “Key sentence 1.”');
    expect(d).toContain('[2] Neighbour 2 — ');
    expectWithinLimits(out);
  });

  it('says so when there are no neighbours', () => {
    expect(renderSimilar(paper, []).embeds[0]?.description).toMatch(/No other paper/);
  });
});

describe('renderHelp', () => {
  it('summarises the shelf, the newest papers, the search setup and the commands', () => {
    const out = renderHelp({
      paperCount: 10,
      newest: [citedPaper],
      model: 'Xenova/all-MiniLM-L6-v2',
      searchMode: 'hybrid',
      commands: [
        { name: 'ask', description: 'Ask the shelf a question' },
        { name: 'paper', description: 'Look a paper up' },
      ],
    });
    const e = out.embeds[0];
    expect(e?.description).toContain('10 papers');
    const byName = Object.fromEntries((e?.fields ?? []).map((f) => [f.name, f.value]));
    expect(byName['Commands']).toBe('`/ask` — Ask the shelf a question\n`/paper` — Look a paper up');
    expect(byName['Newest on the shelf']).toBe(`[${paper.title}](${paper.url}) (2023)`);
    expect(byName['Search']).toBe('hybrid · model Xenova/all-MiniLM-L6-v2');
    expectWithinLimits(out);
  });
});

describe('renderError and renderNotice', () => {
  it('renders an ephemeral error carrying the ref', () => {
    const out = renderError('abc123');
    expect(out.flags).toBe(64);
    expect(out.content).toMatch(/^Something went wrong \(ref abc123\)/);
    expect(out.allowedMentions).toEqual({ parse: [] });
  });

  it('renders notices ephemeral or public', () => {
    expect(renderNotice('Busy, try again in a few seconds.', true).flags).toBe(64);
    const pub = renderNotice('This result has expired, ask again.', false);
    expect('flags' in pub).toBe(false);
    expect(pub.content).toBe('This result has expired, ask again.');
  });
});

describe('payloads are what discord.js accepts', () => {
  it('type-checks against reply, editReply, update and send options', () => {
    const payload = renderAnswer(answer([item(1)]), { page: 1, searchMs: 1, moreButtonId: 'ask:more:x' });
    const reply: InteractionReplyOptions = payload;
    const edit: InteractionEditReplyOptions = payload;
    const update: InteractionUpdateOptions = payload;
    const send: MessageCreateOptions = payload;
    const ephemeral: InteractionReplyOptions = renderError('r');
    expect([reply, edit, update, send, ephemeral].every((p) => p.allowedMentions !== undefined)).toBe(true);
  });

  it('renders every paper of the test shelf within limits', () => {
    const lines = readFileSync(new URL('../fixtures/corpus/papers.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    for (const line of lines) expectWithinLimits(renderPaperCard(JSON.parse(line) as Paper, { similarButtonId: 'paper:similar:x' }));
  });
});
