import { SlashCommandBuilder } from 'discord.js';
import { renderNotice, renderPaperCard } from '../render.js';
import type { SlashCommand } from '../command.js';
import { resolvePaper, respondWithPapers } from '../papers.js';
import { escapeUserText } from '../escape.js';
import { paperButtonId, SIMILAR_PREFIX } from './similar.js';

export const paper: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Look a paper up: its card with authors, links and the full abstract')
    .addStringOption((o) => o.setName('query').setDescription('Title, author or id').setRequired(true).setAutocomplete(true))
    .toJSON(),

  async execute(interaction, ctx) {
    const value = interaction.options.getString('query', true);
    const found = resolvePaper(ctx.librarian.snapshot(), value);
    if (!found) {
      await interaction.reply(
        renderNotice(`No paper on the shelf matches “${escapeUserText(value)}”. Try a word from its title or an author's name.`, true),
      );
      return;
    }
    const similar = paperButtonId(SIMILAR_PREFIX, found.id);
    await interaction.reply(renderPaperCard(found, { ...(similar ? { similarButtonId: similar } : {}) }));
  },

  autocomplete: respondWithPapers,
};
