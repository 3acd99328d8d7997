import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.js';

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      DISCORD_API_URL: 'https://discord.com/api',
      CORPUS_PATH: 'corpus/papers.jsonl',
      INDEX_DIR: 'index',
      DATABASE_PATH: 'data/papershelf.db',
      EMBED_MODEL: 'Xenova/all-MiniLM-L6-v2',
      ALLOW_REMOTE_MODELS: true,
      LOG_LEVEL: 'info',
      ARXIV_CATEGORIES: [],
      ARXIV_EXCLUDE: [],
      ARXIV_API_URL: 'http://export.arxiv.org/api/query',
      ARXIV_REQUEST_INTERVAL_MS: 3000,
      FETCH_TIME: '01:30',
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_GUILD_ID: '  ', INDEX_DIR: '' }).INDEX_DIR).toBe('index');
  });

  it('parses booleans', () => {
    expect(loadConfig({ ALLOW_REMOTE_MODELS: 'false' }).ALLOW_REMOTE_MODELS).toBe(false);
    expect(loadConfig({ ALLOW_REMOTE_MODELS: 'TRUE' }).ALLOW_REMOTE_MODELS).toBe(true);
  });

  it('LOG_FORMAT is pretty or json, unset by default (then the logger decides by the terminal)', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(loadConfig({}).LOG_FORMAT).toBeUndefined();
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT: must be pretty or json/);
  });

  it('the test clock hooks take milliseconds', () => {
    expect(loadConfig({ TEST_CLOCK_OFFSET_MS: '-1500', TEST_DIGEST_RETRY_MS: '200,400' })).toMatchObject({
      TEST_CLOCK_OFFSET_MS: -1500,
      TEST_DIGEST_RETRY_MS: [200, 400],
    });
    expect(() => loadConfig({ TEST_DIGEST_RETRY_MS: '10s' })).toThrow(/TEST_DIGEST_RETRY_MS: must be comma-separated milliseconds/);
  });

  it('names every bad variable and what is wrong', () => {
    let err: unknown;
    try {
      loadConfig({ DISCORD_API_URL: 'not a url', DISCORD_GUILD_ID: 'abc', LOG_LEVEL: 'loud', ALLOW_REMOTE_MODELS: 'maybe' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^DISCORD_API_URL: must be a URL/m);
    expect(problems).toMatch(/^DISCORD_GUILD_ID: must be a Discord guild id/m);
    expect(problems).toMatch(/^LOG_LEVEL: /m);
    expect(problems).toMatch(/^ALLOW_REMOTE_MODELS: must be true or false/m);
  });
});
