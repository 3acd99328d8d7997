import type { AutocompleteInteraction } from 'discord.js';
import type { Paper } from '../corpus/types.js';
import type { LoadedIndex } from '../index/load.js';
import { lookupPapers, lookupTable, type LookupEntry } from '../search/lookup.js';
import { readableLatex } from '../corpus/latex.js';
import { fitChoices } from './limits.js';
import type { BotContext } from './context.js';

// One lookup table per loaded index: built on first use, dropped with the index.
const tables = new WeakMap<LoadedIndex, LookupEntry[]>();

function table(index: LoadedIndex): LookupEntry[] {
  let t = tables.get(index);
  if (!t) {
    t = lookupTable(index.papers);
    tables.set(index, t);
  }
  return t;
}

/** Autocomplete answer for a paper option: titles (with year), valued by paper id. */
export async function respondWithPapers(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const index = ctx.shelf.current;
  const typed = interaction.options.getFocused();
  const hits = lookupPapers(table(index), typed, 25);
  await interaction.respond(
    fitChoices(
      hits.map((i) => {
        const p = index.papers[i] as Paper;
        return { name: `${readableLatex(p.title)} (${p.year})`, value: p.id };
      }),
    ),
  );
}

/** The paper with this id on the live shelf (buttons carry ids), or null once it is gone. */
export function paperById(index: LoadedIndex, id: string): Paper | null {
  const i = index.paperIndexById.get(id);
  return i === undefined ? null : (index.papers[i] as Paper);
}

/** The paper a user picked: its id (from autocomplete), else the best match for what they typed. */
export function resolvePaper(index: LoadedIndex, value: string): Paper | null {
  const exact = paperById(index, value.trim());
  if (exact) return exact;
  const [best] = lookupPapers(table(index), value, 1);
  return best === undefined ? null : (index.papers[best] as Paper);
}
