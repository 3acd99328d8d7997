/**
 * Speed and scale benchmark on synthetic shelves (see scripts/bench/).
 *
 *   npm run bench                         1,000 / 5,000 / 20,000 papers, 200 queries each, a table per size
 *   npm run bench -- --sizes 1000,5000    chosen sizes
 *   npm run bench -- --quick              a fast smoke run (300 papers, 50 queries)
 *   npm run bench -- --json               one JSON object on stdout (progress still goes to stderr)
 *   npm run bench -- --queries 100 --seed 7 --keep
 *
 * Data goes to a temp folder under os.tmpdir(), removed afterwards unless --keep.
 */
import { DEFAULT_SIZES, QUICK_SIZES, runBench } from './bench/run.js';
import { formatReport } from './bench/format.js';
import { measureBotPath } from './bench/bot-path.js';
import { UsageError } from '../src/errors.js';
import { integerOption, parseCommandLine } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';

const USAGE = 'usage: npm run bench -- [--sizes 1000,5000] [--queries 200] [--quick] [--json] [--seed N] [--keep]';
const COMMAND = {
  usage: USAGE,
  help: `Speed and scale on synthetic shelves (fixed vocabulary and seed, the offline fixture model),
including the bot path through a loopback Discord. Takes 3-4 minutes at the default sizes.

  --sizes LIST    comma-separated paper counts (default 1000,5000,20000)
  --queries N     queries per size (default 200; 50 with --quick)
  --quick         a fast smoke run (300 papers, 50 queries)
  --json          one JSON object on stdout (progress still goes to stderr)
  --seed N        another seed for the synthetic shelves
  --keep          keep the data folder (under the system temp folder) afterwards`,
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    queries: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
} as const;

function parseSizes(raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 10)) {
    throw new UsageError(`--sizes must be comma-separated paper counts of at least 10, e.g. 1000,5000 (got "${raw}")`, USAGE);
  }
  return sizes;
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(COMMAND, process.argv.slice(2));
  const sizes = values.sizes ? parseSizes(values.sizes) : values.quick ? [...QUICK_SIZES] : [...DEFAULT_SIZES];
  const queries = integerOption('queries', values.queries, values.quick ? 50 : 200, 1, 1_000_000, USAGE);
  const report = await runBench({
    sizes,
    queries,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    keep: values.keep,
    measureBotPath: (ctx) => measureBotPath(ctx, values.quick ? 20 : 200),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

runCli(main);
