/**
 * Smoke test of the loopback Discord: the real discord.js Client, in-process, against the
 * emulator — login, commands, every interaction response path, rate limits, resume,
 * channel messages and the size limits the emulator enforces.
 */
import { once } from 'node:events';
import zlib from 'node:zlib';
import {
  ApplicationCommandOptionType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  RESTEvents,
  Routes,
  type Interaction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  startDiscordEmulator,
  type DiscordEmulator,
  type DiscordEmulatorOptions,
  type InteractionActivity,
} from '../../scripts/support/discord-emulator.js';

type Handler = (interaction: Interaction) => Promise<void>;

let emu: DiscordEmulator | undefined;
let client: Client | undefined;

afterEach(async () => {
  // Bounded: a discord.js client destroyed mid-handshake can otherwise wait forever.
  if (client) await Promise.race([client.destroy(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  await emu?.close();
  client = undefined;
  emu = undefined;
});

/** Starts an emulator and a logged-in, ready client whose interactions go to `handler()`. */
async function setup(
  options: DiscordEmulatorOptions = {},
): Promise<{ emu: DiscordEmulator; client: Client; on: (h: Handler) => void; errors: unknown[] }> {
  const e = await startDiscordEmulator({ heartbeatIntervalMs: 2000, ...options });
  emu = e;
  const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: e.apiUrl } });
  client = c;
  let handler: Handler = async () => {};
  const errors: unknown[] = [];
  c.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  const ready = once(c, Events.ClientReady);
  await c.login(e.token);
  await ready;
  return { emu: e, client: c, on: (h) => (handler = h), errors };
}

const guildOf = (e: DiscordEmulator) => {
  const guild = e.guilds[0];
  if (!guild) throw new Error('no guild');
  return guild;
};
const channelOf = (e: DiscordEmulator, index = 0) => {
  const channel = guildOf(e).channels[index];
  if (!channel) throw new Error('no channel');
  return channel;
};

const QUESTION = { type: ApplicationCommandOptionType.String, name: 'question', description: 'What to ask', required: true } as const;
const PAPER = { type: ApplicationCommandOptionType.String, name: 'paper', description: 'Limit to one paper', autocomplete: true } as const;
const PRIVATE = { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer' } as const;
const ASK: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'ask',
  description: 'Ask the shelf a question',
  options: [QUESTION, PAPER, PRIVATE],
};

async function registerAsk(c: Client, e: DiscordEmulator): Promise<void> {
  if (!c.application) throw new Error('no application');
  await c.application.commands.set([ASK], guildOf(e).id);
}

describe('discord emulator with the real discord.js client', () => {
  it('logs in: gateway discovered over REST, READY, guild and channels cached', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    const guild = client.guilds.cache.get(guildOf(emu).id);
    expect(guild?.name).toBe('papershelf test');
    expect(guild?.channels.cache.map((c) => c.name).sort()).toEqual(['digests', 'general']);
    expect(client.user?.id).toBe(emu.botUser.id);
    expect(client.application?.id).toBe(emu.applicationId);
    // The bot's member is cached, so permission checks work without REST.
    const channel = guild?.channels.cache.get(channelOf(emu).id);
    expect(channel?.permissionsFor(client.user?.id ?? '')?.has('SendMessages')).toBe(true);
    expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
    expect(emu.receivedOps().filter((op) => op === 2)).toHaveLength(1);
  });

  it('refuses a wrong token (401 on /gateway/bot)', { timeout: 15_000 }, async () => {
    emu = await startDiscordEmulator();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiUrl } });
    await expect(client.login('not-the-token')).rejects.toThrow(/invalid token/i);
    expect(emu.requests[0]?.status).toBe(401);
  });

  it('stores bulk-overwritten guild commands, keeping ids across overwrites', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    await registerAsk(client, emu);
    const stored = emu.commands(guildOf(emu).id);
    expect(stored.map((c) => c.name)).toEqual(['ask']);
    expect(stored[0]?.options?.map((o) => o.name)).toEqual(['question', 'paper', 'private']);
    expect(stored[0]?.id).toMatch(/^\d{17,20}$/);
    await registerAsk(client, emu);
    expect(emu.commands(guildOf(emu).id)[0]?.id).toBe(stored[0]?.id);
    expect(emu.commands()).toEqual([]);
    // Discord's validation applies: required options after optional ones are refused.
    const bad: RESTPostAPIChatInputApplicationCommandsJSONBody = { ...ASK, options: [PAPER, QUESTION] };
    await expect(client.application?.commands.set([bad], guildOf(emu).id)).rejects.toMatchObject({ code: 50035 });
  });

  it('delivers a slash command with options; an ephemeral reply is recorded with flag 64', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    const seen: { question: string | null; private: boolean | null; canManage: boolean | undefined }[] = [];
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({
        question: interaction.options.getString('question'),
        private: interaction.options.getBoolean('private'),
        canManage: interaction.memberPermissions?.has('ManageGuild'),
      });
      await interaction.reply({ content: 'Here is what the shelf says', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    });
    const ask = await emu.interact({ type: 'command', name: 'ask', options: { question: 'what is attention?', private: true } });
    const result = await ask.response();
    expect(seen).toEqual([{ question: 'what is attention?', private: true, canManage: false }]);
    expect(result).toMatchObject({ kind: 'message', callbackType: 4, ephemeral: true });
    const callback = ask.events[0];
    expect(callback?.kind).toBe('interaction.callback');
    if (callback?.kind !== 'interaction.callback') return;
    expect(callback.data).toMatchObject({ content: 'Here is what the shelf says', flags: 64, allowed_mentions: { parse: [] } });
    expect(callback.message?.flags).toBe(64);
  });

  it('records deferReply then editReply with an embed, and a followUp', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply({ embeds: [{ title: 'Attention Is All You Need', description: 'quoted passage [1]' }] });
      await interaction.followUp({ content: 'one more thing', flags: MessageFlags.Ephemeral });
    });
    const ask = await emu.interact({ type: 'command', name: 'ask', options: { question: 'transformers?' } });
    const result = await ask.response();
    if (result.kind !== 'message') throw new Error(`unexpected ${result.kind}`);
    expect(result.callbackType).toBe(5);
    expect(result.message.embeds[0]).toMatchObject({ title: 'Attention Is All You Need', description: 'quoted passage [1]' });
    expect(result.message.flags ?? 0).toBe(0); // loading flag cleared, not ephemeral
    await ask.waitFor((a) => a.kind === 'interaction.followup');
    expect(ask.events.map((a: InteractionActivity) => a.kind)).toEqual([
      'interaction.callback',
      'interaction.edit',
      'interaction.followup',
    ]);
    expect(ask.followUps().map((m) => [m.content, m.flags])).toEqual([['one more thing', 64]]);
  });

  it('answers autocomplete with the focused option and records the choices', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    on(async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      await interaction.respond([{ name: `Papers matching ${focused.value}`, value: `${focused.name}:${focused.value}` }]);
    });
    const auto = await emu.interact({ type: 'autocomplete', name: 'ask', options: { question: 'x', paper: 'atten' }, focused: 'paper' });
    expect(await auto.response()).toEqual({ kind: 'autocomplete', choices: [{ name: 'Papers matching atten', value: 'paper:atten' }] });
  });

  it("updates the button's message with update()", { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    on(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'paper card',
          components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'similar:arxiv:1706.03762', label: 'Similar papers' }] }],
        });
      } else if (interaction.isButton()) {
        expect(interaction.customId).toBe('similar:arxiv:1706.03762');
        await interaction.update({ content: 'similar papers: ...', components: [] });
      }
    });
    const card = await emu.interact({ type: 'command', name: 'ask', options: { question: 'card' } });
    const cardResult = await card.response();
    if (cardResult.kind !== 'message') throw new Error('expected a message');
    const click = await emu.interact({ type: 'button', customId: 'similar:arxiv:1706.03762' });
    const result = await click.response();
    expect(result).toMatchObject({
      kind: 'message',
      callbackType: 7,
      message: { id: cardResult.message.id, content: 'similar papers: ...', components: [] },
    });
    expect(emu.message(cardResult.message.id)?.content).toBe('similar papers: ...');
  });

  it('returns the interaction callback response for withResponse: true', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    const contents: (string | undefined)[] = [];
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'with response', withResponse: true });
      contents.push(response.resource?.message?.content);
      expect(response.interaction.id).toBe(interaction.id);
    });
    const ask = await emu.interact({ type: 'command', name: 'ask', options: { question: 'q' } });
    await ask.response();
    await vi.waitUntil(() => contents.length === 1, { timeout: 5000 });
    expect(contents).toEqual(['with response']);
  });

  it('rejects a second callback (40060) and a late one (10062)', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup({ interactionAckTimeoutMs: 300 });
    await registerAsk(client, emu);
    const codes: unknown[] = [];
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const question = interaction.options.getString('question');
      if (question === 'late') await new Promise((r) => setTimeout(r, 500));
      const route = Routes.interactionCallback(interaction.id, interaction.token);
      const body = { type: 4, data: { content: 'hello' } };
      try {
        await client.rest.post(route, { body, auth: false });
        await client.rest.post(route, { body, auth: false });
      } catch (error) {
        codes.push(error instanceof DiscordAPIError ? error.code : error);
      }
    });
    await emu.interact({ type: 'command', name: 'ask', options: { question: 'twice' } });
    await vi.waitUntil(() => codes.length === 1, { timeout: 5000 });
    await emu.interact({ type: 'command', name: 'ask', options: { question: 'late' } });
    await vi.waitUntil(() => codes.length === 2, { timeout: 5000 });
    expect(codes).toEqual([40060, 10062]);
  });

  it('retries a callback after an injected 429 and succeeds', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    // An unexpected 429 is only reported on restDebug (rateLimited fires for pre-emptive waits).
    const debug: string[] = [];
    client.rest.on(RESTEvents.Debug, (line) => debug.push(line));
    on(async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'after the rate limit' });
    });
    emu.failNext({ method: 'POST', route: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.2 });
    const ask = await emu.interact({ type: 'command', name: 'ask', options: { question: 'q' } });
    const result = await ask.response();
    expect(result).toMatchObject({ kind: 'message', message: { content: 'after the rate limit' } });
    const hits = emu.requests.filter((r) => r.path.startsWith(`/interactions/${ask.id}/`));
    expect(hits.map((r) => [r.status, r.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(200); // Retry-After honoured
    expect(debug.some((line) => line.includes('Encountered unexpected 429 rate limit'))).toBe(true);
  });

  it('resumes after a dropped connection, replays missed dispatches, handles the next interaction', { timeout: 20_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    const questions: (string | null)[] = [];
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      questions.push(interaction.options.getString('question'));
      await interaction.reply({ content: 'ok' });
    });
    const resumed = once(client, Events.ShardResume);
    await emu.dropConnection({ code: 4000 });
    // Dispatched while the client is away: buffered and replayed on RESUME.
    const missed = await emu.interact({ type: 'command', name: 'ask', options: { question: 'while away' } });
    await resumed;
    await missed.response();
    const next = await emu.interact({ type: 'command', name: 'ask', options: { question: 'after resume' } });
    await next.response();
    expect(questions).toEqual(['while away', 'after resume']);
    const ops = emu.receivedOps();
    expect(ops.filter((op) => op === 2)).toHaveLength(1); // no second IDENTIFY
    expect(ops.filter((op) => op === 6)).toHaveLength(1); // one RESUME
    const resumedEvent = emu.events.find((e) => e.kind === 'session.resumed');
    expect(resumedEvent).toMatchObject({ kind: 'session.resumed', replayed: 1 });
    // discord.js reconnected to resume_gateway_url.
    expect(emu.events.filter((e) => e.kind === 'gateway.open').map((e) => (e.kind === 'gateway.open' ? e.url.split('?')[0] : ''))).toEqual([
      '/',
      '/resume',
    ]);
  });

  it('resumes after an abnormal close (1006)', { timeout: 20_000 }, async () => {
    const { emu, client } = await setup();
    const resumed = once(client, Events.ShardResume);
    await emu.dropConnection({ terminate: true });
    await resumed;
    expect(emu.receivedOps().filter((op) => op === 2)).toHaveLength(1);
    expect(emu.receivedOps()).toContain(6);
  });

  it('stores channel messages; a deleted channel answers 404 Unknown Channel', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    const target = channelOf(emu, 1);
    const channel = (await client.channels.fetch(target.id)) as TextChannel;
    const sent = await channel.send({ content: 'Daily digest', embeds: [{ title: 'New on the shelf' }], allowedMentions: { parse: [] } });
    expect(sent.author.id).toBe(emu.botUser.id);
    expect(emu.messages(target.id).map((m) => [m.id, m.content, m.embeds[0]?.title])).toEqual([
      [sent.id, 'Daily digest', 'New on the shelf'],
    ]);
    emu.deleteChannel(target.id);
    await expect(client.rest.post(Routes.channelMessages(target.id), { body: { content: 'again' } })).rejects.toMatchObject({
      status: 404,
      code: 10003,
    });
  });

  it('injects a 403 Missing Permissions', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    const target = channelOf(emu);
    emu.failNext({ method: 'POST', route: `/channels/${target.id}/messages`, status: 403, code: 50013 });
    await expect(client.rest.post(Routes.channelMessages(target.id), { body: { content: 'x' } })).rejects.toMatchObject({
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    await expect(client.rest.post(Routes.channelMessages(target.id), { body: { content: 'x' } })).resolves.toMatchObject({ content: 'x' });
  });

  it('rejects over-limit payloads with 400 Invalid Form Body, as Discord does', { timeout: 15_000 }, async () => {
    const { emu, client, on } = await setup();
    await registerAsk(client, emu);
    const target = channelOf(emu);
    const tooLong = client.rest.post(Routes.channelMessages(target.id), { body: { embeds: [{ description: 'x'.repeat(4097) }] } });
    await expect(tooLong).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(tooLong).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(tooLong).rejects.toThrow(/embeds\[0\]\.description\[BASE_TYPE_MAX_LENGTH\]: Must be 4096 or fewer in length/);
    await expect(client.rest.post(Routes.channelMessages(target.id), { body: { content: 'y'.repeat(2001) } })).rejects.toThrow(
      /content\[BASE_TYPE_MAX_LENGTH\]/,
    );
    await expect(client.rest.post(Routes.channelMessages(target.id), { body: { content: '' } })).rejects.toMatchObject({ code: 50006 });
    // The same limits inside an interaction response (path under data.).
    const failures: unknown[] = [];
    on(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction
          .reply({ embeds: Array.from({ length: 3 }, () => ({ description: 'z'.repeat(2500) })) })
          .catch((e: unknown) => failures.push(e));
      } else if (interaction.isAutocomplete()) {
        const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
        await interaction.respond(choices).catch((e: unknown) => failures.push(e));
      }
    });
    await emu.interact({ type: 'command', name: 'ask', options: { question: 'big' } });
    await vi.waitUntil(() => failures.length === 1, { timeout: 5000 });
    await emu.interact({ type: 'autocomplete', name: 'ask', options: { question: 'x', paper: '' }, focused: 'paper' });
    await vi.waitUntil(() => failures.length === 2, { timeout: 5000 });
    expect(String(failures[0])).toMatch(/data\.embeds\[MAX_EMBED_SIZE_EXCEEDED\]/);
    expect(String(failures[1])).toMatch(/data\.choices\[BASE_TYPE_MAX_LENGTH\]: Must be 25 or fewer/);
    expect(emu.events.filter((e) => e.kind === 'interaction.callback')).toHaveLength(0);
  });

  it('resolves subcommands and channel options from seeded commands', { timeout: 15_000 }, async () => {
    const { emu, on } = await setup();
    const guild = guildOf(emu);
    emu.setCommands(
      [
        {
          name: 'digest',
          description: 'Daily digests',
          options: [
            {
              type: ApplicationCommandOptionType.Subcommand,
              name: 'subscribe',
              description: 'Subscribe a channel',
              options: [
                { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where', required: true },
                { type: ApplicationCommandOptionType.String, name: 'time', description: 'HH:MM', required: true },
              ],
            },
          ],
        },
      ],
      guild.id,
    );
    const seen: string[] = [];
    on(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const channel = interaction.options.getChannel('channel', true);
      seen.push(`${interaction.options.getSubcommand()} ${channel.name ?? ''} ${interaction.options.getString('time', true)}`);
      await interaction.reply({ content: 'subscribed', flags: MessageFlags.Ephemeral });
    });
    const digests = channelOf(emu, 1);
    const handle = await emu.interact({
      type: 'command',
      name: 'digest',
      subcommand: 'subscribe',
      options: { channel: digests.id, time: '08:00' },
    });
    await handle.response();
    expect(seen).toEqual(['subscribe digests 08:00']);
    // Mistakes in a test are caught before anything is sent.
    await expect(emu.interact({ type: 'command', name: 'digest', subcommand: 'subscribe', options: { time: '08:00' } })).rejects.toThrow(
      /requires option "channel"/,
    );
  });

  it('accepts file uploads (multipart payload_json) and serves GET /applications/@me', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    const channel = (await client.channels.fetch(channelOf(emu).id)) as TextChannel;
    const sent = await channel.send({ content: 'index report', files: [{ attachment: Buffer.from('hello'), name: 'report.txt' }] });
    expect(sent.attachments.first()?.name).toBe('report.txt');
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers (expect.any, ...) as any
    expect(emu.requests.at(-1)?.files).toEqual([{ field: 'files[0]', name: 'report.txt', size: 5, contentType: expect.any(String) }]);
    const app = await client.application?.fetch();
    expect(app?.id).toBe(emu.applicationId);
  });

  it('answers heartbeats; an unresumable INVALID_SESSION leads to a fresh IDENTIFY', { timeout: 20_000 }, async () => {
    const { emu, client } = await setup({ heartbeatIntervalMs: 200 });
    await emu.waitFor((e) => e.kind === 'gateway.send' && e.op === 11);
    expect(emu.receivedOps()).toContain(1);
    // Wait on the client side: destroying a discord.js client mid-IDENTIFY makes it reconnect.
    const shardReady = once(client, Events.ShardReady);
    emu.invalidateSession(false);
    // discord.js waits out its 5 s identify throttle before identifying again.
    await shardReady;
    expect(emu.receivedOps().filter((op) => op === 2)).toHaveLength(2);
    expect(emu.events.filter((e) => e.kind === 'session.ready')).toHaveLength(2);
    expect(client.guilds.cache.has(guildOf(emu).id)).toBe(true);
  });

  it('enforces field, embed-count, button and custom_id limits', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    const route = Routes.channelMessages(channelOf(emu).id);
    const post = (body: Record<string, unknown>) => client.rest.post(route, { body });
    const row = (...components: Record<string, unknown>[]) => ({ type: 1, components });
    await expect(post({ embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] })).rejects.toThrow(
      /embeds\[0\]\.fields\[BASE_TYPE_MAX_LENGTH\]: Must be 25 or fewer/,
    );
    await expect(post({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] })).rejects.toThrow(
      /embeds\[0\]\.fields\[0\]\.value\[BASE_TYPE_MAX_LENGTH\]: Must be 1024/,
    );
    await expect(post({ embeds: [{ title: 't'.repeat(257) }] })).rejects.toThrow(/embeds\[0\]\.title\[BASE_TYPE_MAX_LENGTH\]: Must be 256/);
    await expect(post({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) })).rejects.toThrow(
      /embeds\[BASE_TYPE_MAX_LENGTH\]: Must be 10 or fewer/,
    );
    await expect(post({ components: [row({ type: 2, style: 1, custom_id: 'a', label: 'l'.repeat(81) })] })).rejects.toThrow(
      /components\[0\]\.components\[0\]\.label\[BASE_TYPE_MAX_LENGTH\]: Must be 80/,
    );
    await expect(post({ components: [row({ type: 2, style: 1, custom_id: 'c'.repeat(101), label: 'ok' })] })).rejects.toThrow(
      /custom_id\[BASE_TYPE_MAX_LENGTH\]: Must be 100/,
    );
    await expect(
      post({
        components: [row({ type: 2, style: 1, custom_id: 'same', label: 'a' }, { type: 2, style: 1, custom_id: 'same', label: 'b' })],
      }),
    ).rejects.toThrow(/COMPONENT_CUSTOM_ID_DUPLICATED/);
    await expect(
      post({ content: 'fine', components: [row({ type: 2, style: 5, url: 'https://arxiv.org/abs/1706.03762', label: 'Paper' })] }),
    ).resolves.toMatchObject({ content: 'fine' });
  });

  it('records unknown routes as 404 code 0', { timeout: 15_000 }, async () => {
    const { emu, client } = await setup();
    await expect(client.rest.get('/guilds/1/emojis/2')).rejects.toMatchObject({ status: 404, code: 0 });
    expect(emu.requests.at(-1)).toMatchObject({ path: '/guilds/1/emojis/2', unknownRoute: true, status: 404 });
  });
});

describe('gateway protocol details', () => {
  it('speaks zlib-stream when asked (discord.js does with zlib-sync installed)', { timeout: 15_000 }, async () => {
    emu = await startDiscordEmulator();
    const ws = new WebSocket(`${emu.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = zlib.createInflate();
    const frames: { op: number; t: string | null }[] = [];
    let buffered = Buffer.alloc(0);
    inflate.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
    });
    ws.on('message', (data: Buffer) => {
      inflate.write(data);
      inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const text = buffered.toString('utf8');
        buffered = Buffer.alloc(0);
        const frame: unknown = JSON.parse(text);
        if (typeof frame === 'object' && frame !== null && 'op' in frame && typeof frame.op === 'number') {
          frames.push({ op: frame.op, t: 't' in frame && typeof frame.t === 'string' ? frame.t : null });
          if (frame.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: emu?.token, intents: 1, properties: {} } }));
        }
      });
    });
    await emu.waitForReady();
    await vi.waitUntil(() => frames.length === 3, { timeout: 5000 });
    expect(frames).toEqual([
      { op: 10, t: null },
      { op: 0, t: 'READY' },
      { op: 0, t: 'GUILD_CREATE' },
    ]);
    ws.close();
  });

  it('closes with 4004 on a bad token at IDENTIFY', { timeout: 15_000 }, async () => {
    emu = await startDiscordEmulator();
    const ws = new WebSocket(`${emu.gatewayUrl}?v=10&encoding=json`);
    ws.on('message', () => ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } })));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
  });
});
