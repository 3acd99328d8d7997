/**
 * The child process behind the bot's daily fetch, /shelf add and /shelf remove (see
 * src/arxiv/jobs.ts): one job in (argv[2], JSON), the shelf changed under its lock, the index
 * updated, one JSON line out. Not an operator command: operators use npm run fetch.
 */
import { loadConfig } from '../config.js';
import { ArxivClient } from '../arxiv/client.js';
import { configuredRequest, follows } from '../arxiv/daily.js';
import { fetchIntoShelf, type FetchSummary } from '../arxiv/fetch.js';
import { jobSummary, parseJob, type ShelfJobOutcome } from '../arxiv/jobs.js';
import { removeFromShelf } from '../arxiv/remove.js';
import { AppError } from '../errors.js';
import { openEmbedder } from './open-embedder.js';
import { buildWithProgress } from './build-with-progress.js';
import { runCli } from './run.js';

runCli(main, { jsonErrors: true });

async function main(): Promise<void> {
  const job = parseJob(process.argv[2]);
  if (job === null) throw new AppError(`shelf-job: expected one job as JSON, got ${JSON.stringify(process.argv[2] ?? null)}`);
  const config = loadConfig();
  const now = new Date();
  const client = () =>
    new ArxivClient({
      apiUrl: config.ARXIV_API_URL,
      minIntervalMs: config.ARXIV_REQUEST_INTERVAL_MS,
      onNote: (m) => process.stderr.write(`${m}\n`),
      ...(config.ARXIV_CONTACT !== undefined ? { contact: config.ARXIV_CONTACT } : {}),
    });
  let summary: FetchSummary | null = null;
  let removed: { id: string; title: string } | null = null;
  let changed: boolean;
  switch (job.kind) {
    case 'fetch':
      if (!follows(config)) throw new AppError('Nothing to follow: set ARXIV_CATEGORIES or ARXIV_QUERY.', { code: 'config' });
      summary = await fetchIntoShelf(configuredRequest(config, now, job.skipIds), client(), config.CORPUS_PATH, now);
      changed = summary.written;
      break;
    case 'add':
      summary = await fetchIntoShelf({ categories: [], ids: [job.arxivId], exclude: [], dryRun: false }, client(), config.CORPUS_PATH, now);
      changed = summary.written;
      break;
    case 'remove': {
      const paper = await removeFromShelf(config.CORPUS_PATH, job.paperId);
      removed = paper && { id: paper.id, title: paper.title };
      changed = paper !== null;
      break;
    }
  }
  // Built right after the write, as npm run fetch does: only new and changed passages are embedded.
  const built = changed ? await buildWithProgress(config, await openEmbedder(config)) : null;
  const outcome: ShelfJobOutcome = { ok: true, fetch: summary && jobSummary(summary), removed, built };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
