import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('arXiv configuration', () => {
  it('defaults: no categories, the real API, 3 s between requests', () => {
    expect(loadConfig({})).toMatchObject({
      ARXIV_CATEGORIES: [],
      ARXIV_EXCLUDE: [],
      ARXIV_API_URL: 'http://export.arxiv.org/api/query',
      ARXIV_REQUEST_INTERVAL_MS: 3000,
    });
  });

  it('reads comma-separated categories (canonical spelling) and exclusions', () => {
    const c = loadConfig({
      ARXIV_CATEGORIES: 'cs.lg, cs.CL',
      ARXIV_EXCLUDE: 'survey, quantum computing',
      ARXIV_QUERY: 'ti:diffusion',
      ARXIV_CONTACT: 'me@example.org',
    });
    expect(c).toMatchObject({
      ARXIV_CATEGORIES: ['cs.LG', 'cs.CL'],
      ARXIV_EXCLUDE: ['survey', 'quantum computing'],
      ARXIV_QUERY: 'ti:diffusion',
      ARXIV_CONTACT: 'me@example.org',
    });
  });

  it('every error names the variable', () => {
    expect(problems({ ARXIV_CATEGORIES: 'cs.LG,cs.ML' })).toEqual([
      expect.stringMatching(/^ARXIV_CATEGORIES: unknown arXiv category "cs\.ML" \(cs has: /),
    ]);
    expect(problems({ ARXIV_API_URL: 'export.arxiv.org' })).toEqual([expect.stringMatching(/^ARXIV_API_URL: must be a URL/)]);
    expect(problems({ ARXIV_CONTACT: 'nobody' })).toEqual([expect.stringMatching(/^ARXIV_CONTACT: must be an e-mail address/)]);
    expect(problems({ ARXIV_REQUEST_INTERVAL_MS: 'soon' })).toEqual([
      expect.stringMatching(/^ARXIV_REQUEST_INTERVAL_MS: must be a whole number/),
    ]);
  });

  it('FETCH_TIME is HH:MM in UTC, SHELF_EDITOR_ROLE a role name', () => {
    expect(loadConfig({ FETCH_TIME: ' 23:05 ', SHELF_EDITOR_ROLE: 'Shelf editors' })).toMatchObject({
      FETCH_TIME: '23:05',
      SHELF_EDITOR_ROLE: 'Shelf editors',
    });
    for (const bad of ['1:30', '24:00', '01:60', '1am']) {
      expect(problems({ FETCH_TIME: bad })).toEqual(['FETCH_TIME: must be a time of day HH:MM in UTC, e.g. 01:30']);
    }
  });

  it('an interval under 3 s is refused against arXiv and allowed against a loopback server', () => {
    expect(problems({ ARXIV_REQUEST_INTERVAL_MS: '100' })).toEqual([
      expect.stringMatching(/^ARXIV_REQUEST_INTERVAL_MS: must be at least 3000/),
    ]);
    expect(
      loadConfig({ ARXIV_REQUEST_INTERVAL_MS: '100', ARXIV_API_URL: 'http://127.0.0.1:8080/api/query' }).ARXIV_REQUEST_INTERVAL_MS,
    ).toBe(100);
  });
});
