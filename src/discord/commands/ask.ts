import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { QUESTION_MAX_CHARS, type ShelfAnswer } from '../../answer/librarian.js';
import { renderAnswer, renderNotice, renderPaperCard } from '../render.js';
import { buttonCustomId } from '../button-store.js';
import type { AskState, BotContext } from '../context.js';
import type { ButtonRoute, SlashCommand } from '../command.js';
import { resolvePaper, respondWithPapers } from '../papers.js';
import { escapeUserText } from '../escape.js';
import { paperButtonId, SIMILAR_PREFIX } from './similar.js';
import { respondWhenReady } from '../respond.js';

/** Passages per page of an answer. */
export const PAGE_SIZE = 5;
const MORE = 'ask:more';
const ABSTRACT = 'ask:abstract';

export const ask: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask the shelf a question: get the most relevant passages, quoted and cited')
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question').setRequired(true).setMinLength(3).setMaxLength(QUESTION_MAX_CHARS),
    )
    .addStringOption((o) => o.setName('paper').setDescription('Only search this paper').setAutocomplete(true))
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
    .toJSON(),
  rateLimited: true,

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const paperValue = interaction.options.getString('paper');
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    let paperId: string | undefined;
    if (paperValue) {
      const paper = resolvePaper(ctx.librarian.snapshot(), paperValue);
      if (!paper) {
        await interaction.reply(
          renderNotice(`No paper on the shelf matches “${escapeUserText(paperValue)}”. Pick one from the list as you type.`, true),
        );
        return;
      }
      paperId = paper.id;
    }
    const state: AskState = { question, page: 1, userId: interaction.user.id, ...(paperId ? { paperId } : {}) };
    const flags = ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
    // Embedding can queue behind other questions: defer if the answer is not ready well within Discord's 3 s.
    await respondWhenReady(
      ctx.queue.run(() => ctx.librarian.ask(question, { k: PAGE_SIZE, ...(paperId ? { paperId } : {}) })),
      {
        reply: (answer) => interaction.reply({ ...renderPage(answer, state, ctx), ...flags }),
        defer: () => interaction.deferReply(flags),
        edit: (answer) => interaction.editReply(renderPage(answer, state, ctx)),
      },
    );
  },

  autocomplete: respondWithPapers,
};

function renderPage(answer: ShelfAnswer, state: AskState, ctx: BotContext) {
  const pageCount = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  const hasMore = state.page < pageCount;
  return renderAnswer(answer, {
    page: state.page,
    pageCount,
    searchMs: answer.timings.total ?? 0,
    ...(hasMore ? { moreButtonId: buttonCustomId(MORE, ctx.asks.put(state)) } : {}),
    abstractButtonIds: answer.items.flatMap((item) => {
      const customId = paperButtonId(ABSTRACT, item.paper.id);
      return customId ? [{ paperId: item.paper.id, customId }] : [];
    }),
  });
}

/** "More results": the next page. The asker's message turns the page; anyone else gets it privately. */
export const moreResults: ButtonRoute = {
  prefix: MORE,
  rateLimited: true,
  async handle(interaction, id, ctx) {
    const state = ctx.asks.get(id);
    if (!state) {
      await interaction.reply(renderNotice('This result has expired; ask again with /ask.', true));
      return;
    }
    const own = interaction.user.id === state.userId;
    const next: AskState = { ...state, page: state.page + 1, userId: interaction.user.id };
    const work = ctx.queue.run(() =>
      ctx.librarian.ask(state.question, {
        k: PAGE_SIZE,
        offset: state.page * PAGE_SIZE,
        ...(state.paperId ? { paperId: state.paperId } : {}),
      }),
    );
    await respondWhenReady(work, {
      reply: (answer) =>
        own
          ? interaction.update(renderPage(answer, next, ctx))
          : interaction.reply({ ...renderPage(answer, next, ctx), flags: MessageFlags.Ephemeral }),
      defer: () => (own ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral })),
      edit: (answer) => interaction.editReply(renderPage(answer, next, ctx)),
    });
  },
};

/** "Full abstract": the cited paper's card, privately. */
export const fullAbstract: ButtonRoute = {
  prefix: ABSTRACT,
  async handle(interaction, id, ctx) {
    const paper = ctx.librarian.snapshot().paper(id);
    if (!paper) {
      await interaction.reply(renderNotice('That paper is no longer on the shelf.', true));
      return;
    }
    const similar = paperButtonId(SIMILAR_PREFIX, paper.id);
    await interaction.reply({
      ...renderPaperCard(paper, { ...(similar ? { similarButtonId: similar } : {}) }),
      flags: MessageFlags.Ephemeral,
    });
  },
};
