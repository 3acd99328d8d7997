import type { ButtonRoute, SlashCommand } from '../command.js';
import { ask, fullAbstract, moreResults } from './ask.js';
import { paper } from './paper.js';
import { similar, similarButton } from './similar.js';
import { helpCommand } from './help.js';
import { digest } from './digest.js';
import { keepButton, removeButton, shelf } from './shelf.js';

/** Every slash command the bot registers, in the order /help lists them. */
export const commands: readonly SlashCommand[] = [ask, paper, similar, digest, shelf];
export const allCommands: readonly SlashCommand[] = [...commands, helpCommand(() => allCommands)];

export const buttons: readonly ButtonRoute[] = [moreResults, fullAbstract, similarButton, removeButton, keepButton];
