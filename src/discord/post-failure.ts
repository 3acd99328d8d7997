/**
 * What a refused digest post means, in Discord's terms. The digest layer knows only "posted or
 * not" and "what a person must do"; the codes that tell those apart are Discord's, so they live here.
 */
import { DigestPostError } from '../digest/scheduler.js';

/** Discord error codes that mean "this channel will not work until a person does something", and what to do. */
const FIXES: Record<number, string> = {
  10003: 'the channel no longer exists (Discord 10003 Unknown Channel); subscribe another channel',
  50001: 'the bot cannot see this channel (Discord 50001 Missing Access); give it access, then subscribe again',
  50013:
    'the bot may not post in this channel (Discord 50013 Missing Permissions); allow View Channel, Send Messages and Embed Links, then subscribe again',
};

/**
 * A failed post from Discord's HTTP status, JSON error code and message. A 4xx is Discord refusing
 * the request (discord.js already waited out 429s): nothing was posted, so a retry is safe.
 */
export function digestPostFailure(status: number, code: number | undefined, message: string): DigestPostError {
  const refused = status >= 400 && status < 500;
  return new DigestPostError(
    code === undefined ? message : `${message} (Discord ${code})`,
    refused,
    code === undefined ? undefined : FIXES[code],
  );
}
