import { loadConfig } from '../config.js';
import { canonicalCategory, unknownCategoryMessage } from '../arxiv/categories.js';
import { ArxivClient } from '../arxiv/client.js';
import { fetchIntoShelf, formatSummary, type FetchRequest } from '../arxiv/fetch.js';
import { parseArxivId } from '../arxiv/ids.js';
import { parseDay } from '../arxiv/query.js';
import { defaultSince } from '../arxiv/daily.js';
import { openEmbedder } from './open-embedder.js';
import { buildWithProgress } from './build-with-progress.js';
import { runCli, UsageError } from './run.js';
import { parseCommandLine } from './args.js';
import { AppError } from '../errors.js';

const USAGE =
  'usage: npm run fetch -- [--category <cs.LG>]... [--query "<arXiv search_query>"] [--since YYYY-MM-DD] [--id <arXiv id or URL>]... [--dry-run]';

/** Papers asked for by id that did not land: this run failed (exit 1), whatever else it did. */
class FetchIncomplete extends AppError {}

interface Args {
  categories: string[];
  query?: string;
  since?: Date;
  ids: string[];
  dryRun: boolean;
}

const COMMAND = {
  usage: USAGE,
  help: `Pulls papers from the arXiv API into the shelf (CORPUS_PATH) and, when the shelf changed, updates
the index (INDEX_DIR) as npm run index does. Without options it follows ARXIV_CATEGORIES / ARXIV_QUERY from the
configuration, papers submitted in the last 7 days.

  --category <name>   an arXiv category such as cs.LG (repeatable); replaces ARXIV_CATEGORIES
  --query <text>      an arXiv search_query (e.g. 'abs:"diffusion model"'); replaces ARXIV_QUERY
  --since YYYY-MM-DD  papers submitted on or after this day (UTC); use it to backfill
  --id <id or URL>    one paper (repeatable): 2310.13040, 2310.13040v2, hep-th/9901001, or an abs/pdf URL
  --dry-run           fetch and report, but change neither the shelf nor the index

Exit status: 0 done, 1 arXiv or the shelf failed (the shelf is left as it was), 2 usage error.`,
  options: {
    category: { type: 'string', multiple: true },
    query: { type: 'string' },
    since: { type: 'string' },
    id: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean', default: false },
  },
} as const;

function parseFetchArgs(argv: string[]): Args {
  const parsed = parseCommandLine(COMMAND, argv);
  const v = parsed.values;
  const categories = (v.category ?? []).map((c) => {
    const canon = canonicalCategory(c);
    if (canon === null) throw new UsageError(`--category: ${unknownCategoryMessage(c)}.`, USAGE);
    return canon;
  });
  const ids = (v.id ?? []).map((raw) => {
    const id = parseArxivId(raw);
    if (id === null) throw new UsageError(`--id: "${raw}" is not an arXiv id or abs/pdf URL (e.g. 2310.13040, hep-th/9901001).`, USAGE);
    return id.id;
  });
  let since: Date | undefined;
  if (v.since !== undefined) {
    const d = parseDay(v.since);
    if (d === null) throw new UsageError(`--since must be a date YYYY-MM-DD, not "${v.since}".`, USAGE);
    since = d;
  }
  if (ids.length > 0 && (categories.length > 0 || v.query !== undefined || since !== undefined)) {
    throw new UsageError('--id fetches those papers only; leave out --category, --query and --since with it.', USAGE);
  }
  return {
    categories,
    ids: [...new Set(ids)],
    dryRun: v['dry-run'] === true,
    ...(v.query !== undefined ? { query: v.query } : {}),
    ...(since ? { since } : {}),
  };
}

/** `npm run fetch`: arXiv → shelf → index. Its failures are AppErrors: one clear line, exit 1. */
runCli(main);

async function main(): Promise<void> {
  const args = parseFetchArgs(process.argv.slice(2));
  const config = loadConfig();
  const now = new Date();
  const fromFlags = args.categories.length > 0 || args.query !== undefined;
  const categories = fromFlags ? args.categories : config.ARXIV_CATEGORIES;
  const query = fromFlags ? args.query : config.ARXIV_QUERY;
  if (args.ids.length === 0 && categories.length === 0 && query === undefined) {
    throw new UsageError('Nothing to fetch: set ARXIV_CATEGORIES (or ARXIV_QUERY) in .env, or pass --category, --query or --id.', USAGE);
  }
  const request: FetchRequest = {
    categories,
    ids: args.ids,
    exclude: config.ARXIV_EXCLUDE,
    dryRun: args.dryRun,
    since: args.since ?? defaultSince(now),
    ...(query !== undefined ? { query } : {}),
  };
  const client = new ArxivClient({
    apiUrl: config.ARXIV_API_URL,
    minIntervalMs: config.ARXIV_REQUEST_INTERVAL_MS,
    onNote: (m) => process.stderr.write(`${m}\n`),
    ...(config.ARXIV_CONTACT !== undefined ? { contact: config.ARXIV_CONTACT } : {}),
  });
  const summary = await fetchIntoShelf(request, client, config.CORPUS_PATH, now);
  process.stdout.write(`${formatSummary(summary, args.dryRun)}\n`);
  if (summary.written) {
    // Built right after the write, as npm run index would: only new and changed passages are embedded.
    const embedder = await openEmbedder(config);
    process.stdout.write(`${await buildWithProgress(config, embedder)}\n`);
  } else if (!args.dryRun) {
    process.stdout.write('The shelf is unchanged; the index was not rebuilt (npm run index rebuilds it).\n');
  }
  // Explicit ids the operator asked for that did not land are a failure of this run.
  if (args.ids.length > 0 && summary.skipped.length > 0) {
    throw new FetchIncomplete(`${summary.skipped.length} of the requested papers were not added (see "skipped" above).`);
  }
}
