/**
 * Daily digests end to end: the real bot process against the loopback Discord. The bot's digest
 * clock runs at real speed but starts 15 s before a whole minute (TEST_CLOCK_OFFSET_MS), and a
 * refused post is retried after 300 ms and 600 ms (TEST_DIGEST_RETRY_MS) instead of 10 s and 30 s:
 * the subscriptions are made for that minute, so the slot is a few seconds away, not up to 80.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIEmbed, APIMessage } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator/emulator.js';
import { DEFAULT_MEMBER_PERMISSIONS, PERMISSION } from '../../scripts/support/discord-emulator/state.js';
import { startBotProcess, type BotProcess } from '../../scripts/support/bot-process.js';
import { fixtureEmbedder, tempShelf } from '../support/shelf-fixture.js';
import { buildIndex } from '../../src/index/build.js';

const EPHEMERAL = 64;
const MINUTE = 60_000;
const MANAGER = { permissions: (DEFAULT_MEMBER_PERMISSIONS | PERMISSION.ManageGuild).toString() };
const TOPICS = 'catastrophic forgetting in continual learning';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** An offset that puts the bot's clock 15 s before a whole minute now; fixed for the file, so restarts agree. */
const CLOCK_OFFSET_MS = (() => {
  const real = Date.now();
  return Math.ceil((real + 15_000) / MINUTE) * MINUTE - 15_000 - real;
})();
const botNow = () => Date.now() + CLOCK_OFFSET_MS;
const BOT_ENV = { TEST_CLOCK_OFFSET_MS: String(CLOCK_OFFSET_MS), TEST_DIGEST_RETRY_MS: '300,600' };
const fieldNames = (embeds: readonly APIEmbed[] | undefined) => (embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => f.name));
const fields = (embeds: readonly APIEmbed[] | undefined) =>
  (embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => ({ name: f.name, value: f.value })));

describe('daily digests, end to end', () => {
  let emu: DiscordEmulator;
  let bot: BotProcess;
  let dir: string;
  let guildId: string;
  let digestsId: string;
  let doomedId: string;
  /** The slot both subscriptions share: the next whole minute with room to set up first. */
  let slot: number;
  let previewed: APIMessage;

  beforeAll(async () => {
    dir = await tempShelf();
    emu = await startDiscordEmulator({
      heartbeatIntervalMs: 1000,
      guilds: [{ name: 'papershelf test', channels: [{ name: 'general' }, { name: 'digests' }, { name: 'doomed' }] }],
    });
    bot = await startBotProcess(emu, dir, BOT_ENV);
    const guild = emu.guilds[0]!;
    guildId = guild.id;
    digestsId = guild.channels.find((c) => c.name === 'digests')!.id;
    doomedId = guild.channels.find((c) => c.name === 'doomed')!.id;
  }, 120_000);

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const digest = async (subcommand: string, options: Record<string, string> = {}, member: { permissions: string } = MANAGER) => {
    const result = await (await emu.interact({ type: 'command', name: 'digest', subcommand, options, member })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    return result;
  };

  it('registers /digest for Manage Server only, and refuses a member without it', async () => {
    const command = emu.commands(guildId).find((c) => c.name === 'digest')!;
    expect(command.default_member_permissions).toBe(PERMISSION.ManageGuild.toString());
    expect((command.options ?? []).map((o) => o.name)).toEqual(['subscribe', 'unsubscribe', 'list', 'preview']);
    // Server admins can open the command to anyone in Discord's settings: the bot checks again.
    const refused = await digest('subscribe', { channel: digestsId }, { permissions: DEFAULT_MEMBER_PERMISSIONS.toString() });
    expect(refused.ephemeral).toBe(true);
    expect(refused.message.content).toMatch(/Manage Server/);
    expect((await digest('list')).message.content).toMatch(/No daily digests in this server yet/);
  });

  it('rejects a time or zone that does not exist, clearly', async () => {
    const time = await digest('subscribe', { channel: digestsId, time: '25:00' });
    expect(time.ephemeral).toBe(true);
    expect(time.message.content).toMatch(/^25:00 is not a time of day/);
    const zone = await digest('subscribe', { channel: digestsId, timezone: 'Mars/Olympus' });
    expect(zone.message.content).toMatch(/^Mars\/Olympus is not a time zone; try /);
    const choices = await (
      await emu.interact({
        type: 'autocomplete',
        name: 'digest',
        subcommand: 'subscribe',
        focused: 'timezone',
        options: { timezone: 'paris' },
        member: MANAGER,
      })
    ).response();
    if (choices.kind !== 'autocomplete') throw new Error('expected choices');
    expect(choices.choices.map((c) => c.value)).toContain('Europe/Paris');
  });

  it('refuses a channel the bot cannot post in', async () => {
    const guild = emu.guilds[0]!;
    const closed = emu.addChannel(guildId, {
      name: 'closed',
      permissionOverwrites: [{ id: guild.botRoleId, type: 0, allow: '0', deny: PERMISSION.SendMessages.toString() }],
    });
    await emu.waitFor((e) => e.kind === 'gateway.send' && e.t === 'CHANNEL_CREATE');
    const result = await digest('subscribe', { channel: closed });
    expect(result.message.content).toMatch(/cannot post in <#\d+>: I am missing Send Messages/);
  });

  it('subscribes, answering with the next post time; subscribing again updates it', async () => {
    // The next whole minute on the bot's clock with 3 s to set up: normally the one it started 20 s before.
    slot = Math.ceil((botNow() + 3_000) / MINUTE) * MINUTE;
    // First at a time half a day away, so nothing can be due before the update below.
    const first = await digest('subscribe', { channel: digestsId, time: hhmm(slot + 12 * 60 * MINUTE), timezone: 'Europe/Paris' });
    expect(first.message.content).toMatch(/^Subscribed <#\d+>: a digest every day at \*\*\d\d:\d\d\*\* \(Europe\/Paris\)/);
    const updated = await digest('subscribe', { channel: digestsId, time: hhmm(slot), timezone: 'UTC', topics: TOPICS });
    expect(updated.ephemeral).toBe(true);
    expect(updated.message.content).toContain(`Updated <#${digestsId}>: a digest every day at **${hhmm(slot)}** (UTC)`);
    expect(updated.message.content).toContain(`Next post: <t:${slot / 1000}:F>`);
    // A second subscription at the same slot, in a channel about to disappear.
    expect((await digest('subscribe', { channel: doomedId, time: hhmm(slot) })).message.content).toMatch(/^Subscribed/);
    emu.deleteChannel(doomedId);
  });

  it('/digest list and /digest preview show what is coming', async () => {
    const list = await digest('list');
    const values = (list.message.embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => f.value)).join('\n');
    expect(values).toContain(`<#${digestsId}> · topics: ${TOPICS}`);
    expect(values).toContain(`**Next:** <t:${slot / 1000}:F>`);
    const preview = await digest('preview', { channel: digestsId });
    expect(preview.ephemeral).toBe(true);
    expect((preview.message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(preview.message.content).toContain(`due <t:${slot / 1000}:F>`);
    previewed = preview.message;
  });

  it('posts the digest at its slot: the new papers ranked by the topics, as previewed', async () => {
    const event = await emu.waitFor((e) => e.kind === 'message.create' && e.channelId === digestsId, slot - botNow() + 30_000);
    if (event.kind !== 'message.create') throw new Error('unreachable');
    expect(botNow()).toBeGreaterThanOrEqual(slot);
    const posted = event.message;
    expect(posted.embeds[0]!.title).toBe('New on the shelf');
    // First digest: everything on the shelf is new (indexed at start); only papers on the topics, best first.
    const names = fieldNames(posted.embeds);
    expect(names[0]).toMatch(/^1\. Challenging Common Assumptions about Catastrophic Forgetting/);
    expect(names[1]).toMatch(/^2\. Continual Learning with Foundation Models/);
    expect(names.join('\n')).not.toMatch(/DeepPCR|Sourdough|Attend and Rectify/);
    // Each entry: authors, year, link, and the key sentence quoted.
    expect(posted.embeds[0]!.fields![0]!.value).toMatch(/^.+, 2022 · \[link\]\(https:\/\/arxiv\.org\/abs\/2207\.04543\)\n> “.+”$/s);
    expect(fields(posted.embeds)).toEqual(fields(previewed.embeds));
    const request = emu.requests.find((r) => r.method === 'POST' && r.path === `/channels/${digestsId}/messages`)!;
    expect((request.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  }, 120_000); // waits for the slot: seconds away, or ~60 s if set-up took longer than the clock's 15 s head start

  it('a deleted channel is retried, then paused after 3 failures; /digest list says why', async () => {
    await bot.waitForLine(/digest paused/, slot - botNow() + 30_000);
    const list = await digest('list');
    const doomed = (list.message.embeds ?? []).flatMap((e) => e.fields ?? []).find((f) => f.value.includes(`<#${doomedId}>`))!;
    // Markdown-escaped: "\(" renders as "(".
    expect(doomed.value).toMatch(
      /\*\*Paused:\*\* paused after 3 failed digests in a row: the channel no longer exists \\\(Discord 10003 Unknown Channel\\\)/,
    );
    const attempts = emu.requests.filter((r) => r.path.startsWith(`/channels/${doomedId}`));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    // The other subscription was unaffected: still exactly one post.
    expect(emu.messages(digestsId)).toHaveLength(1);
  }, 90_000);

  it('after a restart nothing is posted again that day', async () => {
    await bot.stop('SIGTERM');
    bot = await startBotProcess(emu, dir, BOT_ENV);
    await bot.waitForLine(/digest scheduler running/);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(emu.messages(digestsId)).toHaveLength(1);
    const list = await digest('list');
    const values = (list.message.embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => f.value)).join('\n');
    expect(values).toContain(`**Next:** <t:${(slot + 24 * 60 * MINUTE) / 1000}:F>`);
    expect(values).toMatch(/\*\*Last:\*\* sent on \d{4}-\d\d-\d\d/);
  });

  it("a paper added to the shelf and indexed is the next digest's news", async () => {
    await appendFile(
      join(dir, 'papers.jsonl'),
      `${JSON.stringify({
        id: 'test:replay',
        title: 'Replay against catastrophic forgetting in continual learning',
        authors: ['R. Player'],
        year: 2026,
        venue: null,
        url: 'https://example.org/replay',
        code: null,
        abstract:
          'Continual learning suffers from catastrophic forgetting when tasks arrive in sequence. We study replay buffers that store a few examples per task. Replay reduces forgetting in continual learning at a small memory cost.',
      })}\n`,
    );
    // Indexed on the bot's clock (shifted ahead of the real one), as on a host where both share one clock.
    await buildIndex({
      corpusPath: join(dir, 'papers.jsonl'),
      indexDir: join(dir, 'index'),
      embedder: await fixtureEmbedder(),
      now: () => new Date(botNow()),
    });
    await bot.waitForLine(/loaded new index: 11 papers/, 20_000);
    const preview = await digest('preview', { channel: digestsId });
    expect(preview.message.embeds[0]!.title).toBe('New on the shelf');
    expect(fieldNames(preview.message.embeds)).toEqual(['1. Replay against catastrophic forgetting in continual learning']);
    expect(emu.messages(digestsId)).toHaveLength(1);
  });

  it("unsubscribe stops a channel's digest", async () => {
    expect((await digest('unsubscribe', { channel: digestsId })).message.content).toMatch(/^Unsubscribed <#\d+>/);
    expect((await digest('unsubscribe', { channel: digestsId })).message.content).toMatch(/has no daily digest/);
  });
});
