import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  judgedQueries,
  loadCisi,
  loadCranfield,
  parseCisiQrels,
  parseCisiQueries,
  parseCranfieldQrels,
  parseCranfieldQueries,
  parseSmart,
} from '../../src/calibrate/collections.js';
import type { Collection } from '../../src/calibrate/collections.js';
import { collectionsPresent } from '../support/eval-collections.js';
import { COLLECTIONS_SOURCE, describeMissing, missingCollectionFiles } from '../../src/calibrate/availability.js';

describe('SMART parser', () => {
  it('reads multi-line fields, CRLF, repeated and stray markers', () => {
    const text = [
      '.I 1',
      '.T',
      'a title over',
      'two lines',
      '.A',
      'first, a.',
      '.A ',
      'second, b.',
      '.W',
      'abstract line one',
      '.A',
      'continues after a stray marker',
      '.I 2',
      '.T',
      '.W',
      '',
    ].join('\r\n');
    const [a, b] = parseSmart(text);
    expect(a!.id).toBe('1');
    expect(a!.fields.get('T')).toEqual(['a title over two lines']);
    expect(a!.fields.get('A')).toEqual(['first, a.', 'second, b.']);
    expect(a!.fields.get('W')).toEqual(['abstract line one continues after a stray marker']);
    expect(b!.fields.get('W')).toEqual(['']);
  });

  it('renumbers Cranfield queries by position', () => {
    const qs = parseCranfieldQueries('.I 001\n.W\nfirst query\ntext .\n.I 004\n.W\nsecond .\n.I 008\n.W\nthird .\n');
    expect(qs).toEqual([
      { id: 1, text: 'first query text .' },
      { id: 2, text: 'second .' },
      { id: 3, text: 'third .' },
    ]);
  });

  it('builds CISI queries from .T (when present) and .W, not .A/.B', () => {
    const qs = parseCisiQueries('.I 1\n.W\nplain query\n.I 2\n.T\nA Title\n.A\nAuthor, X.\n.B\n1970\n.W\nthe text\n');
    expect(qs).toEqual([
      { id: 1, text: 'plain query' },
      { id: 2, text: 'A Title the text' },
    ]);
  });

  it('reads Cranfield qrels: codes 1–4 relevant with gain 5 − code, −1 not relevant', () => {
    const q = parseCranfieldQrels('1 184 2 \r\n1 29 4\r\n1 12 -1 \r\n2 7 1\r\n');
    expect(q.get(1)).toEqual(
      new Map([
        [184, 3],
        [29, 1],
      ]),
    );
    expect(q.get(2)).toEqual(new Map([[7, 4]]));
    expect(() => parseCranfieldQrels('1 2\n')).toThrow(/line 1/);
  });

  it('reads CISI qrels: every listed pair relevant', () => {
    const q = parseCisiQrels('     1     28\t0\t0.000000\n     1     35\t0\t0.000000\n     3     1\t0\t0.000000\n');
    expect(q.get(1)).toEqual(
      new Map([
        [28, 1],
        [35, 1],
      ]),
    );
    expect(q.get(3)).toEqual(new Map([[1, 1]]));
  });
});

// Loaded in beforeAll: a skipped suite's body still runs at collection time.
describe.skipIf(!collectionsPresent('Cranfield collection tests', ['cranfield']))('Cranfield collection', () => {
  let c: Collection;
  beforeAll(() => {
    c = loadCranfield();
  });
  it('has 1400 documents and 225 queries, all judged', () => {
    expect(c.docs).toHaveLength(1400);
    expect(c.docs.map((d) => d.id)).toEqual(Array.from({ length: 1400 }, (_, i) => i + 1));
    expect(c.queries).toHaveLength(225);
    expect(c.queries.map((q) => q.id)).toEqual(Array.from({ length: 225 }, (_, i) => i + 1));
    expect(judgedQueries(c)).toHaveLength(225);
    let pairs = 0;
    for (const m of c.qrels.values()) pairs += m.size;
    expect(pairs).toBe(1837 - 225); // the -1 rows are not relevant
  });
  it('parses fields and keeps stray markers inside the abstract', () => {
    expect(c.docs[0]).toMatchObject({
      title: 'experimental investigation of the aerodynamics of a wing in a slipstream .',
      authors: 'brenckman,m.',
    });
    expect(c.docs[0]!.text).toMatch(/^experimental investigation .* configuration of the experiment \.$/);
    expect(c.docs[239]!.authors).toBe('dean r. chapman');
    expect(c.docs[239]!.text).toContain('application to turbulent separations');
    // Query 3 of the qrels is the third query in the file (.I 004).
    expect(c.queries[2]!.text).toBe('what problems of heat conduction in composite slabs have been solved so far .');
  });
});

describe.skipIf(!collectionsPresent('CISI collection tests', ['cisi']))('CISI collection', () => {
  let c: Collection;
  beforeAll(() => {
    c = loadCisi();
  });
  it('has 1460 documents, 112 queries, 76 of them judged', () => {
    expect(c.docs).toHaveLength(1460);
    expect(c.queries).toHaveLength(112);
    expect(judgedQueries(c)).toHaveLength(76);
    expect(c.docs[1]).toMatchObject({ id: 2, title: 'Use Made of Technical Libraries', authors: 'Slater, M.' });
    expect(c.docs.every((d) => d.text.length > 0 && d.title.length > 0)).toBe(true);
    expect(c.queries.find((q) => q.id === 58)!.text).toMatch(/^Directions in Library Networking Bibliographic control/);
  });
});

describe('when the collections are missing', () => {
  it('names the first missing file, how many more, and where the collections come from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'papershelf-eval-'));
    try {
      mkdirSync(join(dir, 'cranfield'));
      writeFileSync(join(dir, 'cranfield', 'cran.all.1400'), '');
      const missing = missingCollectionFiles(['cranfield', 'cisi'], dir);
      expect(missing).toEqual(['cranfield/cran.qry', 'cranfield/cranqrel', 'cisi/CISI.ALL', 'cisi/CISI.QRY', 'cisi/CISI.REL']);
      expect(describeMissing(missing, dir)).toMatch(/^missing .*cranfield\/cran\.qry \(and 4 more\)$/);
      expect(missingCollectionFiles(['cranfield'], dir)).toHaveLength(2);
      expect(COLLECTIONS_SOURCE).toMatch(/ir\.dcs\.gla\.ac\.uk.*\.\.\/shared\/eval\/cranfield/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
