import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  embedLength,
  enforceMessageLimits,
  fitChoices,
  LIMITS,
  stampNoMentions,
  type MessagePayload,
  type MessageRow,
} from '../../src/discord/limits.js';
import { countBoldMarkers } from '../../src/discord/render/cut.js';
import { createRng } from '../../scripts/bench/rng.js';

/** Every limit a payload can break, as messages (empty when the payload is valid). */
function violations(p: MessagePayload): string[] {
  const v: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) v.push(what);
  };
  check((p.content?.length ?? 0) <= LIMITS.content, 'content');
  check(p.embeds.length <= LIMITS.embedsPerMessage, 'embed count');
  check(p.embeds.reduce((n, e) => n + embedLength(e), 0) <= LIMITS.embedTotal, 'embed total');
  for (const e of p.embeds) {
    check((e.title?.length ?? 0) <= LIMITS.embedTitle, 'title');
    check((e.description?.length ?? 0) <= LIMITS.embedDescription, 'description');
    check((e.fields?.length ?? 0) <= LIMITS.fieldsPerEmbed, 'field count');
    check((e.footer?.text.length ?? 0) <= LIMITS.footerText, 'footer');
    check((e.author?.name.length ?? 0) <= LIMITS.authorName, 'author');
    for (const f of e.fields ?? []) {
      check(f.name.length > 0 && f.name.length <= LIMITS.fieldName, 'field name');
      check(f.value.length > 0 && f.value.length <= LIMITS.fieldValue, 'field value');
    }
  }
  check(p.components.length <= LIMITS.rowsPerMessage, 'rows');
  for (const row of p.components) {
    check(row.components.length > 0 && row.components.length <= LIMITS.buttonsPerRow, 'buttons per row');
    for (const c of row.components) {
      if ('custom_id' in c) check(c.custom_id.length <= LIMITS.customId, 'custom_id');
      if ('label' in c) check((c.label?.length ?? 0) <= LIMITS.buttonLabel, 'label');
    }
  }
  check(JSON.stringify(p.allowedMentions) === '{"parse":[]}', 'allowedMentions');
  return v;
}

const text = (n: number, ch = 'a'): string => ch.repeat(n);
/** Words, so cuts have boundaries to use. */
const prose = (n: number): string => 'lorem ipsum dolor sit amet. '.repeat(Math.ceil(n / 28)).slice(0, n);

function btn(label: string, customId: string): MessageRow['components'][number] {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId };
}

function row(...components: MessageRow['components']): MessageRow {
  return { type: ComponentType.ActionRow, components };
}

describe('enforceMessageLimits: each limit at and one over', () => {
  it('content 2000', () => {
    expect(enforceMessageLimits({ content: text(2000) }).content).toBe(text(2000));
    const over = enforceMessageLimits({ content: prose(2001) }).content ?? '';
    expect(over.length).toBeLessThanOrEqual(2000);
    expect(over.endsWith('…')).toBe(true);
  });

  it.each([
    ['title', LIMITS.embedTitle, (s: string): APIEmbed => ({ title: s }), (e: APIEmbed) => e.title],
    ['description', LIMITS.embedDescription, (s: string): APIEmbed => ({ description: s }), (e: APIEmbed) => e.description],
    ['footer', LIMITS.footerText, (s: string): APIEmbed => ({ description: 'x', footer: { text: s } }), (e: APIEmbed) => e.footer?.text],
    ['author', LIMITS.authorName, (s: string): APIEmbed => ({ author: { name: s } }), (e: APIEmbed) => e.author?.name],
    [
      'field name',
      LIMITS.fieldName,
      (s: string): APIEmbed => ({ fields: [{ name: s, value: 'v' }] }),
      (e: APIEmbed) => e.fields?.[0]?.name,
    ],
    [
      'field value',
      LIMITS.fieldValue,
      (s: string): APIEmbed => ({ fields: [{ name: 'n', value: s }] }),
      (e: APIEmbed) => e.fields?.[0]?.value,
    ],
  ])('%s %i', (_name, limit, make, read) => {
    const at = enforceMessageLimits({ embeds: [make(text(limit))] });
    expect(read(at.embeds[0] ?? {})).toBe(text(limit));
    const over = enforceMessageLimits({ embeds: [make(prose(limit + 1))] });
    const got = read(over.embeds[0] ?? {}) ?? '';
    expect(got.length).toBeLessThanOrEqual(limit);
    expect(got.endsWith('…')).toBe(true);
  });

  it('25 fields per embed', () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(enforceMessageLimits({ embeds: [{ fields: fields(25) }] }).embeds[0]?.fields).toHaveLength(25);
    const over = enforceMessageLimits({ embeds: [{ fields: fields(26) }] }).embeds[0]?.fields;
    expect(over).toHaveLength(25);
    expect(over?.[24]?.name).toBe('f24');
  });

  it('10 embeds per message', () => {
    const embeds = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `e${i}` }));
    expect(enforceMessageLimits({ embeds: embeds(10) }).embeds).toHaveLength(10);
    const over = enforceMessageLimits({ embeds: embeds(11) }).embeds;
    expect(over).toHaveLength(10);
    expect(over[9]?.title).toBe('e9');
  });

  it('6000 characters across embeds: at the limit kept whole', () => {
    // 4096 + 1904 = 6000 exactly.
    const embeds = [{ description: text(4096) }, { description: text(1904) }];
    const out = enforceMessageLimits({ embeds });
    expect(out.embeds).toEqual(embeds);
  });

  it('6000 characters across embeds: one over cuts the last text, in order', () => {
    const embeds = [{ description: text(4096) }, { title: 'second', description: prose(1899) }];
    const out = enforceMessageLimits({ embeds });
    expect(out.embeds[0]?.description).toBe(text(4096));
    expect(out.embeds[1]?.title).toBe('second');
    expect(out.embeds[1]?.description?.endsWith('…')).toBe(true);
    expect(out.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  });

  it('6000 characters across embeds: later fields and embeds are dropped', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, value: prose(1000) }));
    const out = enforceMessageLimits({ embeds: [{ title: 'first', fields }, { title: 'dropped' }] });
    expect(out.embeds).toHaveLength(1);
    const kept = out.embeds[0]?.fields ?? [];
    expect(kept.length).toBeLessThan(25);
    expect(kept.map((f) => f.name)).toEqual(kept.map((_, i) => `f${i}`));
    expect(violations(out)).toEqual([]);
  });

  it('fills empty field names and values, which Discord rejects', () => {
    const out = enforceMessageLimits({ embeds: [{ fields: [{ name: '', value: '' }] }] });
    expect(out.embeds[0]?.fields?.[0]).toEqual({ name: '\u200b', value: '\u200b' });
  });

  it('drops an embed with nothing in it, keeping the ones after it', () => {
    expect(enforceMessageLimits({ embeds: [{ color: 1 }] }).embeds).toEqual([]);
    expect(enforceMessageLimits({ embeds: [{ color: 1 }, { title: 'kept' }] }).embeds).toEqual([{ title: 'kept' }]);
  });

  it('button label 80', () => {
    const at = enforceMessageLimits({ components: [row(btn(text(80), 'id'))] });
    expect(at.components[0]?.components[0]).toMatchObject({ label: text(80) });
    const over = enforceMessageLimits({ components: [row(btn(prose(81), 'id'))] });
    const label = (over.components[0]?.components[0] as { label: string }).label;
    expect(label.length).toBeLessThanOrEqual(80);
  });

  it('custom_id 100: an overlong id drops its button (cutting it would break the button)', () => {
    expect(enforceMessageLimits({ components: [row(btn('ok', text(100)))] }).components).toHaveLength(1);
    expect(enforceMessageLimits({ components: [row(btn('ok', text(101)))] }).components).toEqual([]);
  });

  it('5 buttons per row and 5 rows', () => {
    const five = Array.from({ length: 5 }, (_, i) => btn(`b${i}`, `id${i}`));
    const six = [...five, btn('b5', 'id5')];
    expect(enforceMessageLimits({ components: [row(...five)] }).components[0]?.components).toHaveLength(5);
    expect(enforceMessageLimits({ components: [row(...six)] }).components[0]?.components).toHaveLength(5);
    const rows = (n: number) => Array.from({ length: n }, () => row(btn('b', 'id')));
    expect(enforceMessageLimits({ components: rows(5) }).components).toHaveLength(5);
    expect(enforceMessageLimits({ components: rows(6) }).components).toHaveLength(5);
  });

  it('always stamps allowedMentions and keeps flags', () => {
    const out = enforceMessageLimits({ content: 'hi', flags: 64 });
    expect(out.allowedMentions).toEqual({ parse: [] });
    expect(out.flags).toBe(64);
    const sneaky = { content: 'hi', allowedMentions: { parse: ['everyone'] } } as unknown as { content: string };
    expect(enforceMessageLimits(sneaky).allowedMentions).toEqual({ parse: [] });
  });

  it('does not mutate its input', () => {
    const input = { content: prose(3000), embeds: [{ title: prose(300) }] };
    const copy = structuredClone(input);
    enforceMessageLimits(input);
    expect(input).toEqual(copy);
  });
});

describe('stampNoMentions', () => {
  it('adds a fresh allowedMentions each time', () => {
    const a = stampNoMentions({});
    const b = stampNoMentions({});
    expect(a.allowedMentions).toEqual({ parse: [] });
    expect(a.allowedMentions).not.toBe(b.allowedMentions);
  });
});

describe('fitChoices', () => {
  it('keeps 25 choices with names and values at 100', () => {
    const choices = Array.from({ length: 25 }, (_, i) => ({ name: text(100), value: `${i}`.padEnd(100, 'v') }));
    expect(fitChoices(choices)).toEqual(choices);
  });

  it('cuts the 26th choice and names over 100, drops values over 100', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: prose(101), value: `id${i}` }));
    const fitted = fitChoices(choices);
    expect(fitted).toHaveLength(25);
    for (const c of fitted) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(fitChoices([{ name: 'x', value: text(101) }])).toEqual([]);
  });

  it('never sends an empty name', () => {
    expect(fitChoices([{ name: '  ', value: 'arxiv:1' }])).toEqual([{ name: 'arxiv:1', value: 'arxiv:1' }]);
  });
});

/** Deterministic PRNG so a failing case can be reproduced. */
const rng = (seed: number): (() => number) => createRng(seed).next;

describe('enforceMessageLimits: fuzz', () => {
  it('never lets a random oversized payload exceed any limit', () => {
    const random = rng(1234);
    const pieces = ['word ', 'sentence. ', '😀', '**', '\\', 'x'.repeat(50), ' ', '\n'];
    const str = (max: number): string => {
      const n = Math.floor(random() * max);
      let s = '';
      while (s.length < n) s += pieces[Math.floor(random() * pieces.length)];
      return s;
    };
    const many = <T>(max: number, make: () => T): T[] => Array.from({ length: Math.floor(random() * max) }, make);
    for (let i = 0; i < 300; i += 1) {
      const payload = {
        content: str(3000),
        embeds: many(14, () => ({
          title: str(400),
          description: str(6000),
          author: { name: str(400) },
          footer: { text: str(3000) },
          fields: many(30, () => ({ name: str(400), value: str(1500) })),
        })),
        components: many(8, () => row(...many(8, () => btn(str(120), str(130))))),
      };
      const out = enforceMessageLimits(payload);
      expect(violations(out)).toEqual([]);
      for (const e of out.embeds) {
        for (const s of [e.title, e.description, ...(e.fields ?? []).map((f) => f.value)]) {
          if (s !== undefined) expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)).toBe(false);
        }
      }
    }
  });

  it('keeps balanced bold balanced', () => {
    const random = rng(5);
    for (let i = 0; i < 200; i += 1) {
      const spans = Array.from({ length: 50 + Math.floor(random() * 200) }, (_, j) => (j % 7 === 0 ? '**key words here**' : 'plain words'));
      const out = enforceMessageLimits({ embeds: [{ description: spans.join(' ') }] });
      expect(countBoldMarkers(out.embeds[0]?.description ?? '') % 2).toBe(0);
    }
  });
});
