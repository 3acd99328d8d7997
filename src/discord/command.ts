import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import type { CommandDefinition } from './register.js';

/** One slash command: its definition and its handlers (the discord.js guide's layout). */
/**
 * Preconditions the router enforces before a handler runs, declared once per command or button:
 * `rateLimited` handlers run a shelf query, so they count against the user's rate limit (a refusal
 * is answered privately by the router) and do their work through ctx.queue.
 */
export interface Preconditions {
  rateLimited?: boolean;
}

export interface SlashCommand extends Preconditions {
  data: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A button family, routed by the prefix of its custom_id ("ask:more:<id>" → prefix "ask:more"). */
export interface ButtonRoute extends Preconditions {
  prefix: string;
  handle(interaction: ButtonInteraction, id: string, ctx: BotContext): Promise<void>;
}
