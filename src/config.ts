import { z } from 'zod';
import { AppError } from './errors.js';

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

const schema = z.object({
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
  for (const key of Object.keys(schema.shape)) {
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
