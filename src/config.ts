import { z } from 'zod';
import { AppError } from './errors.js';
import { parseCategoryList, unknownCategoryMessage } from './arxiv/categories.js';

/** The one place process.env is read. Every error names the variable and what is wrong with it. */

const bool = () =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), {
      message: 'must be true or false',
    })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A comma-separated list; blanks between commas are dropped. */
const commaList = () =>
  z.string().transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

const base = z.object({
  DISCORD_TOKEN: nonEmpty.optional(),
  DISCORD_API_URL: z.url({ message: 'must be a URL such as https://discord.com/api' }).default('https://discord.com/api'),
  DISCORD_GUILD_ID: z
    .string()
    .trim()
    .regex(/^\d{15,22}$/, 'must be a Discord guild id (a snowflake, 15–22 digits)')
    .optional(),
  CORPUS_PATH: nonEmpty.default('corpus/papers.jsonl'),
  INDEX_DIR: nonEmpty.default('index'),
  DATABASE_PATH: nonEmpty.default('data/papershelf.db'),
  EMBED_MODEL: nonEmpty.default('Xenova/all-MiniLM-L6-v2'),
  MODEL_CACHE_DIR: nonEmpty.optional(),
  ALLOW_REMOTE_MODELS: bool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: readable lines on a terminal, JSON lines otherwise (log collectors, pipes). */
  LOG_FORMAT: z.enum(['pretty', 'json'], { message: 'must be pretty or json' }).optional(),
  // For the test suite only (see src/digest/timing.ts): shift the digest clock, shorten retries.
  TEST_CLOCK_OFFSET_MS: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .optional(),
  TEST_DIGEST_RETRY_MS: z
    .string()
    .trim()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 200,400')
    .transform((v) => v.split(',').map(Number))
    .optional(),
  ARXIV_CATEGORIES: z
    .string()
    .transform((v, ctx) => {
      const { categories, unknown } = parseCategoryList(v);
      for (const u of unknown) ctx.addIssue({ code: 'custom', message: unknownCategoryMessage(u) });
      return categories;
    })
    .default([]),
  ARXIV_QUERY: nonEmpty.optional(),
  ARXIV_EXCLUDE: commaList().default([]),
  ARXIV_API_URL: z.url({ message: 'must be a URL such as http://export.arxiv.org/api/query' }).default('http://export.arxiv.org/api/query'),
  ARXIV_CONTACT: z.email({ message: 'must be an e-mail address (arXiv asks API clients to give one)' }).optional(),
  // arXiv allows one request every 3 s; shorter only against a loopback test server (checked below).
  ARXIV_REQUEST_INTERVAL_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds' })
    .int({ message: 'must be a whole number of milliseconds' })
    .min(0, { message: 'must not be negative' })
    .default(3000),
  // The bot's daily fetch, UTC: after arXiv's daily announcement (around 00:00 UTC on weekdays).
  FETCH_TIME: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM in UTC, e.g. 01:30')
    .default('01:30'),
  SHELF_EDITOR_ROLE: nonEmpty.optional(),
});

const schema = base.superRefine((c, ctx) => {
  if (c.ARXIV_REQUEST_INTERVAL_MS < 3000 && !LOOPBACK.test(new URL(c.ARXIV_API_URL).hostname)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ARXIV_REQUEST_INTERVAL_MS'],
      message: 'must be at least 3000 (arXiv allows one request every 3 seconds); shorter intervals are only for a loopback ARXIV_API_URL',
    });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { code: 'config' });
  }
}

/** Parses the environment; empty strings count as unset so a blank line in .env falls back to the default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(base.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(environment)');
        return `${name}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}
