/**
 * Speed and scale benchmark on synthetic shelves (see scripts/bench/).
 *
 *   npm run bench                                    1,000 / 5,000 / 20,000 papers at 384 dimensions, then the cost-equivalent model
 *   npm run bench -- --sizes 20000,50000,100000      chosen sizes
 *   npm run bench -- --quick                         a fast smoke run (200 papers, 30 queries; about a minute)
 *   npm run bench -- --json                          one JSON object on stdout (progress still goes to stderr)
 *   npm run bench -- --dim 128 --cost-sizes 5000 --skip-cost --queries 100 --seed 7 --keep
 *   npm run bench -- --updates-on /tmp/papershelf-bench-XXXX/shelf-100000   the update rows alone, on a kept shelf
 *
 * Data goes to a temp folder under os.tmpdir(), removed afterwards unless --keep. Generated models
 * (the 384-dimension fixture, the cost-equivalent MiniLM) are cached in .cache/ (git-ignored).
 */
import { DEFAULT_COST_SIZES, DEFAULT_DIM, DEFAULT_SIZES, QUICK_COST_SIZES, QUICK_SIZES, runBench, runUpdatesOn } from './bench/run.js';
import { formatUpdates } from './bench/update.js';
import { formatReport } from './bench/format.js';
import { measureBotPath } from './bench/bot-path.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../src/errors.js';
import { integerOption, parseCommandLine } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const USAGE =
  'usage: npm run bench -- [--sizes 1000,5000] [--dim 384] [--cost-sizes 5000,20000] [--skip-cost] [--queries 200] [--quick] [--json] [--seed N] [--keep] [--updates-on DIR]';
const COMMAND = {
  usage: USAGE,
  help: `Speed and scale on synthetic shelves (fixed vocabulary and seed, arXiv-length abstracts, the
offline fixture model at 384 dimensions), including the bot path (200 /ask through a loopback
Discord) at every size, then the cost-equivalent MiniLM: query-embedding latency, embedding
throughput, full builds and the bot path with it. Ends with every target against every size.
The defaults take tens of minutes on 2 cores (most of it the cost model's builds).

  --sizes LIST       comma-separated paper counts (default 1000,5000,20000)
  --dim N            width of the fixture model's vectors (default ${DEFAULT_DIM}; 128 is the committed fixture)
  --cost-sizes LIST  shelves fully built with the cost-equivalent model (default 5000,20000)
  --skip-cost        leave the cost-equivalent model out
  --queries N        queries per size (default 200; 30 with --quick)
  --quick            a fast smoke run (${QUICK_SIZES[0]} papers, a ${QUICK_COST_SIZES[0]}-paper cost build, 30 queries, 20 /ask, no day of arXiv)
  --json             one JSON object on stdout (progress still goes to stderr)
  --seed N           another seed for the synthetic shelves
  --keep             keep the data folder (under the system temp folder) afterwards
  --updates-on DIR   only the update rows (100 papers edited, a day of arXiv) on a shelf folder a
                     --keep run left (papers.jsonl and index/ inside; use the same --dim and --seed)`,
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    dim: { type: 'string' },
    'cost-sizes': { type: 'string' },
    'skip-cost': { type: 'boolean', default: false },
    queries: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'updates-on': { type: 'string' },
  },
} as const;

function parseSizes(raw: string, option: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 10)) {
    throw new UsageError(`${option} must be comma-separated paper counts of at least 10, e.g. 1000,5000 (got "${raw}")`, USAGE);
  }
  return sizes;
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
  const sizes = values.sizes ? parseSizes(values.sizes, '--sizes') : values.quick ? [...QUICK_SIZES] : [...DEFAULT_SIZES];
  const costSizes = values['cost-sizes']
    ? parseSizes(values['cost-sizes'], '--cost-sizes')
    : values.quick
      ? [...QUICK_COST_SIZES]
      : [...DEFAULT_COST_SIZES];
  const queries = integerOption('queries', values.queries, values.quick ? 30 : 200, 1, 1_000_000, USAGE);
  const dim = integerOption('dim', values.dim, DEFAULT_DIM, 2, 4096, USAGE);
  const seed = values.seed !== undefined ? integerOption('seed', values.seed, 0, 0, 2 ** 32 - 1, USAGE) : undefined;
  const log = (line: string): void => {
    // Timestamped: a long run's log shows where the time went even if it is stopped.
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  };
  if (values['updates-on'] !== undefined) {
    const shelfDir = values['updates-on'];
    if (!existsSync(join(shelfDir, 'papers.jsonl')) || !existsSync(join(shelfDir, 'index'))) {
      throw new UsageError(
        `--updates-on needs a shelf folder a --keep run left, with papers.jsonl and index/ inside (got "${shelfDir}")`,
        USAGE,
      );
    }
    const updates = await runUpdatesOn({ shelfDir, dim, ...(seed !== undefined ? { seed } : {}), daily: true, log });
    process.stdout.write(values.json ? `${JSON.stringify(updates, null, 2)}\n` : `${formatUpdates(updates).join('\n')}\n`);
    return;
  }
  const report = await runBench({
    sizes,
    queries,
    dim,
    ...(seed !== undefined ? { seed } : {}),
    ...(values['skip-cost'] ? {} : { cost: { sizes: costSizes, queries } }),
    keep: values.keep,
    daily: !values.quick,
    measureBotPath: (ctx) => measureBotPath(ctx, values.quick ? 20 : 200),
    log,
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

runCli(main);
