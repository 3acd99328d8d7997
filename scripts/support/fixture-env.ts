import { join, resolve } from 'node:path';

/**
 * Where the repo and its offline fixture model are, and the environment that runs the real CLI or
 * bot on that model. Shared by the benchmarks and the tests (test/support/shelf-fixture.ts
 * re-exports it): dev tools in scripts/ never import test/.
 */
export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURE_MODEL = join(REPO, 'test/fixtures/models/hashed-ngrams');

/** Environment for child processes that run the real CLI/bot on the fixture model, offline. */
export function fixtureEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EMBED_MODEL: FIXTURE_MODEL,
    ALLOW_REMOTE_MODELS: 'false',
    CORPUS_PATH: join(dir, 'papers.jsonl'),
    INDEX_DIR: join(dir, 'index'),
    DATABASE_PATH: join(dir, 'data/papershelf.db'),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
