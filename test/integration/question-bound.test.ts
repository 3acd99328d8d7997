import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { loadIndex, type LoadedIndex } from '../../src/index/load.js';
import { Librarian } from '../../src/answer/librarian.js';
import { MAX_ABSTRACT_CHARS } from '../../src/corpus/schema.js';
import { MAX_QUOTE_SENTENCES } from '../../src/search/quote.js';
import { fixtureEmbedder } from '../support/shelf-fixture.js';

/**
 * Papers at the corpus limit, made of short sentences (400+ each): the worst case for the quote
 * step, which scores a paper's sentences one by one.
 */
describe('the work of one question on papers at the size limit', () => {
  let dir: string;
  let shelf: Librarian;
  let index: LoadedIndex;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'papershelf-bound-'));
    const lines: string[] = [];
    for (let p = 0; p < 6; p++) {
      const sentences: string[] = [];
      for (let i = 0; sentences.join(' ').length < MAX_ABSTRACT_CHARS - 200; i++)
        sentences.push(`Active learning step ${i} samples labels for model ${p}.`);
      // The only sentence with the question's rarest words, far past the bound.
      sentences.splice(300, 0, 'Sourdough fermentation kinetics decide fairness.');
      lines.push(
        JSON.stringify({
          id: `big:${p}`,
          title: `Large abstract ${p}`,
          authors: ['A. Author'],
          year: 2024,
          venue: null,
          url: null,
          code: null,
          abstract: sentences.join(' '),
        }),
      );
    }
    await writeFile(join(dir, 'papers.jsonl'), `${lines.join('\n')}\n`);
    const embedder = await fixtureEmbedder();
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder });
    index = await loadIndex(join(dir, 'index'));
    shelf = new Librarian(index, embedder);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`quotes only from a paper's first ${MAX_QUOTE_SENTENCES} sentences, so each question's quote work stays bounded`, async () => {
    const counts = index.docstore.paperSentenceFrom;
    expect((counts[1] as number) - (counts[0] as number)).toBeGreaterThan(300);
    const answer = await shelf.ask('sourdough fermentation kinetics', { k: 5 });
    expect(answer.items.length).toBeGreaterThan(0);
    for (const item of answer.items) {
      expect(item.quote).not.toContain('Sourdough');
      // Sentences 0–63 of each paper are "… step 0 …" to "… step 63 …".
      expect(item.quote).toMatch(/step (\d|[1-5]\d|6[0-3]) /);
    }
  });
});
