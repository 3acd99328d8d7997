import { describe, expect, it } from 'vitest';
import { DigestInputError, formatTimeOfDay, parseTimeOfDay, searchTimeZones, validateTimeZone } from '../../src/digest/time.js';

describe('parseTimeOfDay', () => {
  it('reads HH:MM and H:MM', () => {
    expect(parseTimeOfDay('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay(' 23:59 ')).toEqual({ hour: 23, minute: 59 });
    expect(parseTimeOfDay('00:00')).toEqual({ hour: 0, minute: 0 });
  });

  it('explains what a time of day is', () => {
    expect(() => parseTimeOfDay('25:00')).toThrow('25:00 is not a time of day (use HH:MM, 00:00–23:59)');
    expect(() => parseTimeOfDay('12:60')).toThrow('12:60 is not a time of day');
    expect(() => parseTimeOfDay('noon')).toThrow(DigestInputError);
    expect(() => parseTimeOfDay('')).toThrow('(empty) is not a time of day');
    expect(() => parseTimeOfDay('9')).toThrow(DigestInputError);
  });

  it('cuts long input short in the message', () => {
    try {
      parseTimeOfDay('x'.repeat(500));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(100);
    }
  });

  it('round-trips through formatTimeOfDay', () => {
    expect(formatTimeOfDay(parseTimeOfDay('7:30'))).toBe('07:30');
  });
});

describe('validateTimeZone', () => {
  it('accepts IANA names and UTC, fixing the case', () => {
    expect(validateTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(validateTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(validateTimeZone('UTC')).toBe('UTC');
    expect(validateTimeZone('America/New York')).toBe('America/New_York');
  });

  it('accepts modern names ICU lists under an old spelling, and keeps them', () => {
    expect(validateTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(validateTimeZone('Asia/Calcutta')).toBe('Asia/Calcutta');
    expect(validateTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
  });

  it('accepts backward-compatible links', () => {
    expect(validateTimeZone('US/Eastern')).toBe('America/New_York');
  });

  it('refuses unknown names with the closest suggestion', () => {
    expect(() => validateTimeZone('Mars/Olympus')).toThrow('Mars/Olympus is not a time zone; try Europe/Paris');
    expect(() => validateTimeZone('Europe/Pariss')).toThrow('Europe/Pariss is not a time zone; try Europe/Paris');
    expect(() => validateTimeZone('Amerca/Chicago')).toThrow('try America/Chicago');
    expect(() => validateTimeZone('Tokyo')).toThrow('Tokyo is not a time zone; try Asia/Tokyo');
    expect(() => validateTimeZone('new york')).toThrow('try America/New_York');
  });

  it('refuses abbreviations and points to a zone with daylight saving', () => {
    expect(() => validateTimeZone('EST')).toThrow('EST is not a time zone; try America/New_York');
    expect(() => validateTimeZone('CET')).toThrow('try Europe/Paris');
    expect(() => validateTimeZone('+05:30')).toThrow(DigestInputError);
  });
});

describe('searchTimeZones', () => {
  it('matches words, not only prefixes of the full name', () => {
    expect(searchTimeZones('paris')).toEqual(['Europe/Paris']);
    expect(searchTimeZones('york')).toContain('America/New_York');
    expect(searchTimeZones('new y')).toContain('America/New_York');
    expect(searchTimeZones('kolkata')).toEqual(['Asia/Kolkata']);
  });

  it('puts full-name prefixes first and respects the limit', () => {
    const europe = searchTimeZones('europe/', 5);
    expect(europe).toHaveLength(5);
    expect(europe.every((name) => name.startsWith('Europe/'))).toBe(true);
    expect(searchTimeZones('utc')[0]).toBe('UTC');
    expect(searchTimeZones('a').length).toBeLessThanOrEqual(25);
  });

  it('hides legacy twins of modern names', () => {
    const asia = searchTimeZones('asia/', 500);
    expect(asia).toContain('Asia/Kolkata');
    expect(asia).not.toContain('Asia/Calcutta');
  });

  it('offers common zones for an empty query and nothing for nonsense', () => {
    expect(searchTimeZones('')).toContain('Europe/Paris');
    expect(searchTimeZones('zzzz')).toEqual([]);
  });

  it('every result is accepted by validateTimeZone unchanged', () => {
    for (const name of searchTimeZones('america', 500)) expect(validateTimeZone(name)).toBe(name);
  });
});
