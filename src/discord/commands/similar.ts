import { MessageFlags, SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CitedPaper } from '../../answer/types.js';
import { renderNotice, renderSimilar } from '../render.js';
import { LIMITS } from '../limits.js';
import type { BotContext } from '../context.js';
import type { ButtonRoute, SlashCommand } from '../command.js';
import { resolvePaper, respondWithPapers } from '../papers.js';
import { escapeUserText } from '../escape.js';
import { respondWhenReady } from '../respond.js';

export const SIMILAR_PREFIX = 'paper:similar';
const NEIGHBOURS = 5;

/** A button id that carries a paper id; null when the id would not fit Discord's 100 characters. */
export function paperButtonId(prefix: string, paperId: string): string | null {
  const id = `${prefix}:${paperId}`;
  return id.length <= LIMITS.customId ? id : null;
}

function similarPayload(paper: CitedPaper, ctx: BotContext) {
  return renderSimilar(paper, ctx.librarian.similar(paper.id, NEIGHBOURS));
}

export const similar: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('similar')
    .setDescription('Papers on the shelf nearest in meaning to one paper')
    .addStringOption((o) => o.setName('paper').setDescription('Title, author or id').setRequired(true).setAutocomplete(true))
    .toJSON(),
  rateLimited: true,

  async execute(interaction: ChatInputCommandInteraction, ctx: BotContext) {
    const value = interaction.options.getString('paper', true);
    const paper = resolvePaper(ctx.librarian.snapshot(), value);
    if (!paper) {
      await interaction.reply(renderNotice(`No paper on the shelf matches “${escapeUserText(value)}”.`, true));
      return;
    }
    await respondWhenReady(
      ctx.queue.run(() => Promise.resolve(similarPayload(paper, ctx))),
      {
        reply: (payload) => interaction.reply(payload),
        defer: () => interaction.deferReply(),
        edit: (payload) => interaction.editReply(payload),
      },
    );
  },

  autocomplete: respondWithPapers,
};

/** "Similar papers" on a paper card: private when the card was. */
export const similarButton: ButtonRoute = {
  prefix: SIMILAR_PREFIX,
  rateLimited: true,
  async handle(interaction: ButtonInteraction, id: string, ctx: BotContext) {
    const paper = ctx.librarian.snapshot().paper(id);
    if (!paper) {
      await interaction.reply(renderNotice('That paper is no longer on the shelf.', true));
      return;
    }
    const flags = interaction.message.flags.has(MessageFlags.Ephemeral) ? { flags: MessageFlags.Ephemeral as const } : {};
    await respondWhenReady(
      ctx.queue.run(() => Promise.resolve(similarPayload(paper, ctx))),
      {
        reply: (payload) => interaction.reply({ ...payload, ...flags }),
        defer: () => interaction.deferReply(flags),
        edit: (payload) => interaction.editReply(payload),
      },
    );
  },
};
