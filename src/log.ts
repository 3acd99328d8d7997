import { pino, type Logger, type LevelWithSilent } from 'pino';
import { terminalStatus } from './terminal.js';

export type { Logger };

export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Default: pretty when `destination` is a terminal, JSON lines otherwise. */
  format?: LogFormat;
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own fields, shown in the line's prefix or not at all. */
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/**
 * One pino JSON line as a readable one: `12:04:05 WARN  message key=value`. An error shows as
 * `err="Type: message"`; its stack only at debug level, where an operator asked for it.
 */
export function prettyLine(json: string, showStacks: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(entry)) {
    if (OMIT.has(key)) continue;
    const err = value as { type?: unknown; message?: unknown; stack?: unknown } | null;
    if (err !== null && typeof err === 'object' && typeof err.message === 'string' && typeof err.stack === 'string') {
      fields.push(`${key}=${formatValue(`${typeof err.type === 'string' ? `${err.type}: ` : ''}${err.message}`)}`);
      if (showStacks) stack += `\n    ${err.stack.replace(/\n/g, '\n    ')}`;
    } else {
      fields.push(`${key}=${formatValue(value)}`);
    }
  }
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  return `${time} ${level} ${msg}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}${stack}\n`;
}

/** A destination that turns pino's lines readable and writes them above the progress bar, not into it. */
function prettyDestination(out: NodeJS.WritableStream, showStacks: boolean): { write(text: string): void } {
  return {
    write(text) {
      const lines = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => prettyLine(l, showStacks));
      terminalStatus.above(out, lines.join(''));
    },
  };
}

/** The bot's logger. The token is redacted wherever it appears as a field. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const out = options.destination ?? process.stdout;
  const format = options.format ?? (out.isTTY === true ? 'pretty' : 'json');
  const settings = {
    level,
    redact: {
      paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  };
  // JSON lines too pass above a progress bar when one is drawn (LOG_FORMAT=json on a terminal).
  if (format === 'json') return pino(settings, { write: (text: string) => terminalStatus.above(out, text) });
  return pino(settings, prettyDestination(out, level === 'debug' || level === 'trace'));
}
