import { randomBytes } from 'node:crypto';
import { DiscordAPIError, MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { QueueClosedError, QueueFullError } from './work-queue.js';
import { renderError, renderNotice } from './render.js';
import type { BotContext } from './context.js';
import type { ButtonRoute, Preconditions, SlashCommand } from './command.js';

/** Discord's "Unknown interaction": the 3 s window passed or the token expired; nothing left to answer. */
const UNKNOWN_INTERACTION = 10062;
/** "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

/**
 * Routes interactions to command and button handlers. A handler's error is answered privately
 * with a short ref that is logged with the error, so an operator can find it; errors never
 * escape to the client (an unhandled one would crash nothing, but would leave the user hanging).
 */
export function createRouter(ctx: BotContext, commands: readonly SlashCommand[], buttons: readonly ButtonRoute[]) {
  const byName = new Map(commands.map((c) => [c.data.name, c]));
  return async (interaction: Interaction): Promise<void> => {
    try {
      if (interaction.isAutocomplete()) {
        await byName.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
        return;
      }
      if (!interaction.isRepliable()) return;
      if (ctx.closing) {
        await interaction.reply(renderNotice('The bot is restarting; try again in a moment.', true));
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) {
          await interaction.reply(renderNotice('This command is no longer available.', true));
          return;
        }
        if (await refused(command, interaction, ctx)) return;
        await command.execute(interaction, ctx);
      } else if (interaction.isButton()) {
        const route = buttons.find((b) => interaction.customId.startsWith(`${b.prefix}:`));
        if (!route) {
          await interaction.reply(renderNotice('This button has expired; run the command again.', true));
          return;
        }
        if (await refused(route, interaction, ctx)) return;
        await route.handle(interaction, interaction.customId.slice(route.prefix.length + 1), ctx);
      }
    } catch (err) {
      await handleError(interaction, err, ctx);
    }
  };
}

/** Checks a handler's declared preconditions; answers the user privately and returns true when one fails. */
async function refused(handler: Preconditions, interaction: RepliableInteraction, ctx: BotContext): Promise<boolean> {
  if (!handler.rateLimited) return false;
  // Checked before acknowledging, so the refusal can still be private (a full queue is handleError's).
  const verdict = ctx.limiter.check(interaction.user.id);
  if (verdict.ok) return false;
  await interaction.reply(renderNotice(`Slow down a little: try again in ${verdict.retryAfterSeconds} s.`, true));
  return true;
}

async function handleError(interaction: Interaction, err: unknown, ctx: BotContext): Promise<void> {
  if (err instanceof DiscordAPIError && (err.code === UNKNOWN_INTERACTION || err.code === ALREADY_ACKNOWLEDGED)) {
    ctx.log.warn({ code: err.code, interaction: interaction.id }, 'interaction could not be answered (expired or already acknowledged)');
    return;
  }
  if (!interaction.isRepliable()) {
    ctx.log.error({ err, interaction: interaction.id }, 'autocomplete handler failed');
    return;
  }
  if (err instanceof QueueFullError || err instanceof QueueClosedError) {
    await answerPrivately(interaction, 'The shelf is busy answering other questions; try again in a few seconds.', ctx);
    return;
  }
  const ref = randomBytes(3).toString('hex');
  ctx.log.error({ err, ref, interaction: interaction.id, user: interaction.user.id }, 'interaction handler failed');
  await answerPrivately(interaction, null, ctx, ref);
}

/** Says something only the user sees, whatever state the interaction is in. */
async function answerPrivately(interaction: RepliableInteraction, text: string | null, ctx: BotContext, ref = ''): Promise<void> {
  const payload = text === null ? renderError(ref) : renderNotice(text, true);
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply(payload);
      return;
    }
    // A public deferral cannot turn private: remove the "thinking…" message, then follow up privately.
    if (interaction.deferred && !interaction.ephemeral) await interaction.deleteReply().catch(() => {});
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  } catch (err) {
    ctx.log.warn({ err, interaction: interaction.id }, 'could not tell the user about an error');
  }
}
