/**
 * A loopback Discord (REST v10 + Gateway v10) for end-to-end tests: the real discord.js
 * Client, or the bot as a child process, talks to it with `rest: { api: emulator.apiUrl }`.
 *
 *   const emu = await startDiscordEmulator();
 *   // bot: DISCORD_API_URL=emu.apiUrl DISCORD_TOKEN=emu.token
 *   await emu.waitForReady();
 *   const ask = await emu.interact({ type: 'command', name: 'ask', options: { question: 'attention?' } });
 *   const result = await ask.response();
 */
export { startDiscordEmulator } from './discord-emulator/emulator.js';
export type { DiscordEmulator, DiscordEmulatorOptions, EmulatedChannel, EmulatedGuild } from './discord-emulator/emulator.js';
export type { EmulatorEvent, InteractionActivity, RecordedRequest } from './discord-emulator/events.js';
export type {
  AutocompleteInteractOptions,
  ButtonInteractOptions,
  CommandInteractOptions,
  InteractionHandle,
  InteractionResult,
  InteractOptions,
  OptionValue,
  SelectInteractOptions,
} from './discord-emulator/interactions.js';
export type { FailureRule } from './discord-emulator/rest.js';
export type { ChannelSpec, GuildSpec, UserSpec } from './discord-emulator/state.js';
export { DEFAULT_MEMBER_PERMISSIONS, PERMISSION } from './discord-emulator/state.js';
export { LIMITS } from './discord-emulator/limits.js';
export { GatewayClose, GatewayOp } from './discord-emulator/gateway.js';
