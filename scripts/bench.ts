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
import { parseArgs } from 'node:util';
import { DEFAULT_SIZES, QUICK_SIZES, runBench } from './bench/run.js';
import { formatReport } from './bench/format.js';
import { measureBotPath } from './bench/bot-path.js';

/** A bad command line: printed without a stack trace, exit 2. */
class UsageError extends Error {}

function parseSizes(raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 10)) {
    throw new UsageError(`--sizes must be comma-separated paper counts of at least 10, e.g. 1000,5000 (got "${raw}")`);
  }
  return sizes;
}

async function main(): Promise<void> {
  const options = {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    queries: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
  try {
    parsed = parseArgs({ options });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  const sizes = values.sizes ? parseSizes(values.sizes) : values.quick ? [...QUICK_SIZES] : [...DEFAULT_SIZES];
  const queries = values.queries ? Number(values.queries) : values.quick ? 50 : 200;
  if (!Number.isInteger(queries) || queries < 1) throw new UsageError(`--queries must be a positive integer (got "${values.queries}")`);
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

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\nusage: npm run bench -- [--sizes 1000,5000] [--queries 200] [--quick] [--json] [--seed N] [--keep]\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
