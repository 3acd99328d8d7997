import { describe, expect, it } from 'vitest';
import type { CitedPaper } from '../../src/answer/types.js';
import type { PreparedDigest } from '../../src/digest/prepare.js';
import { embedLength, LIMITS } from '../../src/discord/limits.js';
import { discordTimestamp, renderDigest, renderDigestList, renderDigestPreview } from '../../src/discord/render/digest.js';

const EPHEMERAL = 64;

const paper = (id: string, overrides: Partial<CitedPaper> = {}): CitedPaper => ({
  id,
  title: `Paper ${id}`,
  authors: ['Ada Lovelace', 'Alan Turing'],
  year: 2024,
  venue: null,
  url: `https://arxiv.org/abs/${id}`,
  code: null,
  ...overrides,
});

function digest(overrides: Partial<PreparedDigest> = {}): PreparedDigest {
  const entries = overrides.entries ?? [
    { paper: paper('2401.00001', { title: 'Sparse *attention* for O(n) transformers' }), keySentence: 'We make attention linear.' },
    { paper: paper('2401.00002', { url: null }), keySentence: 'A second key sentence.' },
  ];
  return { kind: 'new', entries, paperIds: entries.map((e) => e.paper.id), newCycle: false, topics: null, ...overrides };
}

describe('renderDigest', () => {
  it('lists each paper: title, authors, year, link and the key sentence, mentioning nobody', () => {
    const payload = renderDigest(digest());
    expect(payload.allowedMentions).toEqual({ parse: [] });
    const embed = payload.embeds[0]!;
    expect(embed.title).toBe('New on the shelf');
    const [first, second] = embed.fields!;
    expect(first!.name).toBe('1. Sparse \\*attention\\* for O\\(n\\) transformers');
    expect(first!.value).toBe('Ada Lovelace, Alan Turing, 2024 · [link](https://arxiv.org/abs/2401.00001)\n> “We make attention linear.”');
    // No usable URL: no dangling "link".
    expect(second!.value).toBe('Ada Lovelace, Alan Turing, 2024\n> “A second key sentence.”');
  });

  it('says why an archive paper is shown, and echoes the topics without pinging', () => {
    const payload = renderDigest(digest({ kind: 'archive', topics: '@everyone <@123> retrieval' }));
    const embed = payload.embeds[0]!;
    expect(embed.title).toBe('From the archive');
    expect(embed.description).toMatch(/^Topics: /);
    expect(embed.description).not.toContain('@everyone');
    expect(embed.description).not.toContain('<@123>');
    expect(embed.description).toMatch(/not seen yet/);
  });

  it('stays within Discord limits with five huge entries', () => {
    const long = 'word '.repeat(2000);
    const entries = Array.from({ length: 5 }, (_, i) => ({
      paper: paper(`id${i}`, { title: long, authors: Array.from({ length: 50 }, () => long.slice(0, 100)) }),
      keySentence: long,
    }));
    const payload = renderDigest(digest({ entries }));
    const embed = payload.embeds[0]!;
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(embed.fields!.length).toBeGreaterThan(0);
  });
});

describe('renderDigestPreview', () => {
  it('is the post itself, privately, under a line saying where and when', () => {
    const d = digest();
    const at = Date.parse('2026-06-10T07:00:00Z');
    const preview = renderDigestPreview(d, '555', at);
    expect(preview.flags).toBe(EPHEMERAL);
    expect(preview.content).toBe(`Preview of the next digest in <#555> (due <t:${at / 1000}:F>):`);
    expect(preview.embeds).toEqual(renderDigest(d).embeds);
    expect(renderDigestPreview(d, '555', null).content).toMatch(/paused/);
  });
});

describe('renderDigestList', () => {
  it('shows each subscription with its next post or why it is paused, and its last result', () => {
    const next = Date.parse('2026-06-11T07:00:00Z');
    const payload = renderDigestList([
      {
        channelId: '1',
        time: '09:00',
        tz: 'Europe/Paris',
        topics: 'retrieval',
        pausedReason: null,
        lastResult: 'sent on 2026-06-10',
        nextAt: next,
      },
      {
        channelId: '2',
        time: '18:30',
        tz: 'Asia/Kolkata',
        topics: null,
        pausedReason:
          'paused after 3 failed digests in a row: the channel no longer exists (Discord 10003 Unknown Channel); subscribe another channel',
        lastResult: 'failed on 2026-06-10: Unknown Channel (Discord 10003)',
        nextAt: null,
      },
    ]);
    expect(payload.flags).toBe(EPHEMERAL);
    const [active, paused] = payload.embeds[0]!.fields!;
    expect(active!.name).toBe('Every day at 09:00 (Europe/Paris)');
    expect(active!.value).toContain('<#1> · topics: retrieval');
    expect(active!.value).toContain(`**Next:** ${discordTimestamp(next)}`);
    expect(active!.value).toContain('**Last:** sent on 2026-06-10');
    expect(paused!.value).toMatch(/\*\*Paused:\*\* paused after 3 failed digests in a row: the channel no longer exists/);
  });

  it('says how to start when there are none', () => {
    expect(renderDigestList([]).content).toMatch(/\/digest subscribe/);
  });
});
