import { DiscordAPIError } from 'discord.js';
import { AppError } from '../errors.js';

/** Error codes of a request that never reached Discord (DNS, refused connection, timeout, TLS). */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Discord's "Missing Access" and "Missing Permissions". */
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;

/** Where the bot is invited with both scopes it needs; the same words as the start-up message and the README. */
export const INVITE_HINT = 'invite the bot with the bot and applications.commands scopes (Developer Portal → OAuth2 → URL Generator)';

/** A failure to talk to Discord, said as what happened and what to do: exit 1, no stack trace. */
export class DiscordConnectError extends AppError {}

function networkCode(err: unknown): string | undefined {
  // Node's fetch wraps the socket error in a TypeError('fetch failed') with the real one as cause.
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if ((e as { name?: unknown }).name === 'AbortError' || (e as { name?: unknown }).name === 'TimeoutError') return 'timeout';
  }
  return undefined;
}

/**
 * Tells apart the three failures an operator fixes differently: Discord not reachable (network,
 * DNS, DISCORD_API_URL), the token refused (DISCORD_TOKEN), and a missing permission (the invite or
 * DISCORD_GUILD_ID). Anything else is returned as it is, for the generic mapping.
 */
export function explainDiscordFailure(err: unknown, apiUrl: string, guildId?: string): unknown {
  if (err instanceof AppError) return err;
  const network = networkCode(err);
  if (network !== undefined) {
    return new DiscordConnectError(`Cannot reach Discord at ${apiUrl} (${network}): the token was not tried.`, {
      code: 'discord_unreachable',
      hint: 'Check the network connection (DNS, firewall, proxy) and DISCORD_API_URL, then try again.',
      cause: err,
    });
  }
  const code = (err as { code?: unknown }).code;
  if (code === 'TokenInvalid' || (err instanceof DiscordAPIError && err.status === 401)) {
    return new DiscordConnectError(`Discord at ${apiUrl} refused the token (401 Unauthorized).`, {
      code: 'discord_token_refused',
      hint: 'Copy a fresh token from the Developer Portal (Bot → Reset Token) into .env as DISCORD_TOKEN=..., then try again.',
      cause: err,
    });
  }
  if (err instanceof DiscordAPIError && (err.code === MISSING_ACCESS || err.code === MISSING_PERMISSIONS || err.status === 403)) {
    const where = guildId ? `guild ${guildId} (DISCORD_GUILD_ID)` : 'this application';
    return new DiscordConnectError(`Discord refused access to ${where}: ${err.message} (${err.code}).`, {
      code: 'discord_missing_access',
      hint: `Check DISCORD_GUILD_ID is a server the bot is in, and ${INVITE_HINT}.`,
      cause: err,
    });
  }
  return err;
}
