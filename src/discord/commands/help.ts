import { SlashCommandBuilder } from 'discord.js';
import { citedPaper } from '../../answer/display.js';
import { renderHelp } from '../render.js';
import type { SlashCommand } from '../command.js';

/** How many of the newest papers /help lists. */
const NEWEST = 5;

export function helpCommand(list: () => readonly SlashCommand[]): SlashCommand {
  return {
    data: new SlashCommandBuilder().setName('help').setDescription('What is on the shelf and how to ask it').toJSON(),
    async execute(interaction, ctx) {
      const snapshot = ctx.librarian.snapshot();
      // ISO times sort as strings; a plain comparison keeps this cheap on a 20,000-paper shelf.
      const seen = (id: string) => snapshot.firstSeen(id) ?? '';
      const newest = [...snapshot.papers]
        .sort((a, b) => (seen(a.id) < seen(b.id) ? 1 : seen(a.id) > seen(b.id) ? -1 : b.year - a.year))
        .slice(0, NEWEST)
        .map(citedPaper);
      await interaction.reply(
        renderHelp({
          paperCount: snapshot.paperCount,
          newest,
          model: snapshot.modelId,
          searchMode: ctx.librarian.mode,
          commands: list().map((c) => ({ name: c.data.name, description: c.data.description })),
        }),
      );
    },
  };
}
