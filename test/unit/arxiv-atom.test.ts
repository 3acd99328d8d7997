import { describe, expect, it } from 'vitest';
import { ArxivResponseError, parseAtomPage } from '../../src/arxiv/atom.js';
import { normaliseEntry, normaliseWhitespace } from '../../src/arxiv/entry.js';
import { entryXml, feedXml, samplePapers } from '../support/arxiv-server.js';

// An answer in the exact shape export.arxiv.org sends (namespaces declared on the feed).
const REAL_SHAPE = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/abc</id>
  <title>arXiv Query: search_query=id:2310.13040</title>
  <updated>2024-05-01T00:00:00Z</updated>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>http://arxiv.org/abs/2310.13040v2</id>
    <title>Robust multimodal models have outlier features and encode more
  concepts</title>
    <updated>2023-11-01T10:00:00Z</updated>
    <published>2023-10-19T23:00:00Z</published>
    <summary>  What distinguishes robust models from non-robust ones? We probe
$80 \\%$ of the directions &amp; more.
</summary>
    <author><name>Jonathan Crabbé</name></author>
    <author><name>Arno Blaas</name></author>
    <arxiv:comment>14 pages</arxiv:comment>
    <link href="https://arxiv.org/abs/2310.13040v2" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.LG"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>`;

describe('parseAtomPage', () => {
  it('reads totals, ids as strings, authors, categories and the raw text', () => {
    const page = parseAtomPage(REAL_SHAPE, 'application/atom+xml; charset=utf-8');
    expect(page.totalResults).toBe(1);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      id: 'http://arxiv.org/abs/2310.13040v2',
      authors: ['Jonathan Crabbé', 'Arno Blaas'],
      categories: ['cs.LG', 'cs.CV'],
      primaryCategory: 'cs.LG',
      published: '2023-10-19T23:00:00Z',
      comment: '14 pages',
    });
    expect(page.entries[0]!.summary).toContain('&');
  });

  it('an id that looks like a number stays text (0704.1000 is not 704.1)', () => {
    const p = { ...samplePapers()[0]!, id: '0704.1000', version: 1 };
    expect(parseAtomPage(feedXml('q', 1, 0, 10, [entryXml(p)])).entries[0]!.id).toBe('http://arxiv.org/abs/0704.1000v1');
  });

  it('an empty result set is a page with no entries', () => {
    expect(parseAtomPage(feedXml('q', 0, 0, 10, []))).toEqual({ totalResults: 0, startIndex: 0, entries: [] });
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>Service unavailable</body></html>', null, /HTML page instead of an Atom feed/],
    ['text/html content type', '<?xml version="1.0"?><feed/>', 'text/html', /HTML page/],
    ['malformed XML', '<feed><entry><title>x</entry></feed>', null, /malformed XML \(line 1/],
    ['not a feed', '<?xml version="1.0"?><rss><channel/></rss>', null, /not an Atom feed/],
    ['no totalResults', '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', null, /without opensearch:totalResults/],
  ])('%s is a clear ArxivResponseError', (_name, body, type, message) => {
    expect(() => parseAtomPage(body, type)).toThrow(ArxivResponseError);
    expect(() => parseAtomPage(body, type)).toThrow(message);
  });

  it("arXiv's error entry becomes its message", () => {
    const body = feedXml('q', 1, 0, 1, [
      '<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry>',
    ]);
    expect(() => parseAtomPage(body)).toThrow('arXiv rejected the request: incorrect id format for 1234');
  });
});

describe('normaliseEntry', () => {
  const raw = () => parseAtomPage(REAL_SHAPE).entries[0]!;

  it('makes a shelf paper: unversioned id, version, whitespace collapsed, LaTeX kept', () => {
    const r = normaliseEntry(raw(), 0);
    expect(r).toEqual({
      ok: true,
      fetched: {
        arxivId: '2310.13040',
        version: 2,
        categories: ['cs.LG', 'cs.CV'],
        paper: {
          id: 'arxiv:2310.13040',
          title: 'Robust multimodal models have outlier features and encode more concepts',
          authors: ['Jonathan Crabbé', 'Arno Blaas'],
          year: 2023,
          venue: 'arXiv preprint',
          url: 'https://arxiv.org/abs/2310.13040',
          code: null,
          abstract: 'What distinguishes robust models from non-robust ones? We probe $80 \\%$ of the directions & more.',
          version: 2,
        },
      },
    });
  });

  it('a journal reference becomes the venue; old-style ids work', () => {
    const r = normaliseEntry({ ...raw(), id: 'http://arxiv.org/abs/hep-th/9901001v1', journalRef: 'Phys.Rev.D76:013009,2007' }, 0);
    expect(r.ok && r.fetched.paper).toMatchObject({ id: 'arxiv:hep-th/9901001', venue: 'Phys.Rev.D76:013009,2007', version: 1 });
  });

  it.each([
    [{ id: undefined }, '(entry 4)', 'no <id>'],
    [{ id: 'http://example.org/x' }, 'http://example.org/x', '<id> is not an arXiv id: http://example.org/x'],
    [{ title: '  \n ' }, '2310.13040', 'no title'],
    [{ summary: undefined }, '2310.13040', 'no summary (abstract)'],
    [{ summary: '  This paper has been withdrawn by the author.\n' }, '2310.13040', 'withdrawn on arXiv'],
    [{ comment: 'This paper has been withdrawn by the authors due to an error' }, '2310.13040', 'withdrawn on arXiv'],
    [{ authors: [] }, '2310.13040', 'no authors'],
    [{ published: 'soon' }, '2310.13040', 'no valid <published> date (soon)'],
  ])('skips %j with its id and reason', (change, id, reason) => {
    expect(normaliseEntry({ ...raw(), ...change }, 3)).toEqual({ ok: false, skipped: { id, reason } });
  });

  it('normaliseWhitespace joins arXiv hard wraps and indentation', () => {
    expect(normaliseWhitespace('  A fully differential calculation in\n  perturbative QCD is\npresented.\n')).toBe(
      'A fully differential calculation in perturbative QCD is presented.',
    );
  });

  it('every real sample record normalises (or is skipped only for withdrawal)', () => {
    const results = samplePapers().map((p, i) => normaliseEntry(parseAtomPage(feedXml('q', 1, 0, 1, [entryXml(p)])).entries[0]!, i));
    const skipped = results.flatMap((r) => (r.ok ? [] : [r.skipped]));
    expect(skipped).toEqual([
      { id: '0704.1409', reason: 'withdrawn on arXiv' },
      { id: '0704.0213', reason: 'withdrawn on arXiv' }, // "This article has been withdrawn because it has been merged…"
      { id: '0704.0156', reason: 'withdrawn on arXiv' },
    ]);
    for (const r of results) if (r.ok) expect(r.fetched.paper.abstract).not.toMatch(/\s{2}|\n|^\s|\s$/);
  });
});
