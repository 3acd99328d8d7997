import { Routes, type REST } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Option fields we set; Discord echoes them back with defaults filled in, which must not count as a change. */
const OPTION_KEYS = [
  'type',
  'name',
  'description',
  'required',
  'autocomplete',
  'min_length',
  'max_length',
  'min_value',
  'max_value',
  'channel_types',
  'choices',
  'options',
] as const;
const COMMAND_KEYS = ['type', 'name', 'description', 'options', 'default_member_permissions', 'contexts'] as const;
const DEFAULTS: Record<string, Json> = {
  type: 1,
  required: false,
  autocomplete: false,
  default_member_permissions: null,
  options: [],
  contexts: null,
};

function canonical(value: unknown, keys: readonly string[]): Json {
  const obj = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const key of keys) {
    let v = obj[key] === undefined ? (DEFAULTS[key] ?? null) : obj[key];
    if (key === 'options' && Array.isArray(v)) v = v.map((o) => canonical(o, OPTION_KEYS));
    if (key === 'channel_types' && Array.isArray(v)) v = [...(v as number[])].sort((a, b) => a - b);
    if (key === 'choices' && Array.isArray(v)) v = v.map((c) => canonical(c, ['name', 'value']));
    out[key] = v as Json;
  }
  return out;
}

/** A command's name for sorting; canonical() keeps it a string for every real command. */
function nameOf(command: Json): string {
  const name = command !== null && typeof command === 'object' && !Array.isArray(command) ? command.name : undefined;
  return typeof name === 'string' ? name : JSON.stringify(name ?? null);
}

/** True when the registered commands already say what the definitions say. */
export function sameCommands(registered: readonly unknown[], wanted: readonly CommandDefinition[]): boolean {
  const norm = (list: readonly unknown[]) =>
    JSON.stringify(list.map((c) => canonical(c, COMMAND_KEYS)).sort((a, b) => nameOf(a).localeCompare(nameOf(b))));
  return norm(registered) === norm(wanted);
}

/**
 * Registers the slash commands with one bulk overwrite, only when they changed (Discord rate-limits
 * command creation, and a needless overwrite on every restart adds up). Guild-scoped when a guild
 * id is given (instant), global otherwise.
 */
export async function syncCommands(
  rest: REST,
  applicationId: string,
  guildId: string | undefined,
  wanted: readonly CommandDefinition[],
): Promise<'updated' | 'unchanged'> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.get(route)) as unknown[];
  if (sameCommands(registered, wanted)) return 'unchanged';
  await rest.put(route, { body: wanted });
  return 'updated';
}
