import { describe, expect, it } from 'vitest';
import { defuseMentions, escapeMarkdown, escapeUserText, maskedLink, safeUrl } from '../../src/discord/escape.js';

/** Undoes the escaping: drops zero-width spaces and the backslash before any escaped character. */
function unescape(text: string): string {
  return text.replace(/\u200b/g, '').replace(/\\(.)/g, '$1');
}

describe('escapeMarkdown', () => {
  it('escapes every inline markdown character', () => {
    expect(escapeMarkdown('*b* _i_ ~~s~~ `c` ||sp|| > q [t](u) \\')).toBe(
      '\\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\> q \\[t\\]\\(u\\) \\\\',
    );
  });

  it('escapes markers that only count at the start of a line', () => {
    expect(escapeMarkdown('# Title\n- item\n+ item\n1. first\n-# small')).toBe('\\# Title\n\\- item\n\\+ item\n1\\. first\n\\-# small');
    expect(escapeMarkdown('C# and a-b and 3.14')).toBe('C# and a-b and 3.14');
  });

  it('is reversible', () => {
    const samples = ['A* search: _fast_ [1](x)', 'x_i^2 | y', '\\alpha **beta**', '> quote\n# head'];
    for (const s of samples) expect(unescape(escapeMarkdown(s))).toBe(s);
  });
});

describe('escapeUserText', () => {
  it('neutralises @everyone and @here', () => {
    const out = escapeUserText('hey @everyone and @here and @Everyone');
    expect(out).not.toMatch(/@everyone|@here/i);
    expect(unescape(out)).toBe('hey @everyone and @here and @Everyone');
  });

  it('neutralises user, role, channel and command mentions', () => {
    for (const mention of ['<@123456789012345678>', '<@!123>', '<@&123>', '<#123>', '</ask:123>']) {
      const out = escapeUserText(`ping ${mention} now`);
      expect(out).not.toMatch(/<[@#/]/);
      expect(unescape(out)).toBe(`ping ${mention} now`);
    }
  });

  it('cannot break markdown or make a masked link', () => {
    const out = escapeUserText('**bold** [click](https://evil.example) `code` ||spoiler||');
    expect(out).not.toMatch(/(^|[^\\])[*[\]()`|]/);
    expect(unescape(out)).toBe('**bold** [click](https://evil.example) `code` ||spoiler||');
  });

  it('collapses newlines so no line can start a heading or quote', () => {
    expect(escapeUserText('what is\n# this\n> that')).toBe('what is # this \\> that');
    expect(escapeUserText('  # heading question  ')).toBe('\\# heading question');
  });

  it('defuseMentions leaves ordinary text alone', () => {
    expect(defuseMentions('email me at a@b.c, 1 < 2')).toBe('email me at a@b.c, 1 < 2');
  });
});

describe('safeUrl and maskedLink', () => {
  it('accepts http(s) and encodes parentheses', () => {
    expect(safeUrl('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe('https://en.wikipedia.org/wiki/Foo_%28bar%29');
    expect(safeUrl('http://example.com/a b')).toBe('http://example.com/a%20b');
  });

  it('rejects other schemes, garbage and nothing', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(null)).toBeUndefined();
    expect(safeUrl('')).toBeUndefined();
  });

  it('masks a link only when the URL is usable', () => {
    expect(maskedLink('paper', 'https://arxiv.org/abs/1')).toBe('[paper](https://arxiv.org/abs/1)');
    expect(maskedLink('paper', 'ftp://x')).toBe('paper');
  });
});
