import { describe, expect, it } from 'vitest';
import { arxivIdOfShelfId, parseArxivId, shelfId } from '../../src/arxiv/ids.js';
import { canonicalCategory, parseCategoryList, unknownCategoryMessage } from '../../src/arxiv/categories.js';

describe('parseArxivId', () => {
  it.each([
    ['2310.13040', '2310.13040', null],
    ['2310.13040v2', '2310.13040', 2],
    ['arXiv:2310.13040v12', '2310.13040', 12],
    ['0704.0001', '0704.0001', null],
    ['https://arxiv.org/abs/2310.13040v3', '2310.13040', 3],
    ['http://arxiv.org/abs/2310.13040', '2310.13040', null],
    ['https://arxiv.org/pdf/2310.13040v1.pdf', '2310.13040', 1],
    ['https://arxiv.org/pdf/2310.13040', '2310.13040', null],
    ['https://export.arxiv.org/abs/2310.13040?context=cs', '2310.13040', null],
    ['hep-th/9901001', 'hep-th/9901001', null],
    ['hep-th/9901001v2', 'hep-th/9901001', 2],
    ['math.GT/0309136', 'math.GT/0309136', null],
    ['http://arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001', 1],
    ['  2310.13040 ', '2310.13040', null],
  ])('%s → %s v%s', (input, id, version) => {
    expect(parseArxivId(input)).toEqual({ id, version });
  });

  it.each(['', 'hello', '2310.130', '2313.13040', '2310.13040v', 'https://example.org/abs/2310.13040', 'hep-th/99010', 'arxiv:'])(
    'rejects %j',
    (input) => {
      expect(parseArxivId(input)).toBeNull();
    },
  );

  it('shelf ids are unversioned and map back', () => {
    expect(shelfId('2310.13040')).toBe('arxiv:2310.13040');
    expect(arxivIdOfShelfId('arxiv:hep-th/9901001')).toBe('hep-th/9901001');
    expect(arxivIdOfShelfId('sha:abc')).toBeNull();
  });
});

describe('arXiv categories', () => {
  it('knows real categories, any case, and refuses made-up ones', () => {
    expect(canonicalCategory('cs.lg')).toBe('cs.LG');
    expect(canonicalCategory('hep-th')).toBe('hep-th');
    expect(canonicalCategory('cond-mat.stat-mech')).toBe('cond-mat.stat-mech');
    expect(canonicalCategory('cs.XX')).toBeNull();
    expect(canonicalCategory('biology')).toBeNull();
  });

  it('splits a list, dedupes, and reports the unknown names', () => {
    expect(parseCategoryList(' cs.LG, cs.CL ,cs.lg,, cs.FOO')).toEqual({ categories: ['cs.LG', 'cs.CL'], unknown: ['cs.FOO'] });
  });

  it("an unknown name gets the archive's real categories as a hint", () => {
    expect(unknownCategoryMessage('cs.ML')).toMatch(/^unknown arXiv category "cs\.ML" \(cs has: cs\.AI, .*cs\.LG/);
    expect(unknownCategoryMessage('bio.XY')).toMatch(/category_taxonomy/);
  });
});
