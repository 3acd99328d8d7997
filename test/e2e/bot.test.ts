import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIMessage, APIEmbed } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../../scripts/support/discord-emulator/emulator.js';
import { startBotProcess, type BotProcess } from '../../scripts/support/bot-process.js';
import { fixtureEmbedder, tempShelf } from '../support/shelf-fixture.js';
import { buildIndex } from '../../src/index/build.js';

const EPHEMERAL = 64;
const description = (m: APIMessage): string =>
  (m.embeds ?? [])
    .map((e: APIEmbed) => `${e.title ?? ''}\n${e.description ?? ''}\n${(e.fields ?? []).map((f) => `${f.name}\n${f.value}`).join('\n')}`)
    .join('\n');
const customIds = (m: APIMessage): string[] =>
  (m.components ?? []).flatMap((row) =>
    ('components' in row ? row.components : []).flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])),
  );

describe('the bot, end to end against a loopback Discord', () => {
  let emu: DiscordEmulator;
  let bot: BotProcess;
  let dir: string;

  beforeAll(async () => {
    dir = await tempShelf();
    emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
    // No index yet: the bot builds it at start.
    bot = await startBotProcess(emu, dir);
  }, 120_000);

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // A fresh user per question unless a test says otherwise, so the per-user rate limit stays out of the way.
  let users = 0;
  const freshUser = () => ({ id: `72000000000000${String(++users).padStart(4, '0')}`, username: `reader${users}` });
  const ask = (options: Record<string, string | boolean>, user = freshUser()) =>
    emu.interact({ type: 'command', name: 'ask', options, user });
  const click = (customId: string, message: APIMessage, user = freshUser()) => emu.interact({ type: 'button', customId, message, user });

  it('registers its commands with their options, and logs what it loaded', async () => {
    const commands = emu.commands(emu.guilds[0]!.id);
    expect(commands.map((c) => c.name).sort()).toEqual(['ask', 'digest', 'help', 'paper', 'shelf', 'similar']);
    const askCmd = commands.find((c) => c.name === 'ask')!;
    const opts = Object.fromEntries((askCmd.options ?? []).map((o) => [o.name, o]));
    expect(opts.question).toMatchObject({ required: true, min_length: 3, max_length: 300 });
    expect(opts.paper).toMatchObject({ autocomplete: true });
    expect(opts.private?.type).toBe(5);
    expect(await bot.waitForLine(/papershelf ready/)).toMatch(/10 papers, \d+ passages, model .*hashed-ngrams, hybrid search, 1 guilds/);
  });

  it('/ask cites the paper a question is about first, quoting its abstract', async () => {
    const handle = await ask({ question: 'Which paper parallelizes the backward pass with cyclic reduction?' });
    const result = await handle.response();
    expect(result.kind).toBe('message');
    if (result.kind !== 'message') return;
    expect(result.ephemeral).toBe(false);
    const text = description(result.message);
    expect(text).toMatch(/\[1\][^\n]*\n\[1\] DeepPCR: Parallelizing Sequential Operations/);
    expect(text).toContain('**To verify the theoretical lower complexity');
    expect(result.message.embeds[0]!.footer?.text).toMatch(/\d+ ms/);
    // A quick answer is one callback (type 4), not a deferral and an edit.
    expect(handle.events.map((e) => e.kind)).toEqual(['interaction.callback']);
    expect(result.callbackType).toBe(4);
  });

  it('/ask abstains on an off-topic question and suggests /paper', async () => {
    const result = await (await ask({ question: 'What is a good sourdough recipe?' })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(description(result.message)).toMatch(/Nothing on the shelf answers that[\s\S]*\/paper/);
    expect(customIds(result.message)).toEqual([]);
  });

  it('/ask private:true is ephemeral', async () => {
    const result = await (await ask({ question: 'embedding propagation for few-shot classification', private: true })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(result.ephemeral).toBe(true);
    expect((result.message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('escapes the question it echoes so it cannot ping or break markdown', async () => {
    const result = await (await ask({ question: '@everyone **few-shot** classification <@123456789012345678>' })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    const title = result.message.embeds[0]!.title!;
    expect(title).not.toContain('@everyone');
    expect(title).toContain('\\*\\*few-shot\\*\\*');
    const callback = emu.requests.filter((r) => r.path.endsWith('/callback')).at(-1)!;
    expect((callback.body as { data?: { allowed_mentions?: unknown } }).data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('autocomplete matches titles, words inside titles and authors', async () => {
    const byWord = await (
      await emu.interact({ type: 'autocomplete', name: 'paper', focused: 'query', options: { query: 'manifold' } })
    ).response();
    if (byWord.kind !== 'autocomplete') throw new Error('expected choices');
    expect(byWord.choices.map((c) => c.value)).toEqual(['arxiv:2003.04151']);
    const byAuthor = await (
      await emu.interact({ type: 'autocomplete', name: 'ask', focused: 'paper', options: { question: 'abc', paper: 'zappella' } })
    ).response();
    if (byAuthor.kind !== 'autocomplete') throw new Error('expected choices');
    expect(byAuthor.choices.length).toBeGreaterThanOrEqual(2);
    expect(byAuthor.choices.every((c) => c.name.length <= 100)).toBe(true);
  });

  it('/paper shows the card with the full abstract and a Similar papers button that works', async () => {
    const result = await (await emu.interact({ type: 'command', name: 'paper', options: { query: 'arxiv:2009.06415' } })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    const text = description(result.message);
    expect(text).toContain('Synbols');
    expect(text).toContain('Unicode standard');
    const similarId = customIds(result.message).find((id) => id.startsWith('paper:similar:'))!;
    expect(similarId).toBe('paper:similar:arxiv:2009.06415');
    const similar = await (await emu.interact({ type: 'button', customId: similarId, message: result.message })).response();
    if (similar.kind !== 'message') throw new Error('expected a message');
    expect(description(similar.message)).toMatch(/Similar to: Synbols/);
  });

  it('/similar lists neighbours with a key sentence each', async () => {
    const result = await (await emu.interact({ type: 'command', name: 'similar', options: { paper: 'arxiv:2207.04543' } })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(description(result.message)).not.toMatch(/No other paper/);
  });

  it('/similar and the Similar papers button share the rate limit of /ask', async () => {
    const user = { id: '700000000000000002', username: 'browser' };
    const similar = async () =>
      (await emu.interact({ type: 'command', name: 'similar', options: { paper: 'arxiv:2207.04543' }, user })).response();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await similar());
    expect(results.every((r) => r.kind === 'message' && !r.ephemeral && /Similar to/.test(description(r.message)))).toBe(true);
    const sixth = await similar();
    if (sixth.kind !== 'message') throw new Error('expected a message');
    expect(sixth.ephemeral).toBe(true);
    expect(sixth.message.content).toMatch(/Slow down.*try again in \d+ s/);

    // The button counts against the same budget: a user who asked five questions is slowed down on it.
    const asker = { id: '700000000000000003', username: 'asker' };
    for (let i = 0; i < 5; i++) await (await ask({ question: `continual learning ${i}` }, asker)).response();
    const card = await (
      await emu.interact({ type: 'command', name: 'paper', options: { query: 'arxiv:2009.06415' }, user: asker })
    ).response();
    if (card.kind !== 'message') throw new Error('expected a message');
    const button = await (
      await emu.interact({ type: 'button', customId: 'paper:similar:arxiv:2009.06415', message: card.message, user: asker })
    ).response();
    if (button.kind !== 'message') throw new Error('expected a message');
    expect(button.ephemeral).toBe(true);
    expect(button.message.content).toMatch(/Slow down/);
  });

  it('/help says what is on the shelf', async () => {
    const result = await (await emu.interact({ type: 'command', name: 'help' })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    const text = description(result.message);
    expect(text).toContain('10 papers');
    expect(text).toMatch(/\/ask/);
  });

  it('"More results" turns the page and "Full abstract" shows the card privately', async () => {
    const first = await (await ask({ question: 'learning models trained on data' })).response();
    if (first.kind !== 'message') throw new Error('expected a message');
    const ids = customIds(first.message);
    const more = ids.find((id) => id.startsWith('ask:more:'))!;
    expect(more).toBeDefined();
    const abstractId = ids.find((id) => id.startsWith('ask:abstract:'))!;
    const card = await (await click(abstractId, first.message)).response();
    if (card.kind !== 'message') throw new Error('expected a message');
    expect(card.ephemeral).toBe(true);
    expect(description(card.message).length).toBeGreaterThan(500);
    const asker = first.message.interaction_metadata?.user.id;
    expect(asker).toBeDefined();
    const page2 = await (
      await emu.interact({ type: 'button', customId: more, message: first.message, user: { id: asker!, username: 'asker' } })
    ).response();
    if (page2.kind !== 'message') throw new Error('expected a message');
    expect(description(page2.message)).toMatch(/\*\*\[6\]\*\*/);
    expect(page2.message.embeds[0]!.footer?.text).toMatch(/Page 2 of 2/);
  });

  it('a 429 on the callback route is retried', async () => {
    const before = emu.requests.filter((r) => r.path.endsWith('/callback')).length;
    emu.failNext({ method: 'POST', route: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.3 });
    const result = await (await emu.interact({ type: 'command', name: 'help' })).response();
    expect(result.kind).toBe('message');
    expect(emu.requests.filter((r) => r.path.endsWith('/callback')).length - before).toBe(2);
  });

  it('a handler error answers "Something went wrong (ref …)" privately and logs the ref', async () => {
    emu.failNext({ method: 'POST', route: '/interactions/:id/:token/callback', status: 400, code: 50035, message: 'Invalid Form Body' });
    const handle = await ask({ question: 'few-shot classification with embedding propagation' });
    const result = await handle.response();
    if (result.kind !== 'message') throw new Error('expected a message');
    const message = result.message;
    const ref = /ref ([0-9a-f]{6})/.exec(message.content)?.[1];
    expect(ref).toBeDefined();
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    await bot.waitForLine(new RegExp(`"ref":"${ref}"`));
  });

  it('the sixth question in 30 s from one user is told to slow down', async () => {
    const user = { id: '700000000000000001', username: 'eager' };
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await (await ask({ question: `few-shot classification ${i}` }, user)).response());
    const last = results[5]!;
    if (last.kind !== 'message') throw new Error('expected a message');
    expect(last.ephemeral).toBe(true);
    expect(last.message.content).toMatch(/Slow down.*try again in \d+ s/);
    expect(results.slice(0, 5).every((r) => r.kind === 'message' && !r.ephemeral)).toBe(true);
  });

  it('30 concurrent questions from 30 users are all answered', async () => {
    const handles = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ask(
          { question: 'Can active learning make models fairer?' },
          { id: `7100000000000000${String(i).padStart(2, '0')}`, username: `u${i}` },
        ),
      ),
    );
    const results = await Promise.all(handles.map((h) => h.response(20_000)));
    for (const r of results) {
      if (r.kind !== 'message') throw new Error('expected a message');
      expect(description(r.message)).toContain('Can Active Learning Preemptively Mitigate Fairness Issues?');
    }
  });

  it('a dropped gateway connection is resumed and the next command answered', async () => {
    const identifiesBefore = emu.receivedOps().filter((op) => op === 2).length;
    await emu.dropConnection();
    await emu.waitFor((e) => e.kind === 'session.resumed', 20_000);
    expect(emu.receivedOps()).toContain(6);
    expect(emu.receivedOps().filter((op) => op === 2).length).toBe(identifiesBefore);
    const result = await (await emu.interact({ type: 'command', name: 'help' })).response();
    expect(result.kind).toBe('message');
  });

  it('picks up a rebuilt index without a restart', async () => {
    await appendFile(
      join(dir, 'papers.jsonl'),
      `${JSON.stringify({ id: 'test:sourdough', title: 'Sourdough fermentation kinetics', authors: ['A. Baker'], year: 2026, venue: null, url: null, code: null, abstract: 'We measure how wild yeast and lactic acid bacteria leaven sourdough bread. Longer sourdough fermentation gives a more sour loaf.' })}\n`,
    );
    await buildIndex({ corpusPath: join(dir, 'papers.jsonl'), indexDir: join(dir, 'index'), embedder: await fixtureEmbedder() });
    await bot.waitForLine(/loaded new index: 11 papers/, 20_000);
    const result = await (await ask({ question: 'How does sourdough fermentation work?' })).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(description(result.message)).toContain('Sourdough fermentation kinetics');
  });

  it('after a restart, an old "More results" button says the result expired, privately', async () => {
    const first = await (await ask({ question: 'learning models trained on data' })).response();
    if (first.kind !== 'message') throw new Error('expected a message');
    const more = customIds(first.message).find((id) => id.startsWith('ask:more:'))!;
    await bot.stop('SIGTERM');
    bot = await startBotProcess(emu, dir);
    const result = await (await click(more, first.message)).response();
    if (result.kind !== 'message') throw new Error('expected a message');
    expect(result.ephemeral).toBe(true);
    expect(result.message.content).toMatch(/expired; ask again/);
  });

  it('SIGTERM exits 0', async () => {
    expect(await bot.stop('SIGTERM')).toBe(0);
    expect(bot.lines.some((l) => /shutting down/.test(l))).toBe(true);
  });
});
