/**
 * /shelf add | remove | status: editors (Manage Server, or the role named in SHELF_EDITOR_ROLE) add
 * an arXiv paper or take one off; anyone sees what the daily fetch did. The changes themselves run
 * in a child process through ctx.shelfJobs, so /ask keeps answering meanwhile.
 */
import {
  ButtonStyle,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { ShownPaper } from '../../answer/types.js';
import { parseArxivId, shelfId } from '../../arxiv/ids.js';
import type { ShelfJobOutcome } from '../../arxiv/jobs.js';
import { describeOutcome } from '../daily-fetch.js';
import { escapeUserText } from '../escape.js';
import { enforceMessageLimits } from '../limits.js';
import { button, renderNotice, renderPaperCard, rowsOf } from '../render.js';
import { discordTimestamp } from '../render/digest.js';
import { resolvePaper, respondWithPapers } from '../papers.js';
import { paperButtonId, SIMILAR_PREFIX } from './similar.js';
import type { BotContext } from '../context.js';
import type { ButtonRoute, SlashCommand } from '../command.js';

export const REMOVE_PREFIX = 'shelf:remove';
export const KEEP_PREFIX = 'shelf:keep';

/** Whether a member may change the shelf: Manage Server, or the editor role (by name, any case). */
export function mayEditShelf(hasManageServer: boolean, roleNames: readonly string[], editorRole: string | undefined): boolean {
  if (hasManageServer) return true;
  if (editorRole === undefined) return false;
  const wanted = editorRole.trim().toLowerCase();
  return roleNames.some((name) => name.trim().toLowerCase() === wanted);
}

/** The names of the member's roles, from the guild's role cache (the Guilds intent keeps it). */
function roleNames(interaction: RepliableInteraction): string[] {
  if (!interaction.inGuild()) return [];
  const member = interaction.member;
  const ids = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return ids.flatMap((id) => interaction.guild?.roles.cache.get(id)?.name ?? []);
}

/** Answers a member who may not edit the shelf; true when refused. */
async function refuseNonEditor(interaction: RepliableInteraction, ctx: BotContext): Promise<boolean> {
  if (!interaction.inGuild()) {
    await interaction.reply(renderNotice('The shelf can be changed from a server only.', true));
    return true;
  }
  const role = ctx.config.SHELF_EDITOR_ROLE;
  if (mayEditShelf(interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild), roleNames(interaction), role)) return false;
  const who = role ? `members with **Manage Server** or the **${escapeUserText(role)}** role` : 'members with **Manage Server**';
  await interaction.reply(renderNotice(`Only ${who} can change the shelf.`, true));
  return true;
}

function card(paper: ShownPaper, content: string) {
  const similar = paperButtonId(SIMILAR_PREFIX, paper.id);
  const payload = renderPaperCard(paper, { ...(similar ? { similarButtonId: similar } : {}) });
  return enforceMessageLimits({ ...payload, content });
}

/** Replaces a public "thinking…" with a message only the user sees (a deferral cannot turn private). */
async function answerPrivately(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.deleteReply().catch(() => {});
  await interaction.followUp({ ...renderNotice(text, true), flags: MessageFlags.Ephemeral });
}

/** Why an added paper did not land, or null when it did. */
function addProblem(outcome: ShelfJobOutcome, arxivId: string): string | null {
  if (!outcome.ok) return `Could not add ${arxivId}: ${outcome.error.message}`;
  const skipped = outcome.fetch?.skipped.find((s) => s.id === arxivId) ?? outcome.fetch?.skipped[0];
  return skipped ? `Could not add ${arxivId}: ${skipped.reason}.` : null;
}

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const raw = interaction.options.getString('paper', true);
  const parsed = parseArxivId(raw);
  if (!parsed) {
    await interaction.reply(
      renderNotice(
        `“${escapeUserText(raw)}” is not an arXiv id or URL. Try \`2310.13040\`, \`hep-th/9901001\` or \`https://arxiv.org/abs/2310.13040\`.`,
        true,
      ),
    );
    return;
  }
  const id = shelfId(parsed.id);
  const existing = ctx.librarian.snapshot().paper(id);
  if (existing) {
    await interaction.reply(card(existing, 'Already on the shelf.'));
    return;
  }
  // Fetching and embedding take longer than Discord's 3 s: acknowledge first, answer when done.
  await interaction.deferReply();
  const startedAt = ctx.timing.now();
  const outcome = await ctx.shelfJobs.run({ kind: 'add', arxivId: parsed.id });
  const problem = addProblem(outcome, parsed.id);
  ctx.digests.recordShelfRun({
    trigger: 'add',
    startedAt,
    finishedAt: ctx.timing.now(),
    ok: problem === null,
    summary: problem ?? describeOutcome(outcome),
  });
  if (problem) {
    ctx.log.warn({ user: interaction.user.id }, `/shelf add ${parsed.id}: ${problem}`);
    await answerPrivately(interaction, escapeUserText(problem));
    return;
  }
  ctx.digests.unmarkRemoved(id);
  ctx.log.info({ user: interaction.user.id }, `/shelf add ${parsed.id}: ${describeOutcome(outcome)}`);
  const paper = ctx.librarian.snapshot().paper(id);
  if (!paper) {
    await answerPrivately(
      interaction,
      `${parsed.id} is on the shelf now, but the index serving answers has not loaded it yet; try \`/paper\` in a moment.`,
    );
    return;
  }
  await interaction.editReply(card(paper, 'Added to the shelf.'));
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const value = interaction.options.getString('paper', true);
  const paper = resolvePaper(ctx.librarian.snapshot(), value);
  if (!paper) {
    await interaction.reply(renderNotice(`No paper on the shelf matches “${escapeUserText(value)}”.`, true));
    return;
  }
  const confirm = paperButtonId(REMOVE_PREFIX, paper.id);
  const keep = paperButtonId(KEEP_PREFIX, paper.id);
  if (!confirm || !keep) {
    await interaction.reply(
      renderNotice(`The id of that paper is too long for a button; remove its line from the shelf file instead.`, true),
    );
    return;
  }
  await interaction.reply(
    enforceMessageLimits({
      content:
        `Remove **${escapeUserText(paper.title)}** (\`${paper.id}\`) from the shelf? ` +
        'It leaves answers and digests once the index is updated, and the daily fetch will not add it back.',
      components: rowsOf([button('Remove', confirm, ButtonStyle.Danger), button('Keep it', keep)]),
      flags: MessageFlags.Ephemeral,
    }),
  );
}

function following(ctx: BotContext): string {
  const { ARXIV_CATEGORIES: cats, ARXIV_QUERY: query } = ctx.config;
  if (!ctx.dailyFetch) return 'nothing (set `ARXIV_CATEGORIES` or `ARXIV_QUERY` to fetch new papers every day)';
  const parts = [...(cats.length > 0 ? [cats.join(', ')] : []), ...(query !== undefined ? [`\`${escapeUserText(query)}\``] : [])];
  return parts.join(' matching ');
}

async function status(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const snap = ctx.librarian.snapshot();
  const last = ctx.digests.lastShelfRun('daily');
  const failure = ctx.digests.lastShelfFailure();
  const running = ctx.shelfJobs.running;
  const lines = [
    `**Papers on the shelf:** ${snap.paperCount} (${snap.passageCount} passages)`,
    `**Following:** ${following(ctx)}`,
    `**Last fetch:** ${
      last ? `${discordTimestamp(last.finishedAt)}, ${last.ok ? 'done' : 'failed'}: ${escapeUserText(last.summary)}` : 'none yet'
    }`,
    `**Next fetch:** ${ctx.dailyFetch ? `${discordTimestamp(ctx.dailyFetch.nextAt())} (${discordTimestamp(ctx.dailyFetch.nextAt(), 'R')})` : 'not scheduled'}`,
    ...(running ? [`**Running now:** ${running.kind === 'fetch' ? 'the daily fetch' : `/shelf ${running.kind}`}`] : []),
    `**Last error:** ${failure ? `${discordTimestamp(failure.finishedAt)} (${failure.trigger}): ${escapeUserText(failure.summary)}` : 'none'}`,
  ];
  await interaction.reply(renderNotice(lines.join('\n'), true));
}

export const shelf: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('shelf')
    .setDescription('Add or remove papers (editors), or see what the daily arXiv fetch did')
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Fetch an arXiv paper onto the shelf (Manage Server or the shelf editor role)')
        .addStringOption((o) =>
          o
            .setName('paper')
            .setDescription('arXiv id or URL, e.g. 2310.13040 or https://arxiv.org/abs/2310.13040')
            .setRequired(true)
            .setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Take a paper off the shelf, after a confirmation (Manage Server or the shelf editor role)')
        .addStringOption((o) => o.setName('paper').setDescription('Title, author or id').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((s) => s.setName('status').setDescription('Papers on the shelf, the last and next arXiv fetch, the last error'))
    .toJSON(),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === 'status') return status(interaction, ctx);
    if (await refuseNonEditor(interaction, ctx)) return;
    return sub === 'add' ? add(interaction, ctx) : remove(interaction, ctx);
  },

  autocomplete: respondWithPapers,
};

export const removeButton: ButtonRoute = {
  prefix: REMOVE_PREFIX,
  async handle(interaction: ButtonInteraction, paperId: string, ctx: BotContext) {
    if (await refuseNonEditor(interaction, ctx)) return;
    await interaction.update({ content: `Removing \`${paperId}\` from the shelf…`, components: [] });
    // The title as shown, taken before the paper leaves the index.
    const shown = ctx.librarian.snapshot().paper(paperId);
    const startedAt = ctx.timing.now();
    const outcome = await ctx.shelfJobs.run({ kind: 'remove', paperId });
    const summary = describeOutcome(outcome);
    ctx.digests.recordShelfRun({ trigger: 'remove', startedAt, finishedAt: ctx.timing.now(), ok: outcome.ok, summary });
    ctx.log.info({ user: interaction.user.id }, `/shelf remove ${paperId}: ${summary}`);
    let text: string;
    if (!outcome.ok) text = `Could not remove \`${paperId}\`: ${escapeUserText(outcome.error.message)}`;
    else if (!outcome.removed) text = `\`${paperId}\` was no longer on the shelf.`;
    else {
      ctx.digests.markRemoved(paperId, interaction.user.id, ctx.timing.now());
      text = `Removed **${escapeUserText(shown?.title ?? outcome.removed.title)}** (\`${paperId}\`) from the shelf; the index is updated.`;
    }
    await interaction.editReply(enforceMessageLimits({ content: text, components: [] }));
  },
};

export const keepButton: ButtonRoute = {
  prefix: KEEP_PREFIX,
  async handle(interaction: ButtonInteraction, paperId: string) {
    await interaction.update(enforceMessageLimits({ content: `Kept \`${paperId}\` on the shelf.`, components: [] }));
  },
};
