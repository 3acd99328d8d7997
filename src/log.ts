import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** The bot's logger. The token is redacted wherever it appears as a field. */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
  });
}
