import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import type { CommandDefinition } from './register.js';

/** One slash command: its definition and its handlers (the discord.js guide's layout). */
export interface SlashCommand {
  data: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A button family, routed by the prefix of its custom_id ("ask:more:<id>" → prefix "ask:more"). */
export interface ButtonRoute {
  prefix: string;
  handle(interaction: ButtonInteraction, id: string, ctx: BotContext): Promise<void>;
}
