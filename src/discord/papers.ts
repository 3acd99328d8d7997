import type { AutocompleteInteraction } from 'discord.js';
import type { ShelfSnapshot } from '../answer/snapshot.js';
import type { ShownPaper } from '../answer/types.js';
import { fitChoices } from './limits.js';
import type { BotContext } from './context.js';

/** Autocomplete answer for a paper option: titles (with year), valued by paper id. */
export async function respondWithPapers(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const shelf = ctx.librarian.snapshot();
  const typed = interaction.options.getFocused();
  const hits = shelf.findPapers(typed, 25);
  await interaction.respond(fitChoices(hits.map((p) => ({ name: `${p.title} (${p.year})`, value: p.id }))));
}

/** The paper a user picked: its id (from autocomplete), else the best match for what they typed. */
export function resolvePaper(shelf: ShelfSnapshot, value: string): ShownPaper | null {
  const exact = shelf.paper(value.trim());
  if (exact) return exact;
  const [best] = shelf.findPapers(value, 1);
  return best ?? null;
}
