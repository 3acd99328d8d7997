/**
 * Discord's size limits, and the one pass that makes any outgoing payload respect them.
 *
 * Every send goes through `enforceMessageLimits`: renderers aim to fit, this guarantees it
 * (a payload over a limit is rejected by Discord as a whole, so the user would get nothing).
 * It also stamps `allowedMentions: { parse: [] }`, so no send can ping anyone.
 */
import {
  ComponentType,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type MessageFlags,
} from 'discord.js';
import { truncate } from './render/cut.js';

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  /** Sum over a message's embeds of title, description, field names and values, footer text, author name. */
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  rowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  buttonUrl: 512,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Under budget pressure, text shorter than this is dropped rather than cut to a stub. */
const MIN_CUT = 16;

/** Discord rejects empty field names and values; a zero-width space is the usual filler. */
const BLANK = '\u200b';

export type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface NoMentions {
  parse: [];
}

/** What renderers produce, before the final pass. */
export interface MessageParts {
  content?: string;
  embeds?: APIEmbed[];
  components?: MessageRow[];
}

/**
 * A payload ready for discord.js (`reply`, `editReply`, `update`, `channel.send`): plain
 * discord-api-types JSON, within every limit, never mentioning anyone.
 */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components: MessageRow[];
  allowedMentions: NoMentions;
}

/** A payload for `reply`/`followUp` only: only the user who ran the command sees it. */
export interface EphemeralPayload extends MessagePayload {
  flags: MessageFlags.Ephemeral;
}

/** The single place `allowedMentions` is set: a fresh object so no caller can share and mutate it. */
export function stampNoMentions<T extends object>(payload: T): T & { allowedMentions: NoMentions } {
  return { ...payload, allowedMentions: { parse: [] } };
}

/** The characters of an embed that count towards the 6000 per message. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

/** Spends a shared character budget while fitting each piece of text to its own limit. */
class Budget {
  /** Set once the shared budget (not a piece's own limit) has cut or dropped something. */
  exhausted = false;

  constructor(public left: number) {}

  /** The text cut to fit, or undefined when too little room remains for it to be worth showing. */
  take(text: string, limit: number): string | undefined {
    const room = Math.min(limit, this.left);
    let fitted = text;
    if (text.length > room) {
      if (this.left < limit) this.exhausted = true;
      if (room < Math.min(MIN_CUT, limit)) return undefined;
      fitted = truncate(text, room);
    }
    this.left -= fitted.length;
    return fitted;
  }
}

function fitField(field: APIEmbedField, budget: Budget): APIEmbedField | undefined {
  const name = field.name.length > 0 ? field.name : BLANK;
  const value = field.value.length > 0 ? field.value : BLANK;
  // Leave the value room for at least a readable stub before spending on the name.
  if (budget.left < Math.min(name.length, LIMITS.fieldName) + Math.min(value.length, MIN_CUT)) {
    budget.exhausted = true;
    return undefined;
  }
  const fittedName = budget.take(name, LIMITS.fieldName);
  const fittedValue = budget.take(value, LIMITS.fieldValue);
  if (fittedName === undefined || fittedValue === undefined) return undefined;
  return { ...field, name: fittedName, value: fittedValue };
}

/**
 * Fits one embed into what is left of the message budget, in reading order: title, author,
 * description, fields (a field that does not fit ends the list), footer.
 */
function fitEmbed(embed: APIEmbed, budget: Budget): APIEmbed | undefined {
  const out: APIEmbed = { ...embed };
  delete out.title;
  delete out.description;
  delete out.author;
  delete out.footer;
  delete out.fields;

  const title = embed.title ? budget.take(embed.title, LIMITS.embedTitle) : undefined;
  if (title) out.title = title;
  const author = embed.author?.name ? budget.take(embed.author.name, LIMITS.authorName) : undefined;
  if (embed.author && author) out.author = { ...embed.author, name: author };
  const description = embed.description ? budget.take(embed.description, LIMITS.embedDescription) : undefined;
  if (description) out.description = description;

  const fields: APIEmbedField[] = [];
  for (const field of (embed.fields ?? []).slice(0, LIMITS.fieldsPerEmbed)) {
    const fitted = budget.exhausted ? undefined : fitField(field, budget);
    if (!fitted) break;
    fields.push(fitted);
  }
  if (fields.length > 0) out.fields = fields;

  const footer = embed.footer?.text ? budget.take(embed.footer.text, LIMITS.footerText) : undefined;
  if (embed.footer && footer) out.footer = { ...embed.footer, text: footer };

  const hasText = Boolean(out.title || out.description || out.fields || out.author || out.footer);
  return hasText || out.image || out.thumbnail ? out : undefined;
}

function fitRows(rows: MessageRow[]): MessageRow[] {
  const fitted: MessageRow[] = [];
  for (const row of rows) {
    const components = row.components.flatMap((c) => fitComponent(c) ?? []).slice(0, LIMITS.buttonsPerRow);
    if (components.length > 0) fitted.push({ ...row, components });
  }
  return fitted.slice(0, LIMITS.rowsPerMessage);
}

/**
 * A component within limits, or undefined to drop it: a custom_id or URL cannot be cut
 * without breaking what the component does, so an overlong one loses the component.
 */
function fitComponent(component: APIComponentInMessageActionRow): APIComponentInMessageActionRow | undefined {
  if ('custom_id' in component && (component.custom_id.length === 0 || component.custom_id.length > LIMITS.customId)) {
    return undefined;
  }
  if (component.type !== ComponentType.Button) return component;
  if ('url' in component && component.url.length > LIMITS.buttonUrl) return undefined;
  if (!('label' in component) || component.label === undefined) return component;
  const label = truncate(component.label, LIMITS.buttonLabel);
  if (label.length === 0 && !component.emoji) return undefined;
  return { ...component, label };
}

/**
 * The final pass before every send: cuts or drops whatever exceeds a limit (later content
 * goes first), and stamps `allowedMentions: { parse: [] }`. Pure: returns a new payload.
 */
export function enforceMessageLimits(payload: MessageParts & { flags: MessageFlags.Ephemeral }): EphemeralPayload;
export function enforceMessageLimits(payload: MessageParts): MessagePayload;
export function enforceMessageLimits(payload: MessageParts & { flags?: MessageFlags.Ephemeral }): MessagePayload {
  const budget = new Budget(LIMITS.embedTotal);
  const embeds: APIEmbed[] = [];
  for (const embed of (payload.embeds ?? []).slice(0, LIMITS.embedsPerMessage)) {
    // Once earlier content has been cut, later content must not appear after the gap.
    if (budget.exhausted) break;
    const fitted = fitEmbed(embed, budget);
    if (fitted) embeds.push(fitted);
  }
  const out = stampNoMentions({ ...payload, embeds, components: fitRows(payload.components ?? []) });
  if (payload.content !== undefined) out.content = truncate(payload.content, LIMITS.content);
  return out;
}

export interface Choice {
  name: string;
  value: string;
}

/**
 * Autocomplete choices within limits: at most 25, names cut to 100; a value over 100 is an
 * id that cannot be cut, so its choice is dropped.
 */
export function fitChoices(choices: readonly Choice[]): APIApplicationCommandOptionChoice<string>[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((c) => ({ name: truncate(c.name.trim() || c.value, LIMITS.choiceName), value: c.value }));
}
