import { digestPostFailure } from '../../src/discord/post-failure.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DigestPostError, DigestScheduler, type DigestSchedulerOptions, type Postable } from '../../src/digest/scheduler.js';
import { type DigestStore, openDigestStore, type SubscriptionInput } from '../../src/digest/store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 09:00 in Paris on a summer day. */
const PARIS_0900 = Date.parse('2026-06-10T07:00:00Z');

let dir: string;
let file: string;
const opened: DigestStore[] = [];
const silent = { info: () => {}, warn: () => {}, error: () => {} };

function open(): DigestStore {
  const store = openDigestStore(file);
  opened.push(store);
  return store;
}

function subscribe(store: DigestStore, overrides: Partial<SubscriptionInput> = {}) {
  return store.upsertSubscription({
    guildId: 'g1',
    channelId: 'c1',
    time: '09:00',
    tz: 'Europe/Paris',
    topics: null,
    createdBy: 'u1',
    now: PARIS_0900 - DAY,
    ...overrides,
  });
}

/** A scheduler on a fake clock, recording what it posts; `fail` makes posts to a channel throw. */
function harness(store: DigestStore, opts: Partial<DigestSchedulerOptions<Postable>> = {}) {
  const clock = { now: PARIS_0900 };
  const posts: { channelId: string; at: number }[] = [];
  const fail = new Map<string, number>(); // channel → Discord code (0: a 5xx or timeout, maybe posted)
  let ids = 0;
  const scheduler = new DigestScheduler<Postable>({
    store,
    log: silent,
    serves: () => true,
    prepare: async () => ({ paperIds: ['p1'], newCycle: false }),
    post: async (sub) => {
      const code = fail.get(sub.channelId);
      if (code !== undefined)
        throw code === 0 ? new DigestPostError('socket hang up', false) : digestPostFailure(403, code, `Discord said ${code}`);
      posts.push({ channelId: sub.channelId, at: clock.now });
      return `m${++ids}`;
    },
    now: () => clock.now,
    ...opts,
  });
  const at = async (t: number) => {
    clock.now = t;
    await scheduler.runDue();
  };
  return { scheduler, clock, posts, fail, at };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'papershelf-scheduler-'));
  file = join(dir, 'papershelf.db');
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DigestScheduler — when it posts', () => {
  it('posts once at the local slot: not before, not twice, again the next day', async () => {
    const store = open();
    subscribe(store);
    const { posts, at } = harness(store);
    await at(PARIS_0900 - MINUTE);
    expect(posts).toEqual([]);
    await at(PARIS_0900);
    await at(PARIS_0900 + MINUTE);
    await at(PARIS_0900 + 10 * HOUR);
    expect(posts.map((p) => p.at)).toEqual([PARIS_0900]);
    expect(store.history('c1')).toMatchObject([{ localDay: '2026-06-10', status: 'sent', messageId: 'm1' }]);
    await at(PARIS_0900 + DAY);
    expect(posts).toHaveLength(2);
  });

  it('after downtime posts a slot missed today once, and skips a slot from an earlier day', async () => {
    const store = open();
    subscribe(store);
    const { posts, at } = harness(store);
    // Down from before yesterday's slot until today 08:00: yesterday is not posted late.
    await at(PARIS_0900 - HOUR);
    expect(posts).toEqual([]);
    // Down again over today's slot, back at 15:00 the same local day: posted once.
    await at(PARIS_0900 + 6 * HOUR);
    await at(PARIS_0900 + 7 * HOUR);
    expect(posts.map((p) => p.at)).toEqual([PARIS_0900 + 6 * HOUR]);
  });

  it("a subscription made after today's slot starts tomorrow", async () => {
    const store = open();
    subscribe(store, { now: PARIS_0900 + HOUR });
    const { posts, at } = harness(store);
    await at(PARIS_0900 + 2 * HOUR);
    expect(posts).toEqual([]);
    await at(PARIS_0900 + DAY);
    expect(posts).toHaveLength(1);
  });

  it('follows DST (02:30 on the spring-forward day posts at 03:00) and half-hour zones', async () => {
    const store = open();
    // Paris springs forward on 2026-03-29 at 02:00 → 03:00: 02:30 does not exist, 03:00 CEST is 01:00Z.
    subscribe(store, { channelId: 'paris', time: '02:30', now: Date.parse('2026-03-28T12:00:00Z') });
    // Kolkata is UTC+05:30: 09:00 there is 03:30Z.
    subscribe(store, { channelId: 'kolkata', time: '09:00', tz: 'Asia/Kolkata', now: Date.parse('2026-03-28T12:00:00Z') });
    const { scheduler, posts, at } = harness(store);
    expect(scheduler.nextWakeAt(Date.parse('2026-03-29T00:00:00Z'))).toBe(Date.parse('2026-03-29T01:00:00Z'));
    await at(Date.parse('2026-03-29T00:59:59Z'));
    expect(posts).toEqual([]);
    await at(Date.parse('2026-03-29T01:00:00Z'));
    await at(Date.parse('2026-03-29T03:30:00Z'));
    expect(posts).toEqual([
      { channelId: 'paris', at: Date.parse('2026-03-29T01:00:00Z') },
      { channelId: 'kolkata', at: Date.parse('2026-03-29T03:30:00Z') },
    ]);
  });

  it('schedules only the guilds this process serves (shards)', async () => {
    const store = open();
    subscribe(store, { guildId: 'mine', channelId: 'c-mine' });
    subscribe(store, { guildId: 'other-shard', channelId: 'c-other' });
    const { scheduler, posts, at } = harness(store, { serves: (guildId) => guildId === 'mine' });
    await at(PARIS_0900);
    expect(posts.map((p) => p.channelId)).toEqual(['c-mine']);
    expect(store.history('c-other')).toEqual([]);
    expect(scheduler.nextWakeAt(PARIS_0900)).toBe(PARIS_0900 + DAY);
  });

  it('posts nothing and claims nothing while the shelf is empty', async () => {
    const store = open();
    subscribe(store);
    const { posts, at } = harness(store, { prepare: async () => null });
    await at(PARIS_0900);
    expect(posts).toEqual([]);
    expect(store.history('c1')).toEqual([]);
  });

  it('starts a new archive cycle before recording a digest that began one', async () => {
    const store = open();
    subscribe(store);
    store.markSent('c1', '2026-06-09', 'old', PARIS_0900 - DAY, ['p1']);
    expect(store.shownPaperIds('c1')).toEqual(new Set(['p1']));
    const { at } = harness(store, { prepare: async () => ({ paperIds: ['p1'], newCycle: true }) });
    await at(PARIS_0900);
    // p1 counts in the new cycle only: shown once, not carried over as "already shown twice".
    expect(store.shownPaperIds('c1')).toEqual(new Set(['p1']));
    expect(store.history('c1')[0]).toMatchObject({ localDay: '2026-06-10', status: 'sent' });
  });

  it('wakes itself at the next slot through its timer', async () => {
    const store = open();
    subscribe(store);
    // Fake timers: the scheduler's own setTimeout and clock, 80 ms before the slot, advanced without real waiting.
    vi.useFakeTimers({ now: PARIS_0900 - 80, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const posted: number[] = [];
      const scheduler = new DigestScheduler<Postable>({
        store,
        log: silent,
        serves: () => true,
        prepare: async () => ({ paperIds: ['p1'], newCycle: false }),
        post: async () => {
          posted.push(Date.now());
          return 'm1';
        },
        now: () => Date.now(),
      });
      expect(scheduler.nextWakeAt()).toBe(PARIS_0900);
      scheduler.start();
      await vi.advanceTimersByTimeAsync(40);
      expect(posted).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(360);
      await scheduler.stop();
      expect(posted).toHaveLength(1);
      expect(posted[0]).toBeGreaterThanOrEqual(PARIS_0900);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('DigestScheduler — never twice', () => {
  it('a crash between claim and confirm is resolved at start-up without a second post', async () => {
    const first = open();
    subscribe(first);
    // The previous process claimed today's slot, maybe posted, and died before markSent.
    expect(first.claimSlot('c1', '2026-06-10', PARIS_0900)).toBe(true);
    first.close();

    const store = open();
    expect(store.resolveUnconfirmed(PARIS_0900 + MINUTE)).toEqual([{ channelId: 'c1', localDay: '2026-06-10' }]);
    const { posts, at } = harness(store);
    await at(PARIS_0900 + 2 * MINUTE);
    expect(posts).toEqual([]);
    expect(store.history('c1')[0]).toMatchObject({ status: 'unconfirmed' });
    expect(store.getSubscription('c1')?.lastResult).toMatch(/unconfirmed/);
    // The next day is a fresh slot.
    await at(PARIS_0900 + DAY);
    expect(posts).toHaveLength(1);
  });

  it('two schedulers on one database (a restart overlapping the old process) post a slot once', async () => {
    const store = open();
    subscribe(store);
    const a = harness(store);
    const b = harness(open());
    await Promise.all([a.at(PARIS_0900), b.at(PARIS_0900)]);
    expect(a.posts.length + b.posts.length).toBe(1);
  });
});

describe('DigestScheduler — failures', () => {
  it('retries a failed post the same day, counts each failure, pauses after 3; others are unaffected', async () => {
    const store = open();
    subscribe(store, { channelId: 'gone' });
    subscribe(store, { channelId: 'fine' });
    const { scheduler, posts, fail, at } = harness(store, { retryDelaysMs: [15_000, 60_000] });
    fail.set('gone', 10003);
    await at(PARIS_0900);
    expect(posts.map((p) => p.channelId)).toEqual(['fine']);
    expect(store.getSubscription('gone')).toMatchObject({ consecutiveFailures: 1, pausedReason: null });
    expect(scheduler.nextWakeAt(PARIS_0900)).toBe(PARIS_0900 + 15_000);

    await at(PARIS_0900 + 14_000);
    expect(store.getSubscription('gone')?.consecutiveFailures).toBe(1);
    await at(PARIS_0900 + 15_000);
    expect(store.getSubscription('gone')?.consecutiveFailures).toBe(2);
    await at(PARIS_0900 + 75_000);
    const paused = store.getSubscription('gone');
    expect(paused?.consecutiveFailures).toBe(3);
    expect(paused?.pausedReason).toMatch(/paused after 3 failed digests in a row: the channel no longer exists/);
    expect(store.history('gone')).toMatchObject([{ localDay: '2026-06-10', status: 'failed' }]);

    // Paused: nothing more, not even the next day; the other channel goes on.
    await at(PARIS_0900 + DAY);
    expect(posts.map((p) => p.channelId)).toEqual(['fine', 'fine']);
    expect(store.getSubscription('gone')?.consecutiveFailures).toBe(3);
    expect(scheduler.nextWakeAt(PARIS_0900 + DAY)).toBe(PARIS_0900 + 2 * DAY);
  });

  it('a retry that succeeds is recorded as sent and clears the failure count', async () => {
    const store = open();
    subscribe(store);
    const { posts, fail, at } = harness(store, { retryDelaysMs: [15_000] });
    fail.set('c1', 50013);
    await at(PARIS_0900);
    fail.delete('c1');
    await at(PARIS_0900 + 15_000);
    expect(posts).toHaveLength(1);
    expect(store.history('c1')[0]).toMatchObject({ status: 'sent', messageId: 'm1' });
    expect(store.getSubscription('c1')).toMatchObject({ consecutiveFailures: 0, lastResult: 'sent on 2026-06-10' });
  });

  it('does not retry a failure that may have been posted (5xx, timeout): one failure for the day', async () => {
    const store = open();
    subscribe(store);
    const { scheduler, posts, fail, at } = harness(store, { retryDelaysMs: [15_000] });
    fail.set('c1', 0);
    await at(PARIS_0900);
    fail.delete('c1');
    await at(PARIS_0900 + 15_000);
    expect(posts).toEqual([]);
    expect(store.getSubscription('c1')).toMatchObject({ consecutiveFailures: 1, pausedReason: null });
    expect(scheduler.nextWakeAt(PARIS_0900 + 15_000)).toBe(PARIS_0900 + DAY);
  });

  it('does not retry into the next local day: the next day is its own slot', async () => {
    const store = open();
    // 23:59 in Paris: a retry 15 s later would land on the next local day.
    subscribe(store, { time: '23:59' });
    const { posts, fail, at } = harness(store, { retryDelaysMs: [120_000] });
    const slot = Date.parse('2026-06-10T21:59:00Z');
    fail.set('c1', 50001);
    await at(slot);
    fail.delete('c1');
    await at(slot + 120_000);
    expect(posts).toEqual([]);
    expect(store.getSubscription('c1')?.consecutiveFailures).toBe(1);
    await at(slot + DAY);
    expect(posts).toHaveLength(1);
  });
});
