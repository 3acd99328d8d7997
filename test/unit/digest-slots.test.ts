import { describe, expect, it } from 'vitest';
import { addDays, dueSlot, localDate, nextSlot, offsetAt, type ScheduleInput, slotFor } from '../../src/digest/slots.js';

const utc = (iso: string) => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const MINUTE = 60_000;

/** Wall clock "YYYY-MM-DD HH:MM" of an instant in a zone, to assert local times readably. */
function wall(ms: number, tz: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * A fake scheduler: ticks a fake clock every `stepMinutes` from `fromIso` to `toIso`, posting
 * whenever dueSlot says so (and recording the day as posted, as claimSlot would). Returns the posts.
 */
function simulate(sub: ScheduleInput, fromIso: string, toIso: string, stepMinutes = 1, lastPosted: string | null = null) {
  const posts: { localDay: string; at: string; slotAt: string }[] = [];
  let last = lastPosted;
  for (let now = utc(fromIso); now <= utc(toIso); now += stepMinutes * MINUTE) {
    const due = dueSlot(now, sub, last);
    if (due) {
      posts.push({ localDay: due.localDay, at: iso(now), slotAt: iso(due.slotAt) });
      last = due.localDay;
    }
  }
  return posts;
}

describe('localDate', () => {
  it('reads the calendar day in the zone', () => {
    expect(localDate(utc('2026-06-01T22:30:00'), 'UTC')).toBe('2026-06-01');
    expect(localDate(utc('2026-06-01T22:30:00'), 'Europe/Paris')).toBe('2026-06-02');
    expect(localDate(utc('2026-06-01T03:00:00'), 'America/New_York')).toBe('2026-05-31');
  });

  it('handles the +14 and −11 zones at the date line', () => {
    // Kiritimati is UTC+14: its day starts at 10:00 UTC the day before.
    expect(localDate(utc('2026-06-01T09:59:59'), 'Pacific/Kiritimati')).toBe('2026-06-01');
    expect(localDate(utc('2026-06-01T10:00:00'), 'Pacific/Kiritimati')).toBe('2026-06-02');
    // Pago Pago is UTC−11: its day starts at 11:00 UTC.
    expect(localDate(utc('2026-06-02T10:59:59'), 'Pacific/Pago_Pago')).toBe('2026-06-01');
    expect(localDate(utc('2026-06-02T11:00:00'), 'Pacific/Pago_Pago')).toBe('2026-06-02');
    // At one instant the two are two calendar days apart.
    const instant = utc('2026-06-01T10:30:00');
    expect(localDate(instant, 'Pacific/Kiritimati')).toBe('2026-06-02');
    expect(localDate(instant, 'Pacific/Pago_Pago')).toBe('2026-05-31');
  });

  it('skips the day Samoa (Pacific/Apia) jumped over the date line', () => {
    expect(localDate(utc('2011-12-30T09:59:59'), 'Pacific/Apia')).toBe('2011-12-29');
    expect(localDate(utc('2011-12-30T10:00:00'), 'Pacific/Apia')).toBe('2011-12-31');
  });
});

describe('addDays', () => {
  it('does calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('refuses something that is not a day', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/not a calendar day/);
    expect(() => addDays('yesterday', 1)).toThrow(/not a calendar day/);
  });
});

describe('offsetAt', () => {
  it('reports half-hour and date-line offsets', () => {
    expect(offsetAt(utc('2026-06-01T00:00:00'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
    expect(offsetAt(utc('2026-06-01T00:00:00'), 'Pacific/Kiritimati')).toBe(14 * 3_600_000);
    expect(offsetAt(utc('2026-06-01T00:00:00'), 'Pacific/Pago_Pago')).toBe(-11 * 3_600_000);
    expect(offsetAt(utc('2026-06-01T00:00:00'), 'Pacific/Apia')).toBe(13 * 3_600_000);
  });
});

describe('slotFor', () => {
  it('Europe/Paris spring forward (2026-03-29): 02:30 does not exist → 03:00 local', () => {
    const slot = slotFor('2026-03-29', '02:30', 'Europe/Paris');
    expect(iso(slot)).toBe('2026-03-29T01:00:00Z');
    expect(wall(slot, 'Europe/Paris')).toBe('2026-03-29 03:00');
    expect(iso(slotFor('2026-03-29', '09:00', 'Europe/Paris'))).toBe('2026-03-29T07:00:00Z');
    expect(iso(slotFor('2026-03-28', '09:00', 'Europe/Paris'))).toBe('2026-03-28T08:00:00Z');
  });

  it('Europe/Paris fall back (2026-10-25): 02:30 happens twice → the first', () => {
    expect(iso(slotFor('2026-10-25', '02:30', 'Europe/Paris'))).toBe('2026-10-25T00:30:00Z');
    expect(iso(slotFor('2026-10-25', '09:00', 'Europe/Paris'))).toBe('2026-10-25T08:00:00Z');
  });

  it('America/New_York spring forward (2026-03-08) and fall back (2026-11-01)', () => {
    expect(wall(slotFor('2026-03-08', '02:30', 'America/New_York'), 'America/New_York')).toBe('2026-03-08 03:00');
    expect(iso(slotFor('2026-03-08', '09:00', 'America/New_York'))).toBe('2026-03-08T13:00:00Z');
    // 01:30 EDT (05:30 UTC) comes before 01:30 EST (06:30 UTC).
    expect(iso(slotFor('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00Z');
    expect(iso(slotFor('2026-11-01', '09:00', 'America/New_York'))).toBe('2026-11-01T14:00:00Z');
  });

  it('Asia/Kolkata (+05:30): 09:00 is 03:30 UTC', () => {
    expect(iso(slotFor('2026-06-01', '09:00', 'Asia/Kolkata'))).toBe('2026-06-01T03:30:00Z');
    expect(iso(slotFor('2026-06-01', { hour: 9, minute: 0 }, 'Asia/Calcutta'))).toBe('2026-06-01T03:30:00Z');
  });

  it('date-line zones: Kiritimati (+14), Pago Pago (−11), Apia (+13)', () => {
    expect(iso(slotFor('2026-06-02', '00:00', 'Pacific/Kiritimati'))).toBe('2026-06-01T10:00:00Z');
    expect(iso(slotFor('2026-06-01', '23:59', 'Pacific/Pago_Pago'))).toBe('2026-06-02T10:59:00Z');
    expect(iso(slotFor('2026-06-01', '08:00', 'Pacific/Apia'))).toBe('2026-05-31T19:00:00Z');
  });

  it('midnight slots, including a zone whose midnight is skipped (America/Santiago, 2026-09-06)', () => {
    expect(iso(slotFor('2026-06-01', '00:00', 'Europe/Paris'))).toBe('2026-05-31T22:00:00Z');
    expect(iso(slotFor('2026-06-01', '00:00', 'UTC'))).toBe('2026-06-01T00:00:00Z');
    const santiago = slotFor('2026-09-06', '00:00', 'America/Santiago');
    expect(wall(santiago, 'America/Santiago')).toBe('2026-09-06 01:00');
  });

  it('for every day of 2026, the slot falls on its own local day at the asked time (or the end of a gap)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Australia/Lord_Howe'];
    const times = ['00:00', '02:30', '09:00', '23:59'];
    for (const tz of zones) {
      for (const time of times) {
        for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
          const slot = slotFor(day, time, tz);
          expect(localDate(slot, tz)).toBe(day);
          const [date, clock] = wall(slot, tz).split(' ');
          expect(date).toBe(day);
          expect(clock! >= time).toBe(true);
          // When the time is shifted, it is because the asked minute did not exist that day.
          // The minute before reads earlier than asked: the slot is the first valid minute, not later.
          expect(wall(slot - 60_000, tz) < `${day} ${time}`).toBe(true);
        }
      }
    }
  });
});

describe('nextSlot', () => {
  const tz = 'Europe/Paris';

  it("is today's slot while today has not been posted, ahead or missed", () => {
    expect(nextSlot(new Date('2026-06-01T05:00:00Z'), '09:00', tz)).toEqual({
      localDay: '2026-06-01',
      slotAt: utc('2026-06-01T07:00:00'),
    });
    // Missed earlier today: still today's, already due.
    const missed = nextSlot(utc('2026-06-01T12:00:00'), '09:00', tz, '2026-05-31');
    expect(missed).toEqual({ localDay: '2026-06-01', slotAt: utc('2026-06-01T07:00:00') });
  });

  it("is tomorrow's once today is posted", () => {
    expect(nextSlot(utc('2026-06-01T12:00:00'), '09:00', tz, '2026-06-01')).toEqual({
      localDay: '2026-06-02',
      slotAt: utc('2026-06-02T07:00:00'),
    });
  });

  it('never reuses a day recorded "ahead" of today (after a zone change)', () => {
    expect(nextSlot(utc('2026-06-01T12:00:00'), '09:00', tz, '2026-06-02').localDay).toBe('2026-06-03');
  });

  it('starts tomorrow when the slot had already passed when the subscription began', () => {
    const subscribedAt = utc('2026-06-01T08:00:00'); // 10:00 in Paris
    expect(nextSlot(utc('2026-06-01T08:01:00'), '09:00', tz, null, subscribedAt).localDay).toBe('2026-06-02');
    expect(nextSlot(utc('2026-06-01T08:01:00'), '11:00', tz, null, subscribedAt).localDay).toBe('2026-06-01');
  });

  it('walks over the skipped Samoan day', () => {
    expect(nextSlot(utc('2011-12-29T20:00:00'), '09:00', 'Pacific/Apia', '2011-12-29')).toEqual({
      localDay: '2011-12-30',
      slotAt: utc('2011-12-30T10:00:00'), // the day does not exist: its slot is the first minute after
    });
    expect(dueSlot(utc('2011-12-30T19:00:00'), { time: '09:00', tz: 'Pacific/Apia' }, '2011-12-29')).toEqual({
      localDay: '2011-12-31',
      slotAt: utc('2011-12-30T19:00:00'),
    });
  });
});

describe('dueSlot', () => {
  it('is null before the slot, due from the slot on, once', () => {
    const sub = { time: '09:00', tz: 'Europe/Paris' };
    expect(dueSlot(utc('2026-06-01T06:59:59'), sub, '2026-05-31')).toBeNull();
    expect(dueSlot(utc('2026-06-01T07:00:00'), sub, '2026-05-31')).toEqual({
      localDay: '2026-06-01',
      slotAt: utc('2026-06-01T07:00:00'),
    });
    expect(dueSlot(utc('2026-06-01T07:01:00'), sub, '2026-06-01')).toBeNull();
  });

  it('a slot missed today is posted once when the bot comes back the same local day', () => {
    const sub = { time: '09:00', tz: 'Europe/Paris' };
    // Down from 08:00 to 15:00 local.
    const posts = simulate(sub, '2026-06-01T13:00:00', '2026-06-01T21:59:00', 1, '2026-05-31');
    expect(posts).toEqual([{ localDay: '2026-06-01', at: '2026-06-01T13:00:00Z', slotAt: '2026-06-01T07:00:00Z' }]);
  });

  it('a slot from an earlier day is skipped, not posted late', () => {
    const sub = { time: '09:00', tz: 'Europe/Paris' };
    // Last posted 2026-05-30; the bot was down all of 05-31 and comes back at 08:00 local on 06-01.
    expect(dueSlot(utc('2026-06-01T06:00:00'), sub, '2026-05-30')).toBeNull();
    // Came back at 00:30 local on 06-01: yesterday's slot is gone, today's waits for 09:00.
    expect(dueSlot(utc('2026-05-31T22:30:00'), sub, '2026-05-30')).toBeNull();
    const posts = simulate(sub, '2026-05-31T22:30:00', '2026-06-01T21:00:00', 5, '2026-05-30');
    expect(posts).toEqual([{ localDay: '2026-06-01', at: '2026-06-01T07:00:00Z', slotAt: '2026-06-01T07:00:00Z' }]);
  });

  it('never for a paused subscription', () => {
    expect(dueSlot(utc('2026-06-01T12:00:00'), { time: '09:00', tz: 'UTC', pausedReason: 'no access' }, null)).toBeNull();
  });

  it('does not fire at once for a slot that passed before subscribing', () => {
    const sub = { time: '09:00', tz: 'Europe/Paris', activeSince: utc('2026-06-01T08:00:00') };
    expect(dueSlot(utc('2026-06-01T08:00:30'), sub, null)).toBeNull();
    expect(dueSlot(utc('2026-06-02T07:00:00'), sub, null)?.localDay).toBe('2026-06-02');
  });

  it('midnight slots post at the start of each local day', () => {
    const posts = simulate({ time: '00:00', tz: 'Asia/Kolkata' }, '2026-06-01T00:00:00', '2026-06-03T00:00:00', 1, '2026-06-01');
    expect(posts).toEqual([
      { localDay: '2026-06-02', at: '2026-06-01T18:30:00Z', slotAt: '2026-06-01T18:30:00Z' },
      { localDay: '2026-06-03', at: '2026-06-02T18:30:00Z', slotAt: '2026-06-02T18:30:00Z' },
    ]);
  });

  it('Paris spring forward, minute by minute: 02:30 posts at 03:00 local, 09:00 at 09:00', () => {
    const early = simulate({ time: '02:30', tz: 'Europe/Paris' }, '2026-03-28T12:00:00', '2026-03-30T12:00:00', 1, '2026-03-28');
    expect(early.map((p) => [p.localDay, wall(utc(p.at), 'Europe/Paris')])).toEqual([
      ['2026-03-29', '2026-03-29 03:00'],
      ['2026-03-30', '2026-03-30 02:30'],
    ]);
    const late = simulate({ time: '09:00', tz: 'Europe/Paris' }, '2026-03-28T12:00:00', '2026-03-30T12:00:00', 1, '2026-03-28');
    expect(late.map((p) => p.at)).toEqual(['2026-03-29T07:00:00Z', '2026-03-30T07:00:00Z']);
  });

  it('Paris fall back, minute by minute: 02:30 posts once, at the first 02:30', () => {
    const posts = simulate({ time: '02:30', tz: 'Europe/Paris' }, '2026-10-24T12:00:00', '2026-10-25T21:00:00', 1, '2026-10-24');
    expect(posts).toEqual([{ localDay: '2026-10-25', at: '2026-10-25T00:30:00Z', slotAt: '2026-10-25T00:30:00Z' }]);
    const nine = simulate({ time: '09:00', tz: 'Europe/Paris' }, '2026-10-24T12:00:00', '2026-10-25T21:00:00', 1, '2026-10-24');
    expect(nine.map((p) => p.at)).toEqual(['2026-10-25T08:00:00Z']);
  });

  it('New York: 02:30 on 2026-03-08 posts at 03:00 EDT; 01:30 on 2026-11-01 posts once', () => {
    const spring = simulate({ time: '02:30', tz: 'America/New_York' }, '2026-03-07T12:00:00', '2026-03-09T04:00:00', 1, '2026-03-07');
    expect(spring.map((p) => [p.localDay, wall(utc(p.at), 'America/New_York')])).toEqual([['2026-03-08', '2026-03-08 03:00']]);
    const fall = simulate({ time: '01:30', tz: 'America/New_York' }, '2026-10-31T12:00:00', '2026-11-02T04:00:00', 1, '2026-10-31');
    expect(fall).toEqual([{ localDay: '2026-11-01', at: '2026-11-01T05:30:00Z', slotAt: '2026-11-01T05:30:00Z' }]);
  });

  it('Kiritimati and Pago Pago each post on their own local day', () => {
    const kiri = simulate({ time: '08:00', tz: 'Pacific/Kiritimati' }, '2026-05-31T00:00:00', '2026-06-01T23:59:00', 5, '2026-05-31');
    expect(kiri).toEqual([
      { localDay: '2026-06-01', at: '2026-05-31T18:00:00Z', slotAt: '2026-05-31T18:00:00Z' },
      { localDay: '2026-06-02', at: '2026-06-01T18:00:00Z', slotAt: '2026-06-01T18:00:00Z' },
    ]);
    const pago = simulate({ time: '23:30', tz: 'Pacific/Pago_Pago' }, '2026-05-31T00:00:00', '2026-06-01T23:59:00', 5, '2026-05-29');
    expect(pago).toEqual([
      { localDay: '2026-05-30', at: '2026-05-31T10:30:00Z', slotAt: '2026-05-31T10:30:00Z' },
      { localDay: '2026-05-31', at: '2026-06-01T10:30:00Z', slotAt: '2026-06-01T10:30:00Z' },
    ]);
  });
});
