/**
 * The shelf follows arXiv from inside the bot, end to end: the real bot process against the
 * loopback Discord and the loopback arXiv. The bot's clock starts 40 s before a whole minute
 * (TEST_CLOCK_OFFSET_MS); FETCH_TIME is that minute, and a digest is subscribed for the minute
 * after, so the daily fetch and the digest that carries its papers are seconds away, not a day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator/emulator.js';
import { DEFAULT_MEMBER_PERMISSIONS, PERMISSION } from '../../scripts/support/discord-emulator/state.js';
import { startBotProcess, type BotProcess } from '../../scripts/support/bot-process.js';
import { tempShelf } from '../support/shelf-fixture.js';
import { NO_DOTENV, samplePapers, startArxivServer, type ArxivServer } from '../support/arxiv-server.js';
import { openDigestStore } from '../../src/digest/store.js';

const MINUTE = 60_000;
const EPHEMERAL = 64;
const MANAGER = { permissions: (DEFAULT_MEMBER_PERMISSIONS | PERMISSION.ManageGuild).toString() };
const MEMBER = { permissions: DEFAULT_MEMBER_PERMISSIONS.toString() };
const EDITOR_ROLE = 'Shelf editors';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
/** An offset that puts the bot's clock 40 s before a whole minute now: room to start before FETCH_TIME. */
const CLOCK_OFFSET_MS = (() => {
  const real = Date.now();
  return Math.ceil((real + 40_000) / MINUTE) * MINUTE - 40_000 - real;
})();
const botNow = () => Date.now() + CLOCK_OFFSET_MS;
const FETCH_SLOT = Math.ceil((botNow() + 40_000) / MINUTE) * MINUTE;
const DIGEST_SLOT = FETCH_SLOT + MINUTE;

/** The cs.LG papers of the sample: six entries, one withdrawn on arXiv. */
const FOLLOWED = ['0704.0671', '0704.0954', '0704.1020', '0704.1028', '0704.1274'];

describe('the shelf follows arXiv inside the bot', () => {
  let emu: DiscordEmulator;
  let bot: BotProcess;
  let arxiv: ArxivServer;
  let dir: string;
  let guildId: string;
  let digestsId: string;
  let editorRoleId: string;

  beforeAll(async () => {
    dir = await tempShelf();
    arxiv = await startArxivServer(samplePapers());
    emu = await startDiscordEmulator({
      heartbeatIntervalMs: 1000,
      guilds: [{ name: 'papershelf test', channels: [{ name: 'general' }, { name: 'digests' }], roles: [{ name: EDITOR_ROLE }] }],
    });
    const guild = emu.guilds[0]!;
    guildId = guild.id;
    digestsId = guild.channels.find((c) => c.name === 'digests')!.id;
    editorRoleId = guild.roles.find((r) => r.name === EDITOR_ROLE)!.id;
    bot = await startBotProcess(emu, dir, {
      ...NO_DOTENV,
      ARXIV_CATEGORIES: 'cs.LG',
      ARXIV_API_URL: arxiv.url,
      ARXIV_CONTACT: 'shelf-ops@example.org',
      ARXIV_REQUEST_INTERVAL_MS: '20',
      FETCH_TIME: hhmm(FETCH_SLOT),
      SHELF_EDITOR_ROLE: EDITOR_ROLE,
      TEST_CLOCK_OFFSET_MS: String(CLOCK_OFFSET_MS),
    });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.close();
    await arxiv?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const command = async (name: string, subcommand: string, options: Record<string, string> = {}, member = MANAGER, timeoutMs = 30_000) => {
    const result = await (await emu.interact({ type: 'command', name, subcommand, options, member })).response(timeoutMs);
    if (result.kind !== 'message') throw new Error('expected a message');
    return result;
  };
  const shelf = (subcommand: string, options: Record<string, string> = {}, member = MANAGER) =>
    command('shelf', subcommand, options, member, 60_000);
  const click = async (customId: string, message: APIMessage, member = MANAGER) => {
    const result = await (await emu.interact({ type: 'button', customId, message, member })).response(60_000);
    if (result.kind !== 'message') throw new Error('expected a message');
    return result;
  };
  /** A /shelf add that fails: the public "thinking…" is deleted and a private follow-up says why. */
  const failedAdd = async (paper: string) => {
    const handle = await emu.interact({ type: 'command', name: 'shelf', subcommand: 'add', options: { paper }, member: MANAGER });
    const followUp = await handle.waitFor((a) => a.kind === 'interaction.followup', 60_000);
    if (followUp.kind !== 'interaction.followup') throw new Error('unreachable');
    expect(handle.events.some((a) => a.kind === 'interaction.delete' && a.original)).toBe(true);
    expect((followUp.message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    return followUp.message.content;
  };
  /** A button whose handler updates its message at once, then edits it when the work is done. */
  const clickAndWait = async (customId: string, message: APIMessage) => {
    const handle = await emu.interact({ type: 'button', customId, message, member: MANAGER });
    const edit = await handle.waitFor((a) => a.kind === 'interaction.edit', 60_000);
    if (edit.kind !== 'interaction.edit') throw new Error('unreachable');
    return edit.message.content;
  };
  const shelfIds = async () =>
    (await readFile(join(dir, 'papers.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);

  it('registers /shelf add | remove | status, visible to everyone (the bot checks editors itself)', () => {
    const registered = emu.commands(guildId).find((c) => c.name === 'shelf')!;
    expect((registered.options ?? []).map((o) => o.name)).toEqual(['add', 'remove', 'status']);
    expect(registered.default_member_permissions ?? null).toBeNull();
  });

  it('/shelf status before the first fetch: what is followed and when the fetch runs', async () => {
    const status = await shelf('status', {}, MEMBER);
    expect(status.ephemeral).toBe(true);
    const text = status.message.content;
    expect(text).toContain('**Papers on the shelf:** 10');
    expect(text).toContain('**Following:** cs.LG');
    expect(text).toContain('**Last fetch:** none yet');
    expect(text).toContain(`**Next fetch:** <t:${FETCH_SLOT / 1000}:F>`);
    expect(text).toContain('**Last error:** none');
  });

  it('refuses /shelf add and remove to members without Manage Server or the editor role, before any request', async () => {
    const before = arxiv.requests.length;
    for (const [sub, options] of [
      ['add', { paper: '0704.0098' }],
      ['remove', { paper: 'arxiv:2309.16318' }],
    ] as const) {
      const refused = await shelf(sub, options, MEMBER);
      expect(refused.ephemeral).toBe(true);
      expect(refused.message.content).toBe(`Only members with **Manage Server** or the **${EDITOR_ROLE}** role can change the shelf.`);
    }
    expect(arxiv.requests.length).toBe(before);
  });

  it('subscribes a digest for the minute after the fetch', async () => {
    const subscribed = await command('digest', 'subscribe', { channel: digestsId, time: hhmm(DIGEST_SLOT) });
    expect(subscribed.message.content).toContain(`Next post: <t:${DIGEST_SLOT / 1000}:F>`);
  });

  it('fetches the followed category at FETCH_TIME in a child process, logs one line and loads the new index', async () => {
    const line = await bot.waitForLine(/daily arXiv fetch: /, FETCH_SLOT - botNow() + 60_000);
    expect(botNow()).toBeGreaterThanOrEqual(FETCH_SLOT);
    expect(line).toMatch(
      /daily arXiv fetch: added 5, updated 0, unchanged 0, skipped 1 \(0704\.1409: withdrawn on arXiv\); Indexed 15 papers/,
    );
    await bot.waitForLine(/loaded new index: 15 papers/, 20_000);
    expect(await shelfIds()).toEqual(expect.arrayContaining(FOLLOWED.map((id) => `arxiv:${id}`)));
    for (const q of arxiv.requests) expect(q.userAgent).toMatch(/papershelf.*shelf-ops@example\.org/);
    // The bot's own process did not do the work: the shelf lock named a child's pid, now released.
    await expect(readFile(join(dir, 'papers.jsonl.lock'))).rejects.toThrow(/ENOENT/);
    const status = (await shelf('status', {}, MEMBER)).message.content;
    expect(status).toContain('**Papers on the shelf:** 15');
    expect(status).toMatch(/\*\*Last fetch:\*\* <t:\d+:F>, done: added 5, updated 0, unchanged 0, skipped 1/);
    expect(status).toContain(`**Next fetch:** <t:${(FETCH_SLOT + 24 * 60 * MINUTE) / 1000}:F>`);
  }, 150_000);

  it('the next digest posts the fetched papers', async () => {
    const event = await emu.waitFor((e) => e.kind === 'message.create' && e.channelId === digestsId, DIGEST_SLOT - botNow() + 30_000);
    if (event.kind !== 'message.create') throw new Error('unreachable');
    const posted = event.message;
    expect(posted.embeds[0]!.title).toBe('New on the shelf');
    const links = JSON.stringify(posted.embeds);
    // Newest first: the five fetched papers were first seen after the ten indexed at start.
    for (const id of FOLLOWED) expect(links).toContain(`https://arxiv.org/abs/${id}`);
  }, 120_000);

  it('/shelf add of a paper already on the shelf answers with its card, without asking arXiv', async () => {
    const before = arxiv.requests.length;
    const result = await shelf('add', { paper: 'https://arxiv.org/abs/0704.1020v1' });
    expect(result.ephemeral).toBe(false);
    expect(result.message.content).toBe('Already on the shelf.');
    expect(result.message.embeds[0]!.footer!.text).toBe('arxiv:0704.1020');
    expect(arxiv.requests.length).toBe(before);
  });

  it('/shelf add by a member with the editor role fetches, indexes and shows the card; /ask answers meanwhile', async () => {
    // A slow arXiv answer: the bot must keep answering questions while the add waits on it.
    arxiv.failNext({ kind: 'delay', ms: 3_000 });
    const adding = await emu.interact({
      type: 'command',
      name: 'shelf',
      subcommand: 'add',
      options: { paper: 'arXiv:0704.0098v5' },
      member: { ...MEMBER, roles: [editorRoleId] },
    });
    const deferred = await adding.waitFor((a) => a.kind === 'interaction.callback', 3_000);
    expect(deferred.kind === 'interaction.callback' && deferred.callbackType).toBe(5); // acknowledged within Discord's 3 s
    const asked = await (
      await emu.interact({ type: 'command', name: 'ask', options: { question: 'shortest path under partial monitoring' } })
    ).response(20_000);
    if (asked.kind !== 'message') throw new Error('expected a message');
    expect(asked.message.embeds.length).toBeGreaterThan(0);
    // Answered while the add was still waiting on arXiv.
    expect(adding.events.some((a) => a.kind === 'interaction.edit' || a.kind === 'interaction.followup')).toBe(false);
    const added = await adding.response(60_000);
    if (added.kind !== 'message') throw new Error('expected a message');
    expect(added.ephemeral).toBe(false);
    expect(added.message.content).toBe('Added to the shelf.');
    expect(added.message.embeds[0]!.footer!.text).toBe('arxiv:0704.0098');
    expect(added.message.embeds[0]!.title).toMatch(/^Sparsely-spread CDMA/);
    expect(await shelfIds()).toContain('arxiv:0704.0098');
    const card = await (await emu.interact({ type: 'command', name: 'paper', options: { query: 'arxiv:0704.0098' } })).response();
    if (card.kind !== 'message') throw new Error('expected a message');
    expect(card.message.embeds[0]!.footer!.text).toBe('arxiv:0704.0098');
  }, 90_000);

  it.each([
    ['an id arXiv does not know', '2401.99999', /^Could not add 2401\.99999: not found on arXiv \\?\(check the id\\?\)\.$/],
    ['a withdrawn paper', '0704.1409', /^Could not add 0704\.1409: withdrawn on arXiv\.$/],
  ])(
    '/shelf add of %s answers privately and leaves the shelf as it was',
    async (_what, id, message) => {
      const before = await readFile(join(dir, 'papers.jsonl'), 'utf8');
      expect(await failedAdd(id)).toMatch(message);
      expect(await readFile(join(dir, 'papers.jsonl'), 'utf8')).toBe(before);
    },
    60_000,
  );

  it('/shelf add of something that is not an arXiv id says so at once', async () => {
    const before = arxiv.requests.length;
    const result = await shelf('add', { paper: 'https://example.org/paper/42' });
    expect(result.ephemeral).toBe(true);
    expect(result.message.content).toMatch(/is not an arXiv id or URL\. Try `2310\.13040`/);
    expect(arxiv.requests.length).toBe(before);
  });

  it('/shelf add while npm run fetch holds the shelf answers with the lock message and changes nothing', async () => {
    const lock = join(dir, 'papers.jsonl.lock');
    // This test process stands in for a running npm run fetch: a live pid holds the lock.
    await writeFile(lock, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
    try {
      const before = await readFile(join(dir, 'papers.jsonl'), 'utf8');
      expect(await failedAdd('0704.0213')).toMatch(/^Could not add 0704\.0213: Another fetch is updating .*papers\.jsonl \\?\(pid \d+/);
      expect(await readFile(join(dir, 'papers.jsonl'), 'utf8')).toBe(before);
      const status = (await shelf('status', {}, MEMBER)).message.content;
      expect(status).toMatch(/\*\*Last error:\*\* <t:\d+:F> \(add\): Could not add 0704\.0213: Another fetch/);
    } finally {
      await rm(lock, { force: true });
    }
  }, 60_000);

  it('/shelf remove asks first: "Keep it" keeps the paper, "Remove" takes it off and remembers it for the daily fetch', async () => {
    const ask = await shelf('remove', { paper: 'arxiv:0704.1274' });
    expect(ask.ephemeral).toBe(true);
    expect((ask.message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(ask.message.content).toMatch(
      /^Remove \*\*Parametric Learning and Monte Carlo Optimization\*\* \(`arxiv:0704\.1274`\) from the shelf\?/,
    );
    const kept = await click('shelf:keep:arxiv:0704.1274', ask.message);
    expect(kept.message.content).toBe('Kept `arxiv:0704.1274` on the shelf.');
    expect(await shelfIds()).toContain('arxiv:0704.1274');

    // The confirmation is checked again: a member who is not an editor cannot press it.
    const again = await shelf('remove', { paper: 'arxiv:0704.1274' });
    const refused = await click('shelf:remove:arxiv:0704.1274', again.message, MEMBER);
    expect(refused.message.content).toMatch(/^Only members with \*\*Manage Server\*\*/);
    expect(await shelfIds()).toContain('arxiv:0704.1274');

    const before = await shelfIds();
    expect(await clickAndWait('shelf:remove:arxiv:0704.1274', again.message)).toMatch(
      /^Removed \*\*Parametric Learning and Monte Carlo Optimization\*\* \(`arxiv:0704\.1274`\) from the shelf; the index is updated\.$/,
    );
    expect(await shelfIds()).toEqual(before.filter((id) => id !== 'arxiv:0704.1274'));
    const gone = await (await emu.interact({ type: 'command', name: 'paper', options: { query: 'arxiv:0704.1274' } })).response();
    if (gone.kind !== 'message') throw new Error('expected a message');
    expect(gone.message.embeds[0]?.footer?.text).not.toBe('arxiv:0704.1274');
    const store = openDigestStore(join(dir, 'data/papershelf.db'));
    try {
      expect(store.removedPaperIds()).toEqual(['arxiv:0704.1274']);
    } finally {
      store.close();
    }
  }, 90_000);

  it('a stop during a shelf change ends the child, tells the editor, exits 0 and leaves the shelf as it was', async () => {
    arxiv.failAlways({ kind: 'hang' }); // arXiv never answers: the add is stuck in the child
    const before = await readFile(join(dir, 'papers.jsonl'), 'utf8');
    const handle = await emu.interact({
      type: 'command',
      name: 'shelf',
      subcommand: 'add',
      options: { paper: '0704.0217' },
      member: MANAGER,
    });
    await handle.waitFor((a) => a.kind === 'interaction.callback', 3_000);
    await new Promise((r) => setTimeout(r, 1_500)); // the child is running and waiting on arXiv
    const started = Date.now();
    expect(await bot.stop('SIGTERM')).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const followUp = handle.events.find((a) => a.kind === 'interaction.followup');
    expect(followUp?.kind === 'interaction.followup' && followUp.message.content).toMatch(
      /the bot is shutting down; try again once it is back/,
    );
    expect(await readFile(join(dir, 'papers.jsonl'), 'utf8')).toBe(before);
    arxiv.failAlways(null);
  }, 60_000);
});
