/**
 * The digest state store: subscriptions, one log row per channel and local day, and the papers each
 * channel has been shown. SQLite through better-sqlite3, synchronous; the only writer of digest state.
 *
 * Never twice — the decision for a crash between "claimed" and "sent":
 *   claimSlot() commits a row for (channel, local day) BEFORE anything is sent; markSent() confirms it
 *   after. If the process dies in between, nobody knows whether Discord got the message. On restart,
 *   resolveUnconfirmed() turns such rows into status "unconfirmed" and they are NOT posted again: the
 *   row keeps its day claimed, so claimSlot() for that day stays false. At-most-once: a missing digest
 *   is better than a duplicate; /digest list can show "unconfirmed" so people know why.
 */

import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DigestStoreError, migrate, SCHEMA_VERSION } from './migrations.js';
import { formatTimeOfDay, type TimeOfDay, toTimeOfDay, validateTimeZone } from './time.js';

export { DigestStoreError, SCHEMA_VERSION } from './migrations.js';

export type DigestStatus = 'claimed' | 'sent' | 'failed' | 'unconfirmed';

export interface Subscription {
  guildId: string;
  channelId: string;
  /** "HH:MM" in `tz`. */
  time: string;
  tz: string;
  topics: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** Why the subscription is paused; null when active. */
  pausedReason: string | null;
  consecutiveFailures: number;
  /** A one-line summary of the last attempt, for /digest list. */
  lastResult: string | null;
}

export interface SubscriptionInput {
  guildId: string;
  channelId: string;
  time: TimeOfDay | string;
  tz: string;
  topics?: string | null;
  createdBy: string;
  now: number;
}

export interface DigestLogEntry {
  channelId: string;
  localDay: string;
  status: DigestStatus;
  claimedAt: number;
  sentAt: number | null;
  messageId: string | null;
  error: string | null;
}

export interface FailureOutcome {
  paused: boolean;
  /** The pause reason when `paused`. */
  reason: string | null;
  consecutiveFailures: number;
}

export interface DigestStore {
  /** The database file, as opened (absolute). */
  readonly path: string;
  /** Subscribing again updates time, zone and topics, un-pauses and clears the failure count. */
  upsertSubscription(input: SubscriptionInput): Subscription;
  /** True when there was a subscription. Its log and shown papers are kept (no replay on re-subscribe). */
  removeSubscription(channelId: string): boolean;
  listSubscriptions(guildId?: string): Subscription[];
  getSubscription(channelId: string): Subscription | null;
  /** Takes the (channel, local day) slot; false when that day already has a row of any status. */
  claimSlot(channelId: string, localDay: string, now: number): boolean;
  /** Confirms a digest: records the message, the papers shown (current cycle), resets failures. */
  markSent(channelId: string, localDay: string, messageId: string, now: number, paperIds: readonly string[]): void;
  /**
   * Records a failed post (the day stays used: no retry until the next day). Pauses the subscription
   * after PAUSE_AFTER_FAILURES failures in a row, with a reason a person can act on.
   */
  markFailed(channelId: string, localDay: string, error: string, fix?: string): FailureOutcome;
  /** At start-up, before the scheduler runs: claimed-but-unconfirmed rows → "unconfirmed", not re-posted. */
  resolveUnconfirmed(now: number): { channelId: string; localDay: string }[];
  /** The most recent confirmed digest. Use its claimedAt as composeDigest's lastDigestAt. */
  lastSent(channelId: string): DigestLogEntry | null;
  /** The latest local day with a log row of any status: the `lastPostedLocalDay` for dueSlot. */
  lastLoggedDay(channelId: string): string | null;
  /** Recent log rows, newest day first. */
  history(channelId: string, limit?: number): DigestLogEntry[];
  /** Paper ids shown to the channel in its current cycle. */
  shownPaperIds(channelId: string): Set<string>;
  /** Starts the archive over for the channel; returns the new cycle number. */
  startNewCycle(channelId: string): number;
  recordShelfRun(run: ShelfRun): void;
  /** The latest run of that trigger (any trigger when omitted). */
  lastShelfRun(trigger?: ShelfRun['trigger']): ShelfRun | null;
  /** The latest failed run of any trigger. */
  lastShelfFailure(): ShelfRun | null;
  /** Remembers a paper an editor removed, so the daily fetch does not add it back. */
  markRemoved(paperId: string, by: string, now: number): void;
  /** Forgets a removal (the paper was added again on purpose). */
  unmarkRemoved(paperId: string): void;
  removedPaperIds(): string[];
  close(): void;
}

/** One shelf job the bot ran (the daily fetch, /shelf add, /shelf remove). */
export interface ShelfRun {
  trigger: 'daily' | 'add' | 'remove';
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  /** What it did, or the error, in one line. */
  summary: string;
}

export const PAUSE_AFTER_FAILURES = 3;

interface SubscriptionRow {
  guild_id: string;
  channel_id: string;
  time: string;
  tz: string;
  topics: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  paused_reason: string | null;
  consecutive_failures: number;
  last_result: string | null;
}

interface ShelfRunRow {
  trigger: ShelfRun['trigger'];
  started_at: number;
  finished_at: number;
  ok: number;
  summary: string;
}

const toShelfRun = (r: ShelfRunRow): ShelfRun => ({
  trigger: r.trigger,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  ok: r.ok === 1,
  summary: r.summary,
});

interface LogRow {
  channel_id: string;
  local_day: string;
  status: DigestStatus;
  claimed_at: number;
  sent_at: number | null;
  message_id: string | null;
  error: string | null;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  guildId: r.guild_id,
  channelId: r.channel_id,
  time: r.time,
  tz: r.tz,
  topics: r.topics,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  pausedReason: r.paused_reason,
  consecutiveFailures: r.consecutive_failures,
  lastResult: r.last_result,
});

const toLogEntry = (r: LogRow): DigestLogEntry => ({
  channelId: r.channel_id,
  localDay: r.local_day,
  status: r.status,
  claimedAt: r.claimed_at,
  sentAt: r.sent_at,
  messageId: r.message_id,
  error: r.error,
});

function open(file: string): Database.Database {
  if (file !== ':memory:') {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new DigestStoreError(
        `cannot create the folder ${dirname(file)} for DATABASE_PATH (${errorCode(error) ?? 'error'}: ${describeFsError(error)}). ` +
          `Create it and give the bot's user write access to it, or point DATABASE_PATH at a writable place.`,
      );
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL: a committed claim survives a power cut, which at-most-once relies on. Writes are rare.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db?.close();
    if (isReadOnly(error, file)) {
      throw new DigestStoreError(
        `the digest database ${file} is read-only for the bot's user: give it write permission on the file and on its folder ${dirname(file)} ` +
          '(SQLite writes -wal and -shm files beside it), or point DATABASE_PATH at a writable place.',
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new DigestStoreError(
      `cannot open the digest database ${file}: ${detail}; point DATABASE_PATH at a papershelf database or a new file`,
    );
  }
  // A damaged file would otherwise start fine and fail on every digest pass and /digest command.
  const problem = integrityProblem(db);
  if (problem !== null) {
    db.close();
    throw new DigestStoreError(
      `the digest database ${file} is damaged (PRAGMA quick_check: ${problem}). Stop the bot, move the file aside ` +
        `(with its -wal and -shm files) and restore it from a backup; or recover what is readable with \`sqlite3 ${file} .recover\` ` +
        'into a new file; or start without it (subscriptions are then lost and must be made again).',
    );
  }
  return db;
}

/** null when the database passes PRAGMA quick_check, else its first complaint. */
function integrityProblem(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const first = (rows[0]?.quick_check ?? 'no answer').replace(/\s+/g, ' ');
    return first === 'ok' ? null : `${first}${rows.length > 1 ? ` (and ${rows.length - 1} more)` : ''}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
    case 'EEXIST': // mkdir -p over a file
      return 'a part of the path is a file, not a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** SQLite opens a file it may not write read-only, then fails at the first write (here: WAL). */
function isReadOnly(error: unknown, file: string): boolean {
  const code = errorCode(error);
  if (code === 'SQLITE_READONLY' || code?.startsWith('SQLITE_READONLY_')) return true;
  if (code !== 'SQLITE_CANTOPEN' || file === ':memory:') return false;
  try {
    accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** Opens (creating if needed, folder included) and migrates the digest database at `path`. */
export function openDigestStore(path: string): DigestStore {
  const file = path === ':memory:' ? path : resolve(path);
  const db = open(file);
  try {
    migrate(db, file);
  } catch (error) {
    db.close();
    if (error instanceof DigestStoreError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new DigestStoreError(`cannot migrate the digest database ${file} to schema v${SCHEMA_VERSION}: ${detail}`);
  }

  const stmt = {
    upsertSub: db.prepare<[Omit<SubscriptionRow, 'paused_reason' | 'consecutive_failures' | 'last_result'>]>(`
      INSERT INTO subscriptions (guild_id, channel_id, time, tz, topics, created_by, created_at, updated_at,
                                 paused_reason, consecutive_failures, last_result)
      VALUES (@guild_id, @channel_id, @time, @tz, @topics, @created_by, @created_at, @updated_at, NULL, 0, NULL)
      ON CONFLICT (channel_id) DO UPDATE SET
        guild_id = excluded.guild_id, time = excluded.time, tz = excluded.tz, topics = excluded.topics,
        updated_at = excluded.updated_at, paused_reason = NULL, consecutive_failures = 0`),
    getSub: db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ?'),
    deleteSub: db.prepare<[string]>('DELETE FROM subscriptions WHERE channel_id = ?'),
    allSubs: db.prepare<[], SubscriptionRow>('SELECT * FROM subscriptions ORDER BY guild_id, channel_id'),
    guildSubs: db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE guild_id = ? ORDER BY channel_id'),
    setResult: db.prepare<[string, string]>('UPDATE subscriptions SET last_result = ? WHERE channel_id = ?'),
    claim: db.prepare<[string, string, number]>(
      `INSERT INTO digest_log (channel_id, local_day, status, claimed_at) VALUES (?, ?, 'claimed', ?)
       ON CONFLICT (channel_id, local_day) DO NOTHING`,
    ),
    sent: db.prepare<[string, string, number, number, string]>(
      `INSERT INTO digest_log (channel_id, local_day, status, claimed_at, sent_at, message_id)
       VALUES (?, ?, 'sent', ?, ?, ?)
       ON CONFLICT (channel_id, local_day) DO UPDATE SET
         status = 'sent', sent_at = excluded.sent_at, message_id = excluded.message_id, error = NULL`,
    ),
    failed: db.prepare<[string, string, number, string]>(
      `INSERT INTO digest_log (channel_id, local_day, status, claimed_at, error) VALUES (?, ?, 'failed', ?, ?)
       ON CONFLICT (channel_id, local_day) DO UPDATE SET status = 'failed', error = excluded.error`,
    ),
    resetFailures: db.prepare<[string, string]>('UPDATE subscriptions SET consecutive_failures = 0, last_result = ? WHERE channel_id = ?'),
    countFailure: db.prepare<[string, string], { consecutive_failures: number; paused_reason: string | null }>(
      `UPDATE subscriptions SET consecutive_failures = consecutive_failures + 1, last_result = ?
       WHERE channel_id = ? RETURNING consecutive_failures, paused_reason`,
    ),
    pause: db.prepare<[string, string]>('UPDATE subscriptions SET paused_reason = ? WHERE channel_id = ?'),
    pending: db.prepare<[number], LogRow>(`SELECT * FROM digest_log WHERE status = 'claimed' AND claimed_at <= ?`),
    markUnconfirmed: db.prepare<[string, string, string]>(
      `UPDATE digest_log SET status = 'unconfirmed', error = ? WHERE channel_id = ? AND local_day = ?`,
    ),
    lastSent: db.prepare<[string], LogRow>(
      `SELECT * FROM digest_log WHERE channel_id = ? AND status = 'sent' ORDER BY sent_at DESC, local_day DESC LIMIT 1`,
    ),
    lastDay: db.prepare<[string], { day: string | null }>('SELECT MAX(local_day) AS day FROM digest_log WHERE channel_id = ?'),
    history: db.prepare<[string, number], LogRow>('SELECT * FROM digest_log WHERE channel_id = ? ORDER BY local_day DESC LIMIT ?'),
    cycle: db.prepare<[string], { cycle: number }>('SELECT cycle FROM channel_cycles WHERE channel_id = ?'),
    bumpCycle: db.prepare<[string], { cycle: number }>(
      `INSERT INTO channel_cycles (channel_id, cycle) VALUES (?, 1)
       ON CONFLICT (channel_id) DO UPDATE SET cycle = cycle + 1 RETURNING cycle`,
    ),
    shown: db.prepare<[string, number], { paper_id: string }>('SELECT paper_id FROM shown_papers WHERE channel_id = ? AND cycle = ?'),
    addShown: db.prepare<[string, string, number, number]>(
      'INSERT OR IGNORE INTO shown_papers (channel_id, paper_id, shown_at, cycle) VALUES (?, ?, ?, ?)',
    ),
    addRun: db.prepare<[string, number, number, number, string]>(
      'INSERT INTO shelf_runs (trigger, started_at, finished_at, ok, summary) VALUES (?, ?, ?, ?, ?)',
    ),
    lastRun: db.prepare<[], ShelfRunRow>('SELECT * FROM shelf_runs ORDER BY id DESC LIMIT 1'),
    lastRunOf: db.prepare<[string], ShelfRunRow>('SELECT * FROM shelf_runs WHERE trigger = ? ORDER BY id DESC LIMIT 1'),
    lastFailure: db.prepare<[], ShelfRunRow>('SELECT * FROM shelf_runs WHERE ok = 0 ORDER BY id DESC LIMIT 1'),
    markRemoved: db.prepare<[string, number, string]>(
      `INSERT INTO shelf_removed (paper_id, removed_at, removed_by) VALUES (?, ?, ?)
       ON CONFLICT (paper_id) DO UPDATE SET removed_at = excluded.removed_at, removed_by = excluded.removed_by`,
    ),
    unmarkRemoved: db.prepare<[string]>('DELETE FROM shelf_removed WHERE paper_id = ?'),
    removed: db.prepare<[], { paper_id: string }>('SELECT paper_id FROM shelf_removed ORDER BY paper_id'),
  };

  const currentCycle = (channelId: string): number => stmt.cycle.get(channelId)?.cycle ?? 0;

  const getSubscription = (channelId: string): Subscription | null => {
    const row = stmt.getSub.get(channelId);
    return row ? toSubscription(row) : null;
  };

  const claimSlot = db.transaction((channelId: string, localDay: string, now: number): boolean => {
    return stmt.claim.run(channelId, localDay, now).changes === 1;
  });

  const markSent = db.transaction((channelId: string, localDay: string, messageId: string, now: number, paperIds: readonly string[]) => {
    stmt.sent.run(channelId, localDay, now, now, messageId);
    const cycle = currentCycle(channelId);
    for (const paperId of new Set(paperIds)) stmt.addShown.run(channelId, paperId, now, cycle);
    stmt.resetFailures.run(`sent on ${localDay}`, channelId);
  });

  const markFailed = db.transaction((channelId: string, localDay: string, detail: string, fix?: string) => {
    // claimed_at only matters if the row is missing (a failure reported without a claim).
    stmt.failed.run(channelId, localDay, Date.now(), detail);
    const counted = stmt.countFailure.get(`failed on ${localDay}: ${detail}`, channelId);
    if (!counted) return { paused: false, reason: null, consecutiveFailures: 0 };
    const failures = counted.consecutive_failures;
    if (counted.paused_reason) return { paused: true, reason: counted.paused_reason, consecutiveFailures: failures };
    if (failures < PAUSE_AFTER_FAILURES) return { paused: false, reason: null, consecutiveFailures: failures };
    const why = fix ?? `the last error was: ${detail}; subscribe again to resume`;
    const reason = `paused after ${failures} failed digests in a row: ${why}`;
    stmt.pause.run(reason, channelId);
    return { paused: true, reason, consecutiveFailures: failures };
  });

  const resolveUnconfirmed = db.transaction((now: number) => {
    const rows = stmt.pending.all(now);
    for (const row of rows) {
      stmt.markUnconfirmed.run(
        'the bot stopped between claiming and confirming this digest; not posted again to avoid a duplicate',
        row.channel_id,
        row.local_day,
      );
      stmt.setResult.run(`unconfirmed on ${row.local_day} (the bot stopped while posting)`, row.channel_id);
    }
    return rows.map((r) => ({ channelId: r.channel_id, localDay: r.local_day }));
  });

  const startNewCycle = db.transaction((channelId: string): number => {
    const row = stmt.bumpCycle.get(channelId);
    return row?.cycle ?? currentCycle(channelId);
  });

  return {
    path: file,
    upsertSubscription(input) {
      const tz = validateTimeZone(input.tz);
      const time = formatTimeOfDay(toTimeOfDay(input.time));
      const topics = input.topics?.trim() || null;
      stmt.upsertSub.run({
        guild_id: input.guildId,
        channel_id: input.channelId,
        time,
        tz,
        topics,
        created_by: input.createdBy,
        created_at: input.now,
        updated_at: input.now,
      });
      const saved = getSubscription(input.channelId);
      if (!saved) throw new DigestStoreError(`subscription for channel ${input.channelId} was not saved in ${file}`);
      return saved;
    },
    removeSubscription: (channelId) => stmt.deleteSub.run(channelId).changes > 0,
    listSubscriptions: (guildId) => (guildId === undefined ? stmt.allSubs.all() : stmt.guildSubs.all(guildId)).map(toSubscription),
    getSubscription,
    claimSlot: (channelId, localDay, now) => claimSlot.immediate(channelId, localDay, now),
    markSent: (channelId, localDay, messageId, now, paperIds) => markSent.immediate(channelId, localDay, messageId, now, paperIds),
    markFailed: (channelId, localDay, error, fix) => markFailed.immediate(channelId, localDay, error, fix),
    resolveUnconfirmed: (now) => resolveUnconfirmed.immediate(now),
    lastSent(channelId) {
      const row = stmt.lastSent.get(channelId);
      return row ? toLogEntry(row) : null;
    },
    lastLoggedDay: (channelId) => stmt.lastDay.get(channelId)?.day ?? null,
    history: (channelId, limit = 7) => stmt.history.all(channelId, limit).map(toLogEntry),
    shownPaperIds: (channelId) => new Set(stmt.shown.all(channelId, currentCycle(channelId)).map((r) => r.paper_id)),
    startNewCycle: (channelId) => startNewCycle.immediate(channelId),
    recordShelfRun(run) {
      stmt.addRun.run(run.trigger, run.startedAt, run.finishedAt, run.ok ? 1 : 0, run.summary);
    },
    lastShelfRun(trigger) {
      const row = trigger === undefined ? stmt.lastRun.get() : stmt.lastRunOf.get(trigger);
      return row ? toShelfRun(row) : null;
    },
    lastShelfFailure() {
      const row = stmt.lastFailure.get();
      return row ? toShelfRun(row) : null;
    },
    markRemoved: (paperId, by, now) => void stmt.markRemoved.run(paperId, now, by),
    unmarkRemoved: (paperId) => void stmt.unmarkRemoved.run(paperId),
    removedPaperIds: () => stmt.removed.all().map((r) => r.paper_id),
    close() {
      if (db.open) db.close();
    },
  };
}
