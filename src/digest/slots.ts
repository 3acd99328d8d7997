/**
 * Schedule math for daily digests. Pure: every function takes the clock as an argument, and time
 * zones come from Intl (Node's ICU), no tz library.
 *
 * Rules (from the digest spec):
 * - one digest per LOCAL calendar day ("YYYY-MM-DD" in the subscription's zone), at its local time;
 * - a local time that does not exist that day (spring forward, 02:30 in Paris on 2026-03-29) posts at
 *   the first valid instant after it (03:00 local); one that exists twice (fall back) posts at the first;
 * - after downtime, today's slot is still due until the local day ends; earlier days are skipped.
 */

import { type TimeOfDay, toTimeOfDay } from './time.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Slot {
  /** The subscription's local calendar day, "YYYY-MM-DD": the unit of "at most once a day". */
  localDay: string;
  /** When that day's digest is due, epoch ms. */
  slotAt: number;
}

/** What the scheduler needs from a subscription (a store Subscription fits, plus `activeSince`). */
export interface ScheduleInput {
  time: TimeOfDay | string;
  tz: string;
  pausedReason?: string | null;
  /**
   * Epoch ms since when the current settings apply (e.g. the subscription's updatedAt). A slot that
   * was already past at that moment is not "missed": subscribing at 10:00 for 09:00 starts tomorrow.
   */
  activeSince?: number | null;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone: callers validate zones on input (validateTimeZone).
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

function wallClock(epochMs: number, tz: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(tz).formatToParts(epochMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

/** The wall clock read as if it were UTC; setUTCFullYear keeps years < 100 literal. */
function wallAsUtc(w: WallClock): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** The zone's offset from UTC at an instant, in ms (Paris in summer: +7_200_000). */
export function offsetAt(epochMs: number, tz: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(wallClock(wholeSecond, tz)) - wholeSecond;
}

/** The local calendar day of an instant in a zone, "YYYY-MM-DD". */
export function localDate(epochMs: number, tz: string): string {
  const w = wallClock(epochMs, tz);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

function parseLocalDay(localDay: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDay);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const check = new Date(Date.UTC(2000, month - 1, day));
  if (!match || month < 1 || month > 12 || check.getUTCDate() !== day) {
    throw new RangeError(`${localDay} is not a calendar day (YYYY-MM-DD)`);
  }
  return { year, month, day };
}

/** Calendar arithmetic on "YYYY-MM-DD" (no zone involved). */
export function addDays(localDay: string, days: number): string {
  const { year, month, day } = parseLocalDay(localDay);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant of a local day's slot. Candidates are "wall time minus an offset seen near that
 * day"; a candidate is right when reading it back in the zone gives the wall time. Several right
 * ones (fall back) → the earliest. None (spring forward) → the first instant whose wall clock is
 * at or past the wanted time, i.e. the end of the gap (02:30 → 03:00 in Paris).
 */
export function slotFor(localDay: string, time: TimeOfDay | string, tz: string): number {
  const { year, month, day } = parseLocalDay(localDay);
  const { hour, minute } = toTimeOfDay(time);
  const wanted = wallAsUtc({ year, month, day, hour, minute, second: 0 });

  // Offsets within two days either side cover every transition that can touch this wall time
  // (real offsets span −12 h…+14 h; Apia's 2011 date-line jump is 24 h).
  const offsets = new Set<number>();
  for (let k = -2; k <= 2; k++) offsets.add(offsetAt(wanted + k * DAY, tz));
  for (const o of [...offsets]) offsets.add(offsetAt(wanted - o, tz));

  const candidates = [...offsets].map((o) => wanted - o).sort((a, b) => a - b);
  const exact = candidates.find((t) => t + offsetAt(t, tz) === wanted);
  if (exact !== undefined) return exact;

  // A gap: bracket it between a candidate that reads earlier and one that reads later, then bisect.
  const before = candidates.filter((t) => t + offsetAt(t, tz) < wanted).at(-1);
  const after = candidates.find((t) => t + offsetAt(t, tz) > wanted);
  if (before === undefined || after === undefined || before > after) {
    // Cannot happen with real zone data; fall back to the plain offset of the day rather than throw.
    return wanted - offsetAt(wanted, tz);
  }
  let lo = before;
  let hi = after;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + offsetAt(mid, tz) >= wanted) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The next slot to post: today's (local) when today has not been posted yet, whether it is still
 * ahead or was missed earlier today (then slotAt ≤ now and it is due at once); otherwise the next
 * day's. `lastPostedLocalDay` is the last local day with any digest record (claimed, sent, failed
 * or unconfirmed): each of those uses up its day. `activeSince`: see ScheduleInput.
 */
export function nextSlot(
  now: Date | number,
  time: TimeOfDay | string,
  tz: string,
  lastPostedLocalDay?: string | null,
  activeSince?: number | null,
): Slot {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  let day = localDate(nowMs, tz);
  // ">=" rather than "===": after a zone change the last day can be "ahead" of today; never reuse it.
  if (lastPostedLocalDay && lastPostedLocalDay >= day) day = addDays(lastPostedLocalDay, 1);
  let slotAt = slotFor(day, time, tz);
  if (activeSince != null && slotAt < activeSince) {
    day = addDays(day, 1);
    slotAt = slotFor(day, time, tz);
  }
  return { localDay: day, slotAt };
}

/**
 * What the scheduler loop should post right now, or null: only today's (local) slot, only once
 * its time has come, only if that day has no digest record yet, never for a paused subscription.
 * A slot from an earlier day is never returned: after downtime it is skipped, not posted late.
 */
export function dueSlot(now: Date | number, sub: ScheduleInput, lastPostedLocalDay?: string | null): Slot | null {
  if (sub.pausedReason) return null;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const next = nextSlot(nowMs, sub.time, sub.tz, lastPostedLocalDay, sub.activeSince);
  if (next.localDay !== localDate(nowMs, sub.tz) || nowMs < next.slotAt) return null;
  return next;
}
