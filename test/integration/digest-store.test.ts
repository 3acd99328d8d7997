import { digestPostFailure } from '../../src/discord/post-failure.js';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/digest/compose.js';
import { dueSlot } from '../../src/digest/slots.js';
import { type DigestStore, DigestStoreError, openDigestStore, SCHEMA_VERSION } from '../../src/digest/store.js';

const T0 = Date.parse('2026-06-01T07:00:00Z');

let dir: string;
let file: string;
const opened: DigestStore[] = [];

function open(path = file): DigestStore {
  const store = openDigestStore(path);
  opened.push(store);
  return store;
}

function subscribe(store: DigestStore, channelId = 'c1', overrides: Partial<Parameters<DigestStore['upsertSubscription']>[0]> = {}) {
  return store.upsertSubscription({
    guildId: 'g1',
    channelId,
    time: '09:00',
    tz: 'Europe/Paris',
    topics: 'retrieval',
    createdBy: 'u1',
    now: T0,
    ...overrides,
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'papershelf-digest-'));
  file = join(dir, 'nested', 'state', 'papershelf.db');
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openDigestStore', () => {
  it('creates the folder, uses WAL and migrates an empty database to the current schema', () => {
    const store = open();
    expect(existsSync(file)).toBe(true);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['digest_log', 'shown_papers', 'subscriptions']));
    db.close();
  });

  it('migrates a file that exists with user_version 0', () => {
    const raw = new Database(join(dir, 'zero.db'));
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    raw.close();
    const store = open(join(dir, 'zero.db'));
    expect(store.listSubscriptions()).toEqual([]);
  });

  it('reopening keeps data and does not migrate again', () => {
    subscribe(open());
    opened.pop()?.close();
    expect(open().getSubscription('c1')?.time).toBe('09:00');
  });

  it('refuses a database written by a newer papershelf, naming the file', () => {
    open().close();
    opened.pop();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => open()).toThrow(DigestStoreError);
    expect(() => open()).toThrow(
      `${file} was written by a newer papershelf (schema v99, this one knows v${SCHEMA_VERSION}); upgrade papershelf or point DATABASE_PATH at another file`,
    );
  });

  it('refuses a file that is not a database, naming it', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just some text that is long enough to have a header '.repeat(20));
    expect(() => open(junk)).toThrow(new RegExp(`${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*DATABASE_PATH`));
  });
});

describe('subscriptions', () => {
  it('upserts, lists by guild, gets and removes', () => {
    const store = open();
    const sub = subscribe(store);
    expect(sub).toMatchObject({
      guildId: 'g1',
      channelId: 'c1',
      time: '09:00',
      tz: 'Europe/Paris',
      topics: 'retrieval',
      createdBy: 'u1',
      createdAt: T0,
      updatedAt: T0,
      pausedReason: null,
      consecutiveFailures: 0,
    });
    subscribe(store, 'c2', { guildId: 'g2', topics: '  ' });
    expect(store.getSubscription('c2')?.topics).toBeNull();
    expect(store.listSubscriptions().map((s) => s.channelId)).toEqual(['c1', 'c2']);
    expect(store.listSubscriptions('g2').map((s) => s.channelId)).toEqual(['c2']);
    expect(store.removeSubscription('c1')).toBe(true);
    expect(store.removeSubscription('c1')).toBe(false);
    expect(store.getSubscription('c1')).toBeNull();
  });

  it('normalizes time and zone, and refuses invalid ones', () => {
    const store = open();
    expect(subscribe(store, 'c1', { time: '7:05', tz: 'europe/paris' })).toMatchObject({
      time: '07:05',
      tz: 'Europe/Paris',
    });
    expect(() => subscribe(store, 'c2', { time: '25:00' })).toThrow('25:00 is not a time of day');
    expect(() => subscribe(store, 'c2', { tz: 'Mars/Olympus' })).toThrow('Mars/Olympus is not a time zone');
  });

  it('subscribing again updates the settings, un-pauses and resets failures, keeping the creation', () => {
    const store = open();
    subscribe(store);
    for (const day of ['2026-06-01', '2026-06-02', '2026-06-03']) {
      store.claimSlot('c1', day, T0);
      failFromDiscord(store, 'c1', day, 'Missing Access', 50001);
    }
    expect(store.getSubscription('c1')?.pausedReason).toMatch(/paused/);
    const again = subscribe(store, 'c1', { time: '08:15', tz: 'Asia/Kolkata', topics: 'graphs', createdBy: 'u2', now: T0 + 1000 });
    expect(again).toMatchObject({
      time: '08:15',
      tz: 'Asia/Kolkata',
      topics: 'graphs',
      createdBy: 'u1',
      createdAt: T0,
      updatedAt: T0 + 1000,
      pausedReason: null,
      consecutiveFailures: 0,
    });
  });
});

/** Records a refused post the way the bot does: Discord's code and message, mapped by the Discord layer. */
function failFromDiscord(store: DigestStore, channelId: string, day: string, message: string, code: number) {
  const failure = digestPostFailure(403, code, message);
  return store.markFailed(channelId, day, failure.message, failure.fix);
}

describe('claim, send, fail', () => {
  it('a slot can be claimed once per channel and local day', () => {
    const store = open();
    subscribe(store);
    expect(store.claimSlot('c1', '2026-06-01', T0)).toBe(true);
    expect(store.claimSlot('c1', '2026-06-01', T0 + 1)).toBe(false);
    expect(store.claimSlot('c2', '2026-06-01', T0)).toBe(true);
    expect(store.claimSlot('c1', '2026-06-02', T0)).toBe(true);
    expect(store.lastLoggedDay('c1')).toBe('2026-06-02');
  });

  it('two stores on the same file cannot both claim a day', () => {
    const a = open();
    const b = open();
    expect(a.claimSlot('c1', '2026-06-01', T0)).toBe(true);
    expect(b.claimSlot('c1', '2026-06-01', T0)).toBe(false);
  });

  it('markSent records the message and the papers shown, and resets failures', () => {
    const store = open();
    subscribe(store);
    store.claimSlot('c1', '2026-06-01', T0);
    failFromDiscord(store, 'c1', '2026-06-01', 'Missing Permissions', 50013);
    store.claimSlot('c1', '2026-06-02', T0 + 1);
    failFromDiscord(store, 'c1', '2026-06-02', 'Missing Permissions', 50013);
    expect(store.getSubscription('c1')?.consecutiveFailures).toBe(2);

    expect(store.claimSlot('c1', '2026-06-03', T0 + 2)).toBe(true);
    store.markSent('c1', '2026-06-03', 'm-1', T0 + 3, ['p1', 'p2', 'p1']);
    expect(store.getSubscription('c1')).toMatchObject({ consecutiveFailures: 0, lastResult: 'sent on 2026-06-03' });
    expect(store.lastSent('c1')).toEqual({
      channelId: 'c1',
      localDay: '2026-06-03',
      status: 'sent',
      claimedAt: T0 + 2,
      sentAt: T0 + 3,
      messageId: 'm-1',
      error: null,
    });
    expect(store.shownPaperIds('c1')).toEqual(new Set(['p1', 'p2']));
    expect(store.history('c1').map((e) => [e.localDay, e.status])).toEqual([
      ['2026-06-03', 'sent'],
      ['2026-06-02', 'failed'],
      ['2026-06-01', 'failed'],
    ]);
  });

  it('pauses after 3 consecutive failures, with a reason naming the Discord error', () => {
    const store = open();
    subscribe(store);
    const outcomes = ['2026-06-01', '2026-06-02', '2026-06-03'].map((day) => {
      store.claimSlot('c1', day, T0);
      return failFromDiscord(store, 'c1', day, 'Missing Permissions', 50013);
    });
    expect(outcomes.map((o) => o.paused)).toEqual([false, false, true]);
    expect(outcomes[2]?.consecutiveFailures).toBe(3);
    const sub = store.getSubscription('c1');
    expect(sub?.pausedReason).toMatch(/^paused after 3 failed digests in a row: .*50013 Missing Permissions/);
    expect(sub?.lastResult).toMatch(/^failed on 2026-06-03: Missing Permissions \(Discord 50013\)/);
    expect(store.history('c1', 1)[0]?.error).toBe('Missing Permissions (Discord 50013)');
    // A paused subscription is never due.
    expect(dueSlot(Date.parse('2026-06-04T12:00:00Z'), sub!, store.lastLoggedDay('c1'))).toBeNull();
  });

  it('a deleted channel (10003) and other errors get a reason too', () => {
    const store = open();
    subscribe(store, 'gone');
    subscribe(store, 'flaky');
    for (const day of ['2026-06-01', '2026-06-02', '2026-06-03']) {
      failFromDiscord(store, 'gone', day, 'Unknown Channel', 10003);
      store.markFailed('flaky', day, 'socket hang up');
    }
    expect(store.getSubscription('gone')?.pausedReason).toMatch(/no longer exists/);
    expect(store.getSubscription('flaky')?.pausedReason).toMatch(/the last error was: socket hang up/);
  });

  it('a success between failures resets the count', () => {
    const store = open();
    subscribe(store);
    const fail = (day: string) => (store.claimSlot('c1', day, T0), failFromDiscord(store, 'c1', day, 'Missing Access', 50001));
    fail('2026-06-01');
    fail('2026-06-02');
    store.claimSlot('c1', '2026-06-03', T0);
    store.markSent('c1', '2026-06-03', 'm', T0, []);
    expect(fail('2026-06-04').paused).toBe(false);
    expect(fail('2026-06-05').paused).toBe(false);
    expect(fail('2026-06-06')).toMatchObject({ paused: true, consecutiveFailures: 3 });
  });

  it('failures for a channel without a subscription are logged, nothing paused', () => {
    const store = open();
    expect(failFromDiscord(store, 'nobody', '2026-06-01', 'Unknown Channel', 10003)).toEqual({
      paused: false,
      reason: null,
      consecutiveFailures: 0,
    });
    expect(store.claimSlot('nobody', '2026-06-01', T0)).toBe(false);
  });
});

describe('crash between claim and send (at-most-once)', () => {
  it('after a restart the claimed day becomes "unconfirmed" and cannot be claimed again', () => {
    const before = open();
    subscribe(before);
    expect(before.claimSlot('c1', '2026-06-01', T0)).toBe(true);
    // The process dies here: no markSent, no markFailed.
    before.close();

    const after = open();
    const restartedAt = T0 + 60_000;
    expect(after.resolveUnconfirmed(restartedAt)).toEqual([{ channelId: 'c1', localDay: '2026-06-01' }]);
    expect(after.claimSlot('c1', '2026-06-01', restartedAt)).toBe(false);
    expect(after.history('c1')[0]).toMatchObject({ status: 'unconfirmed', sentAt: null, messageId: null });
    expect(after.getSubscription('c1')?.lastResult).toMatch(/^unconfirmed on 2026-06-01/);
    expect(after.lastSent('c1')).toBeNull();
    // The scheduler sees the day as used.
    const sub = after.getSubscription('c1')!;
    expect(dueSlot(restartedAt, sub, after.lastLoggedDay('c1'))).toBeNull();
    // Nothing left to resolve; the next day works normally.
    expect(after.resolveUnconfirmed(restartedAt)).toEqual([]);
    expect(after.claimSlot('c1', '2026-06-02', restartedAt)).toBe(true);
  });

  it('only claims made before the restart are resolved', () => {
    const store = open();
    store.claimSlot('c1', '2026-06-01', T0);
    store.claimSlot('c2', '2026-06-01', T0 + 10_000);
    expect(store.resolveUnconfirmed(T0 + 5_000)).toEqual([{ channelId: 'c1', localDay: '2026-06-01' }]);
    expect(store.history('c2')[0]?.status).toBe('claimed');
  });
});

describe('shown papers and cycles', () => {
  it('shownPaperIds covers the current cycle only; startNewCycle starts over', () => {
    const store = open();
    subscribe(store);
    store.claimSlot('c1', '2026-06-01', T0);
    store.markSent('c1', '2026-06-01', 'm1', T0, ['a', 'b']);
    store.claimSlot('c2', '2026-06-01', T0);
    store.markSent('c2', '2026-06-01', 'm2', T0, ['z']);
    expect(store.shownPaperIds('c1')).toEqual(new Set(['a', 'b']));
    expect(store.startNewCycle('c1')).toBe(1);
    expect(store.shownPaperIds('c1')).toEqual(new Set());
    expect(store.shownPaperIds('c2')).toEqual(new Set(['z']));
    store.claimSlot('c1', '2026-06-02', T0);
    store.markSent('c1', '2026-06-02', 'm3', T0, ['a']);
    expect(store.shownPaperIds('c1')).toEqual(new Set(['a']));
    expect(store.startNewCycle('c1')).toBe(2);
  });

  it('survives unsubscribe and subscribe again', () => {
    const store = open();
    subscribe(store);
    store.claimSlot('c1', '2026-06-01', T0);
    store.markSent('c1', '2026-06-01', 'm1', T0, ['a']);
    store.removeSubscription('c1');
    subscribe(store);
    expect(store.shownPaperIds('c1')).toEqual(new Set(['a']));
    // The day already posted stays posted.
    expect(store.claimSlot('c1', '2026-06-01', T0)).toBe(false);
  });

  it('drives composeDigest through a full archive cycle', () => {
    const store = open();
    subscribe(store, 'c1', { topics: null });
    const papers = ['a', 'b', 'c'].map((id, i) => ({ id, firstSeenAt: T0 - (10 - i) * 86_400_000 }));
    const posted: string[] = [];
    for (let d = 1; d <= 7; d++) {
      const day = `2026-06-0${d}`;
      const now = T0 + d * 86_400_000;
      const digest = composeDigest({
        papers,
        lastDigestAt: store.lastSent('c1')?.claimedAt ?? null,
        now,
        shown: store.shownPaperIds('c1'),
        topics: null,
        rank: () => [],
      });
      expect(store.claimSlot('c1', day, now)).toBe(true);
      if (digest.newCycle) store.startNewCycle('c1');
      store.markSent('c1', day, `m${d}`, now, digest.paperIds);
      posted.push(...digest.paperIds);
    }
    expect(posted).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });
});
